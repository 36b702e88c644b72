package store

import (
	"context"
	"fmt"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// maxCompared caps the indicators one comparison reads: a code is
// reported once or a few times by each member city, so this is far
// beyond a network's size and only bounds a page.
const maxCompared = 1000

// The two queries of the comparison: both read the code terms through
// the leading columns of record_terms' primary key (facet, value).
const (
	sqlCompareIndicators = `SELECT r.country, r.city_id, r.id, r.version, r.visibility, r.sign_time, r.arrive_time, r.envelope
		FROM record_terms t JOIN records r ON r.rowid = t.record
		WHERE t.facet = ? AND t.value = ? AND r.kind = ?
		ORDER BY r.country, r.city_id, r.id LIMIT ?`
	sqlIndicatorCodes = `SELECT t.value, count(DISTINCT r.country || '/' || r.city_id) AS cities, count(*), max(r.title)
		FROM record_terms t JOIN records r ON r.rowid = t.record
		WHERE t.facet = ? AND r.kind = ?
		GROUP BY t.value HAVING cities >= ?
		ORDER BY cities DESC, t.value LIMIT ?`
)

// CompareIndicators answers hcnet.v1.HubService.CompareIndicators: every
// indicator with the code, by country, city and id. They are found by the
// code's index term (record.FacetCode), the leading columns of
// record_terms' primary key, so the cost follows the matches, not the
// hub's size.
func (s *Store) CompareIndicators(ctx context.Context, r *hcnetv1.CompareIndicatorsRequest) (*hcnetv1.CompareIndicatorsResponse, error) {
	const op = "hub.CompareIndicators"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.Text("code", r.GetCode(), record.MaxShort, true)
	c.IndicatorCode("code", r.GetCode())
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, sqlCompareIndicators,
		string(record.FacetCode), r.GetCode(), string(record.KindIndicator), maxCompared+1)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer rows.Close()
	out := &hcnetv1.CompareIndicatorsResponse{}
	for rows.Next() {
		if len(out.Records) == maxCompared {
			out.Truncated = true
			break
		}
		h := &hcnetv1.HubRecord{Kind: string(record.KindIndicator), Envelope: &hcnetv1.Envelope{}, Record: &hcnetv1.SharedRecord{}}
		var vis, signed, arrived string
		var env []byte
		if err := rows.Scan(&h.Country, &h.CityId, &h.Id, &h.Version, &vis, &signed, &arrived, &env); err != nil {
			return nil, errs.Op(op, err)
		}
		h.Visibility, _ = record.ParseEnum[hcnetv1.Visibility](vis)
		h.SignTime = timestamppb.New(ParseTime(signed))
		h.ArriveTime = timestamppb.New(ParseTime(arrived))
		// Verified at ingest, before it was stored.
		if err := proto.Unmarshal(env, h.Envelope); err != nil {
			return nil, fmt.Errorf("%s: envelope of %s/%s/%s: %w", op, h.Country, h.CityId, h.Id, err)
		}
		if err := proto.Unmarshal(h.Envelope.GetPayload(), h.Record); err != nil {
			return nil, fmt.Errorf("%s: payload of %s/%s/%s: %w", op, h.Country, h.CityId, h.Id, err)
		}
		out.Records = append(out.Records, h)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Op(op, err)
	}
	return out, nil
}

// ListIndicatorCodes answers hcnet.v1.HubService.ListIndicatorCodes: the
// codes shared indicators carry, each with how many cities report it,
// most first. It reads the code terms only (one range of record_terms'
// primary key) and the head of each record.
func (s *Store) ListIndicatorCodes(ctx context.Context, r *hcnetv1.ListIndicatorCodesRequest) (*hcnetv1.ListIndicatorCodesResponse, error) {
	const op = "hub.ListIndicatorCodes"
	minCities := max(r.GetMinCities(), 1)
	rows, err := s.db.Read.QueryContext(ctx, sqlIndicatorCodes,
		string(record.FacetCode), string(record.KindIndicator), minCities, maxCompared)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer rows.Close()
	out := &hcnetv1.ListIndicatorCodesResponse{}
	for rows.Next() {
		c := &hcnetv1.IndicatorCode{}
		if err := rows.Scan(&c.Code, &c.Cities, &c.Indicators, &c.Name); err != nil {
			return nil, errs.Op(op, err)
		}
		out.Codes = append(out.Codes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Op(op, err)
	}
	return out, nil
}
