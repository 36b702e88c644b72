package hub

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// attachVouches fills in, for the member hubs in list, the cities each
// vouches for, and which of them the coordinator's own decision
// overrides, so that a coordinator sees what a member hub's approval
// lets in.
func (m *Members) attachVouches(ctx context.Context, list []*hcnetv1.Member) error {
	hubs := map[cityKey]*hcnetv1.Member{}
	for _, mem := range list {
		if mem.GetHub() {
			hubs[cityKey{mem.GetCountry(), mem.GetCityId()}] = mem
		}
	}
	if len(hubs) == 0 {
		return nil
	}
	rows, err := m.store.db.Read.QueryContext(ctx, `SELECT a.country, a.city_id, a.hub_id, a.public_key, a.attest_time, coalesce(m.status, '')
		FROM attested_keys a LEFT JOIN members m ON m.country = a.country AND m.city_id = a.city_id
		WHERE a.revoked = 0 ORDER BY a.country, a.city_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var country, hubID, at, status string
		v := &hcnetv1.Vouch{}
		if err := rows.Scan(&country, &v.CityId, &hubID, &v.PublicKey, &at, &status); err != nil {
			return err
		}
		h := hubs[cityKey{country, hubID}]
		if h == nil {
			continue
		}
		v.AttestTime = timestamppb.New(parseTime(at))
		if status != "" {
			if v.OverriddenBy, err = record.ParseEnum[hcnetv1.MemberStatus](status); err != nil {
				return err
			}
		}
		h.Vouches = append(h.Vouches, v)
	}
	return rows.Err()
}
