package node

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated int
	// Unchanged counts rows equal to what the node held, which wrote
	// nothing (measurements only; every record row is written).
	Unchanged int
	// IDs holds the id of every row, in the order given.
	IDs []string
	// Replayed says the import key had been imported before: nothing
	// was written and the rest is that first import's result.
	Replayed bool
}

// Import stores many records of one kind in one transaction: all or
// nothing. A record whose id the node holds replaces it as its next
// version; any other is created, keeping its id when it has one. When any
// record is bad, nothing is written and the Invalid error names every bad
// field as "[ROW].field" (prefix it with the list's name).
func (s *Store) Import(ctx context.Context, kind record.Kind, ms []proto.Message) (ImportResult, error) {
	return s.ImportOnce(ctx, kind, "", ms)
}

// ImportOnce is Import done at most once per non-empty key: the key is
// recorded in the same transaction as the rows, and an import with a
// recorded key writes nothing and returns the recorded result with
// Replayed set. A recorded key with other rows or another kind is
// Invalid on the field "import_key".
func (s *Store) ImportOnce(ctx context.Context, kind record.Kind, key string, ms []proto.Message) (ImportResult, error) {
	const op = "store.Import"
	var digest string
	if key != "" {
		// Before the rows are written: writing fills in their metadata.
		var err error
		if digest, err = rowsDigest(ms); err != nil {
			return ImportResult{}, errs.Op(op, err)
		}
	}
	var res ImportResult
	var vs record.Violations
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if key != "" {
			prev, found, err := recordedImport(ctx, tx, key, string(kind), digest)
			if err != nil || found {
				res = prev
				return err
			}
		}
		var err error
		if res, err = s.importAll(ctx, tx, kind, ms, &vs); err != nil {
			return err
		}
		if len(vs) > 0 {
			return errs.InvalidFields("", vs)
		}
		if key != "" {
			return recordImport(ctx, tx, key, string(kind), digest, res, s.now())
		}
		return nil
	})
	if err := s.wrote(err); err != nil {
		return ImportResult{}, errs.Op(op, err)
	}
	return res, nil
}

// importAll writes every row in tx and adds the violations of all of
// them to vs; the caller rolls back when there are any.
func (s *Store) importAll(ctx context.Context, tx *sql.Tx, kind record.Kind, ms []proto.Message, vs *record.Violations) (ImportResult, error) {
	res := ImportResult{IDs: make([]string, 0, len(ms))}
	seen := make(map[string]int, len(ms))
	for i, m := range ms {
		row := fmt.Sprintf("[%d]", i)
		k, err := record.KindOf(m)
		if err != nil || k != kind {
			record.NewChecker(row, vs).Report("", msgNotOfKind, record.WantArg, kind)
			continue
		}
		meta := record.GetMeta(m)
		if meta.ID != "" {
			if first, dup := seen[meta.ID]; dup {
				record.NewChecker(row, vs).Report("id", msgAlsoOnRow, "ID", meta.ID, "Row", first)
				continue
			}
			seen[meta.ID] = i
		}
		c := record.NewChecker(row, vs)
		before := len(*vs)
		c.ID("id", meta.ID, false)
		if len(*vs) > before {
			continue
		}
		replaced, err := s.importOne(ctx, tx, kind, m)
		if fieldErrs := errs.ViolationsOf(err); len(fieldErrs) > 0 {
			for _, v := range fieldErrs {
				c.Put(v)
			}
			continue
		}
		if err != nil {
			return ImportResult{}, err
		}
		if replaced {
			res.Updated++
		} else {
			res.Created++
		}
		res.IDs = append(res.IDs, record.GetMeta(m).ID)
	}
	return res, nil
}

// errChecked ends the transaction of a check, which writes nothing.
var errChecked = errors.New("import checked, not written")

// CheckImport checks rows exactly as Import would, in a transaction that
// is rolled back: the Invalid error is Import's, and on success the
// counts are those Import would have had. Nothing is written.
func (s *Store) CheckImport(ctx context.Context, kind record.Kind, ms []proto.Message) (ImportResult, error) {
	const op = "store.CheckImport"
	var res ImportResult
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var vs record.Violations
		var err error
		if res, err = s.importAll(ctx, tx, kind, ms, &vs); err != nil {
			return err
		}
		if len(vs) > 0 {
			return errs.InvalidFields("", vs)
		}
		return errChecked
	})
	if errors.Is(err, errChecked) {
		return res, nil
	}
	return ImportResult{}, errs.Op(op, err)
}

func (s *Store) importOne(ctx context.Context, tx *sql.Tx, kind record.Kind, m proto.Message) (bool, error) {
	id := record.GetMeta(m).ID
	if id == "" {
		return s.create(ctx, tx, m)
	}
	cur, err := getRecord(ctx, tx, kind, id)
	if errs.Is(err, errs.NotFound) {
		var other string
		if err := tx.QueryRowContext(ctx, `SELECT kind FROM records WHERE id = ?`, id).Scan(&other); err == nil {
			var vs record.Violations
			record.NewChecker("", &vs).Report("id", msgIDOfOther, "ID", id, record.KindArg, other)
			return false, errs.InvalidFields("", vs)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
		return s.create(ctx, tx, m)
	}
	if err != nil {
		return false, err
	}
	meta := record.GetMeta(cur)
	record.SetMeta(m, meta)
	if err := s.replace(ctx, tx, kind, m, meta); err != nil {
		return true, err
	}
	return true, s.reshareReferring(ctx, tx, cur, m)
}
