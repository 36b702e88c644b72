package node

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

const settingRefsNamingThisCity = "refs_naming_this_city"

// refsNamingThisCityOnce records, once per database, the references that
// name this node's city (a practice adopted from one of its practices,
// an endorsement of one of its successes) as the references to records
// on this node they are, and shares again every shared record whose
// shared form carried such a reference to a record that may not travel
// as far. Before, such a reference went out as written, and was not
// followed when the record it names changed visibility.
func (s *Store) refsNamingThisCityOnce(ctx context.Context) error {
	return s.oncePerDatabase(ctx, settingRefsNamingThisCity, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, data FROM records WHERE kind IN (?, ?) ORDER BY id`,
			record.KindPractice, record.KindEndorsement)
		if err != nil {
			return err
		}
		type referrer struct {
			id   string
			kind record.Kind
			data []byte
		}
		var all []referrer
		for rows.Next() {
			var r referrer
			if err := rows.Scan(&r.id, &r.kind, &r.data); err != nil {
				rows.Close()
				return err
			}
			all = append(all, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range all {
			m, err := decode(r.kind, r.data)
			if err != nil {
				return fmt.Errorf("%s %s: %w", r.kind, r.id, err)
			}
			vis := record.GetMeta(m).Visibility
			again := false
			for _, ref := range s.indexOf(m).Refs {
				if !ref.Across {
					continue
				}
				var to string
				err := tx.QueryRowContext(ctx, `SELECT visibility FROM records WHERE id = ? AND kind = ?`, ref.ID, ref.Kind).Scan(&to)
				if errors.Is(err, sql.ErrNoRows) {
					continue // names nothing on this node: nothing of it can travel
				}
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO record_refs (from_id, to_id) VALUES (?, ?)`, r.id, ref.ID); err != nil {
					return err
				}
				tv, err := record.ParseEnum[hcnetv1.Visibility](to)
				if err != nil {
					return err
				}
				again = again || (isShared(vis) && !record.MayCarry(vis, tv))
			}
			if again {
				if err := s.replace(ctx, tx, r.kind, m, record.GetMeta(m)); err != nil {
					return fmt.Errorf("share %s %s again: %w", r.kind, r.id, err)
				}
			}
		}
		return nil
	})
}
