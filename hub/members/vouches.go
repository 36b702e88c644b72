package members

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// MaxVouchesListed is how many of a member hub's vouches a list of
// members shows, by city id: a member hub may attest any number of
// cities, and listing members must not cost as much.
const MaxVouchesListed = 500

// attachVouches fills in, for the member hubs in list, the cities each
// vouches for (at most MaxVouchesListed) with the names the hub gave, and which of them the
// coordinator's own decision overrides, so that a coordinator sees what
// a member hub's approval lets in. public leaves out the vouches for
// pending and rejected applications, which are the coordinator's
// business: anyone may apply.
func (m *Members) attachVouches(ctx context.Context, list []*hcnetv1.Member, public bool) error {
	q := `SELECT a.city_id, a.city_name, a.public_key, a.attest_time, coalesce(m.status, '')
		FROM attested_keys a LEFT JOIN members m ON m.country = a.country AND m.city_id = a.city_id
		WHERE a.country = ? AND a.hub_id = ? AND a.revoked = 0`
	if public {
		q += ` AND coalesce(m.status, '') NOT IN ('pending', 'rejected')`
	}
	q += ` ORDER BY a.city_id LIMIT ?`
	for _, h := range list {
		if !h.GetHub() {
			continue
		}
		if err := m.vouchesOf(ctx, h, q); err != nil {
			return err
		}
	}
	return nil
}

// vouchesOf reads member hub h's vouches with q, each with the records
// h forwarded for the city.
func (m *Members) vouchesOf(ctx context.Context, h *hcnetv1.Member, q string) error {
	rows, err := m.db.Read.QueryContext(ctx, q, h.GetCountry(), h.GetCityId(), MaxVouchesListed)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var at, status string
		v := &hcnetv1.Vouch{}
		if err := rows.Scan(&v.CityId, &v.CityName, &v.PublicKey, &at, &status); err != nil {
			return err
		}
		v.AttestTime = timestamppb.New(parseTime(at))
		if status != "" {
			if v.OverriddenBy, err = record.ParseEnum[hcnetv1.MemberStatus](status); err != nil {
				return err
			}
		}
		h.Vouches = append(h.Vouches, v)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	for _, v := range h.Vouches {
		n, last, err := m.store.ForwardedBy(ctx, h.GetCountry(), v.GetCityId(), h.GetCityId())
		if err != nil {
			return err
		}
		v.RecordCount = n
		if !last.IsZero() {
			v.LastRecordTime = timestamppb.New(last)
		}
	}
	return nil
}
