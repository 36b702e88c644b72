package node

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
)

// rowsDigest is the SHA-256 of the rows as received, each length-prefixed,
// so that a key reused for a different import is noticed rather than
// answered with another import's result.
func rowsDigest(ms []proto.Message) (string, error) {
	h := sha256.New()
	var n [8]byte
	for _, m := range ms {
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		if err != nil {
			return "", err
		}
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// recordedImport returns the result of the import recorded under key, if
// there is one; a recorded import of other rows is Invalid. kind is the
// record.Kind of the rows, or what else an import holds (measurements).
func recordedImport(ctx context.Context, tx *sql.Tx, key, kind, digest string) (ImportResult, bool, error) {
	var res ImportResult
	var gotKind, gotDigest, ids string
	err := tx.QueryRowContext(ctx, `SELECT kind, rows_sha256, created, updated, ids FROM imports WHERE import_key = ?`, key).
		Scan(&gotKind, &gotDigest, &res.Created, &res.Updated, &ids)
	if errors.Is(err, sql.ErrNoRows) {
		return ImportResult{}, false, nil
	}
	if err != nil {
		return ImportResult{}, false, err
	}
	if gotKind != kind || gotDigest != digest {
		var vs record.Violations
		c := record.NewChecker("", &vs)
		if record.Lookup(record.Kind(gotKind)) != nil {
			c.Report("import_key", msgKeyOtherRows, record.KindArg, gotKind)
		} else {
			c.Report("import_key", msgKeyOtherMeasurements)
		}
		return ImportResult{}, false, errs.InvalidFields("", vs)
	}
	res.IDs = strings.Fields(ids)
	res.Unchanged = len(res.IDs) - res.Created - res.Updated
	res.Replayed = true
	return res, true, nil
}

// recordImport remembers a committed import under its key, in the
// import's own transaction.
func recordImport(ctx context.Context, tx *sql.Tx, key, kind, digest string, res ImportResult, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO imports (import_key, kind, rows_sha256, created, updated, ids, commit_time) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		key, kind, digest, res.Created, res.Updated, strings.Join(res.IDs, " "), formatTime(now))
	return err
}
