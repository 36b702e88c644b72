package hub

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"time"
)

// QuarantineLimits bound what the quarantine keeps. Every refused message
// keeps a row with its subject, reason, arrival and size, so the
// coordinator can see what came and why; the envelope itself, up to the
// stream's largest message, is kept only for a while and only up to a
// budget per origin (the country and city its subject names), so a
// member that sends junk, by fault or on purpose, cannot fill the hub's
// disk. A zero field takes its default.
type QuarantineLimits struct {
	// Retention is how long an envelope is kept.
	Retention time.Duration
	// Rows is how many messages an origin keeps; its oldest go
	// altogether beyond that.
	Rows int
	// Bytes is how many bytes of envelopes an origin keeps; beyond that
	// the oldest envelopes are dropped, their rows kept.
	Bytes int64
}

// The default quarantine limits: a month to look at what was refused, and
// room for a few hundred typical records or a few of the largest per
// origin.
const (
	DefaultQuarantineRetention = 30 * 24 * time.Hour
	DefaultQuarantineRows      = 1000
	DefaultQuarantineBytes     = 16 << 20
)

// quarantinePruneEvery is how often the quarantine is pruned when nothing
// arrives in it: often enough for Retention, which is days.
const quarantinePruneEvery = 10 * time.Minute

func (l QuarantineLimits) withDefaults() QuarantineLimits {
	if l.Retention <= 0 {
		l.Retention = DefaultQuarantineRetention
	}
	if l.Rows <= 0 {
		l.Rows = DefaultQuarantineRows
	}
	if l.Bytes <= 0 {
		l.Bytes = DefaultQuarantineBytes
	}
	return l
}

// quarantineOrigin is "<country>/<city>" of a record or attestation
// subject, empty for any other. Migration 0006 computes the same for rows
// from before.
func quarantineOrigin(subj string) string {
	tok := strings.Split(subj, ".")
	if len(tok) < 4 || tok[0] != "hcnet" || (tok[1] != "rec" && tok[1] != "att") || tok[2] == "" || tok[3] == "" {
		return ""
	}
	return tok[2] + "/" + tok[3]
}

// Pruned counts what one PruneQuarantine did.
type Pruned struct {
	// Expired envelopes were older than the retention; Dropped ones
	// were over their origin's bytes; Deleted rows over its rows.
	Expired, Dropped, Deleted int64
}

// PruneQuarantine applies the limits, in one transaction.
func (s *Store) PruneQuarantine(ctx context.Context, l QuarantineLimits) (Pruned, error) {
	l = l.withDefaults()
	var p Pruned
	cutoff := formatTime(s.now().Add(-l.Retention))
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		steps := []struct {
			n    *int64
			sql  string
			args []any
		}{
			{&p.Deleted, `DELETE FROM quarantine WHERE seq IN (
				SELECT seq FROM (SELECT seq, row_number() OVER (PARTITION BY origin ORDER BY seq DESC) AS n FROM quarantine)
				WHERE n > ?)`, []any{l.Rows}},
			{&p.Expired, `UPDATE quarantine SET envelope = x'' WHERE receive_time < ? AND length(envelope) > 0`, []any{cutoff}},
			// Newest first: an origin keeps its latest envelopes up to
			// its bytes.
			{&p.Dropped, `UPDATE quarantine SET envelope = x'' WHERE seq IN (
				SELECT seq FROM (SELECT seq, sum(length(envelope)) OVER (PARTITION BY origin ORDER BY seq DESC) AS held
					FROM quarantine WHERE length(envelope) > 0)
				WHERE held > ?)`, []any{l.Bytes}},
		}
		for _, st := range steps {
			res, err := tx.ExecContext(ctx, st.sql, st.args...)
			if err != nil {
				return err
			}
			if *st.n, err = res.RowsAffected(); err != nil {
				return err
			}
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

// PruneQuarantineUntilDone prunes the quarantine after every batch that
// adds to it, and every quarantinePruneEvery for the retention, until ctx
// ends. A failed prune is logged and tried again at the next occasion.
func (s *Store) PruneQuarantineUntilDone(ctx context.Context, l QuarantineLimits, log *slog.Logger) {
	t := time.NewTicker(quarantinePruneEvery)
	defer t.Stop()
	for {
		p, err := s.PruneQuarantine(ctx, l)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("prune quarantine", "err", err)
		case p != Pruned{}:
			log.Info("pruned quarantine", "expired_envelopes", p.Expired, "dropped_envelopes", p.Dropped, "deleted_rows", p.Deleted)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.quarantined:
		}
	}
}
