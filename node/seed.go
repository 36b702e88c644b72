package node

import (
	"context"
	"database/sql"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

const settingOutboxSeeded = "outbox_seeded"

// seedOutbox shares, once per database, every shared record at its current
// version: the city profile init wrote before the node had its key, and
// everything a database made before sharing existed holds.
func (s *Store) seedOutbox(ctx context.Context) error {
	return s.oncePerDatabase(ctx, settingOutboxSeeded, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kind, data FROM records WHERE visibility IN ('network', 'public') ORDER BY rowid`)
		if err != nil {
			return err
		}
		type rec struct {
			kind record.Kind
			data []byte
		}
		var recs []rec
		for rows.Next() {
			var r rec
			if err := rows.Scan(&r.kind, &r.data); err != nil {
				rows.Close()
				return err
			}
			recs = append(recs, r)
		}
		rows.Close()
		for _, r := range recs {
			m, err := decode(r.kind, r.data)
			if err != nil {
				return err
			}
			meta := record.GetMeta(m)
			if err := s.share(ctx, tx, r.kind, meta.ID, meta.Version, hcnetv1.Visibility_VISIBILITY_PRIVATE, m); err != nil {
				return err
			}
		}
		return nil
	})
}
