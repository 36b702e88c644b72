package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"log/slog"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// QuarantineLimits bound what the quarantine keeps. Every refused message
// keeps a row with its subject, reason, arrival and size, so the
// coordinator can see what came and why; the envelope itself, up to the
// stream's largest message, is kept only for a while and only up to a
// budget per origin (the country and city its subject names), so a
// member that sends junk, by fault or on purpose, cannot fill the hub's
// disk. A member may name any city of its country in a subject, so the
// origins are as many as it likes: the hub as a whole has a budget too,
// and rows end after a longer retention. A zero field takes its default.
type QuarantineLimits struct {
	// Retention is how long an envelope is kept.
	Retention time.Duration
	// RowRetention is how long a row is kept at all, its envelope gone
	// after Retention.
	RowRetention time.Duration
	// Rows is how many messages an origin keeps; its oldest go
	// altogether beyond that.
	Rows int
	// Bytes is how many bytes of envelopes an origin keeps; beyond that
	// the oldest envelopes are dropped, their rows kept.
	Bytes int64
	// TotalRows and TotalBytes are the same for the whole quarantine,
	// all origins together.
	TotalRows  int
	TotalBytes int64
	// PruneInterval is the least time between two prunes. A prune reads
	// the whole quarantine in the one writer's transaction, so pruning
	// after every batch that quarantined something would let a trickle
	// of junk stall ingest; the limits hold again at most this late.
	PruneInterval time.Duration
}

// The default quarantine limits: a month to look at what was refused, a
// year to see that it was; room for a few hundred typical records or a
// few of the largest per origin, and for a hundred origins' worth in all.
const (
	DefaultQuarantineRetention     = 30 * 24 * time.Hour
	DefaultQuarantineRowRetention  = 365 * 24 * time.Hour
	DefaultQuarantineRows          = 1000
	DefaultQuarantineBytes         = 16 << 20
	DefaultQuarantineTotalRows     = 100_000
	DefaultQuarantineTotalBytes    = 256 << 20
	DefaultQuarantinePruneInterval = time.Minute
)

// quarantinePruneEvery is how often the quarantine is pruned when nothing
// arrives in it: often enough for Retention, which is days.
const quarantinePruneEvery = 10 * time.Minute

func (l QuarantineLimits) withDefaults() QuarantineLimits {
	if l.Retention <= 0 {
		l.Retention = DefaultQuarantineRetention
	}
	if l.RowRetention <= 0 {
		l.RowRetention = max(DefaultQuarantineRowRetention, l.Retention)
	}
	if l.Rows <= 0 {
		l.Rows = DefaultQuarantineRows
	}
	if l.Bytes <= 0 {
		l.Bytes = DefaultQuarantineBytes
	}
	if l.TotalRows <= 0 {
		l.TotalRows = DefaultQuarantineTotalRows
	}
	if l.TotalBytes <= 0 {
		l.TotalBytes = DefaultQuarantineTotalBytes
	}
	if l.PruneInterval <= 0 {
		l.PruneInterval = DefaultQuarantinePruneInterval
	}
	return l
}

// quarantineOrigin is "<country>/<city>" of a record or attestation
// subject, empty for any other. Migration 0006 computes the same for rows
// from before.
func quarantineOrigin(subj string) string {
	p, _ := subject.Parse(subj) // the origin of a subject that goes on wrongly too
	if p.City == "" || p.Space == subject.SpacePublic {
		return ""
	}
	return p.Country + "/" + p.City
}

// Pruned counts what one PruneQuarantine did.
type Pruned struct {
	// Expired envelopes were older than the retention; Dropped ones
	// were over their origin's bytes or the hub's; Deleted rows over
	// their origin's rows or the hub's; Aged rows older than the row
	// retention.
	Expired, Dropped, Deleted, Aged int64
}

// PruneQuarantine applies the limits, in one transaction.
func (s *Store) PruneQuarantine(ctx context.Context, l QuarantineLimits) (Pruned, error) {
	l = l.withDefaults()
	var p Pruned
	now := s.now()
	cutoff, rowCutoff := FormatTime(now.Add(-l.Retention)), FormatTime(now.Add(-l.RowRetention))
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		steps := []struct {
			n    *int64
			sql  string
			args []any
		}{
			{&p.Aged, `DELETE FROM quarantine WHERE receive_time < ?`, []any{rowCutoff}},
			{&p.Deleted, `DELETE FROM quarantine WHERE seq IN (
				SELECT seq FROM (SELECT seq, row_number() OVER (PARTITION BY origin ORDER BY seq DESC) AS n FROM quarantine)
				WHERE n > ?)`, []any{l.Rows}},
			// The hub's newest rows, whatever their origins.
			{&p.Deleted, `DELETE FROM quarantine WHERE seq <= (SELECT seq FROM quarantine ORDER BY seq DESC LIMIT 1 OFFSET ?)`, []any{l.TotalRows}},
			{&p.Expired, `UPDATE quarantine SET envelope = x'' WHERE receive_time < ? AND length(envelope) > 0`, []any{cutoff}},
			// Newest first: an origin keeps its latest envelopes up to
			// its bytes.
			{&p.Dropped, `UPDATE quarantine SET envelope = x'' WHERE seq IN (
				SELECT seq FROM (SELECT seq, sum(length(envelope)) OVER (PARTITION BY origin ORDER BY seq DESC) AS held
					FROM quarantine WHERE length(envelope) > 0)
				WHERE held > ?)`, []any{l.Bytes}},
			{&p.Dropped, `UPDATE quarantine SET envelope = x'' WHERE seq IN (
				SELECT seq FROM (SELECT seq, sum(length(envelope)) OVER (ORDER BY seq DESC) AS held
					FROM quarantine WHERE length(envelope) > 0)
				WHERE held > ?)`, []any{l.TotalBytes}},
		}
		for _, st := range steps {
			res, err := tx.ExecContext(ctx, st.sql, st.args...)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			*st.n += n
		}
		return nil
	})
	if err != nil {
		return Pruned{}, err
	}
	return p, nil
}

// wakeQuarantinePruner tells the pruner that Apply quarantined something.
func (s *Store) wakeQuarantinePruner() {
	select {
	case s.quarantined <- struct{}{}:
	default: // already woken
	}
}

// PruneQuarantineUntilDone prunes the quarantine when a batch added to
// it, and every quarantinePruneEvery for the retention, until ctx ends,
// but never twice within l.PruneInterval: what arrives in between waits
// for the next prune. A failed prune is logged and tried again at the
// next occasion.
func (s *Store) PruneQuarantineUntilDone(ctx context.Context, l QuarantineLimits, log *slog.Logger) {
	l = l.withDefaults()
	t := time.NewTicker(quarantinePruneEvery)
	defer t.Stop()
	for {
		p, err := s.PruneQuarantine(ctx, l)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("prune quarantine", "err", err)
		case p != Pruned{}:
			log.Info("pruned quarantine", "expired_envelopes", p.Expired, "dropped_envelopes", p.Dropped, "deleted_rows", p.Deleted, "aged_rows", p.Aged)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.after(l.PruneInterval):
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.quarantined:
		}
	}
}

// ListQuarantine lists the quarantine, newest first, a page at a time
// (hcnet.v1.HubService.ListQuarantine).
func (s *Store) ListQuarantine(ctx context.Context, r *hcnetv1.ListQuarantineRequest) (*hcnetv1.ListQuarantineResponse, error) {
	size := r.GetPageSize()
	if size <= 0 || size > 1000 {
		size = 100
	}
	before := int64(1 << 62)
	if t := r.GetPageToken(); t != "" {
		b, err := base64.RawURLEncoding.DecodeString(t)
		n, perr := strconv.ParseInt(string(b), 10, 64)
		if err != nil || perr != nil {
			return nil, errs.InvalidFields("", record.Violations{{Field: "page_token", Description: "is not a page token of this hub"}})
		}
		before = n
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT seq, subject, reason, receive_time, envelope FROM quarantine
		WHERE seq < ? ORDER BY seq DESC LIMIT ?`, before, size+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := &hcnetv1.ListQuarantineResponse{}
	for rows.Next() {
		q := &hcnetv1.QuarantinedRecord{}
		var at string
		var env []byte
		if err := rows.Scan(&q.Seq, &q.Subject, &q.Reason, &at, &env); err != nil {
			return nil, err
		}
		if len(out.Records) == int(size) {
			last := out.Records[len(out.Records)-1].GetSeq()
			out.NextPageToken = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(last, 10)))
			break
		}
		q.ReceiveTime = timestamppb.New(ParseTime(at))
		e := &hcnetv1.Envelope{}
		// An empty envelope was dropped by the quarantine's limits.
		if len(env) > 0 && proto.Unmarshal(env, e) == nil {
			q.Envelope = e
		}
		out.Records = append(out.Records, q)
	}
	return out, rows.Err()
}
