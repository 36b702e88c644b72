package node

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

const settingSharedByRule = "shared_by_carry_rule"

// shareByRuleOnce shares again, once per database, every shared record
// that refers to a record its visibility may not carry (record.MayCarry).
// Before the rule, such a record's shared form carried the other
// record's name or id (a public partnership its network partners' names),
// and a hub keeps what it holds until a higher version replaces it.
func (s *Store) shareByRuleOnce(ctx context.Context) error {
	return s.oncePerDatabase(ctx, settingSharedByRule, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT r.id, r.kind, r.visibility, t.visibility
			FROM record_refs x JOIN records r ON r.id = x.from_id JOIN records t ON t.id = x.to_id
			WHERE r.visibility IN ('network', 'public') ORDER BY r.id`)
		if err != nil {
			return err
		}
		type over struct {
			id   string
			kind record.Kind
		}
		var again []over
		for rows.Next() {
			var o over
			var from, to string
			if err := rows.Scan(&o.id, &o.kind, &from, &to); err != nil {
				rows.Close()
				return err
			}
			fv, err1 := record.ParseEnum[hcnetv1.Visibility](from)
			tv, err2 := record.ParseEnum[hcnetv1.Visibility](to)
			if err := errors.Join(err1, err2); err != nil {
				rows.Close()
				return err
			}
			if sharedKinds[o.kind] && !record.MayCarry(fv, tv) && (len(again) == 0 || again[len(again)-1].id != o.id) {
				again = append(again, o)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, o := range again {
			m, err := getRecord(ctx, tx, o.kind, o.id)
			if err != nil {
				return err
			}
			if err := s.replace(ctx, tx, o.kind, m, record.GetMeta(m)); err != nil {
				return fmt.Errorf("share %s %s again: %w", o.kind, o.id, err)
			}
		}
		return nil
	})
}
