package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// statsScope limits a statistics query to one city when ?1 (the country)
// is set; every part of a statistics query uses it.
const statsScope = `(?1 = '' OR (r.country = ?1 AND r.city_id = ?2))`

// Stats counts what the network (country and city empty) or one city
// shares: records by kind, partnerships by level, sector, mechanism and
// status, practices and successes by SDG goal, mutual successes, and
// indicator progress.
// A city is counted when the hub holds records from it, so a member that
// has shared nothing yet does not inflate the network.
func (s *Store) Stats(ctx context.Context, country, city string) (*hcnetv1.GetStatsResponse, error) {
	const op = "hub.Stats"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.Country("country", country, city != "")
	c.CityID("city_id", city, country != "")
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	out := &hcnetv1.GetStatsResponse{}
	if err := s.statsCounts(ctx, country, city, out); err != nil {
		return nil, errs.Op(op, err)
	}
	if err := s.indicatorProgress(ctx, country, city, out); err != nil {
		return nil, errs.Op(op, err)
	}
	return out, nil
}

func (s *Store) statsCounts(ctx context.Context, country, city string, out *hcnetv1.GetStatsResponse) error {
	rows, err := s.db.Read.QueryContext(ctx, `
		SELECT 'kind', kind, count(*) FROM records r WHERE `+statsScope+` GROUP BY kind
		UNION ALL SELECT 'cities', '', count(*) FROM (SELECT DISTINCT country, city_id FROM records r WHERE `+statsScope+`)
		UNION ALL SELECT 'adopted', '', count(*) FROM records r WHERE `+statsScope+` AND kind = 'plan' AND status = 'adopted'
		UNION ALL SELECT 'level', level, count(*) FROM records r WHERE `+statsScope+` AND kind = 'partnership' AND level != '' GROUP BY level
		UNION ALL SELECT 'status', status, count(*) FROM records r WHERE `+statsScope+` AND kind = 'partnership' AND status != '' GROUP BY status
		UNION ALL SELECT t.facet, t.value, count(*) FROM records r JOIN record_terms t ON t.record = r.rowid
			WHERE `+statsScope+` AND r.kind = 'partnership' AND t.facet IN ('sector', 'mechanism') GROUP BY t.facet, t.value
		UNION ALL SELECT r.kind || '_sdg', t.value, count(*) FROM records r JOIN record_terms t ON t.record = r.rowid
			WHERE `+statsScope+` AND r.kind IN ('practice', 'success') AND t.facet = 'sdg' GROUP BY r.kind, t.value
		UNION ALL `+mutualSuccesses,
		country, city)
	if err != nil {
		return err
	}
	defer rows.Close()
	by := map[string]*hcnetv1.CountBy{}
	for _, name := range []string{"level", "sector", "mechanism", "status"} {
		by[name] = &hcnetv1.CountBy{Name: name}
		out.PartnershipsBy = append(out.PartnershipsBy, by[name])
	}
	kinds := map[string]*int64{
		string(record.KindPartnership): &out.Partnerships, string(record.KindHealthPlan): &out.Plans,
		string(record.KindIndicator): &out.Indicators, string(record.KindPractice): &out.Practices,
		string(record.KindSuccess): &out.Successes,
	}
	for rows.Next() {
		var group, value string
		var n int64
		if err := rows.Scan(&group, &value, &n); err != nil {
			return err
		}
		fc := &hcnetv1.FacetCount{Value: value, Count: n}
		switch group {
		case "kind":
			if p := kinds[value]; p != nil {
				*p = n
			}
		case "cities":
			out.Cities = n
		case "adopted":
			out.AdoptedPlans = n
		case "mutual":
			out.MutualSuccesses = n
		case "practice_sdg":
			out.PracticesBySdg = append(out.PracticesBySdg, fc)
		case "success_sdg":
			out.SuccessesBySdg = append(out.SuccessesBySdg, fc)
		default:
			by[group].Counts = append(by[group].Counts, fc)
		}
	}
	for _, b := range out.PartnershipsBy {
		search.SortCounts(b.Counts)
	}
	sortByValue(out.PracticesBySdg)
	sortByValue(out.SuccessesBySdg)
	return rows.Err()
}

// sortByValue orders SDG counts by goal, as the goals are usually read.
func sortByValue(cs []*hcnetv1.FacetCount) {
	slices.SortFunc(cs, func(a, b *hcnetv1.FacetCount) int { return search.CompareValues(a.GetValue(), b.GetValue()) })
}

// indicatorProgress reads every indicator in scope; progress needs the
// measurements, which only the record itself holds.
func (s *Store) indicatorProgress(ctx context.Context, country, city string, out *hcnetv1.GetStatsResponse) error {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.country, r.city_id, r.envelope FROM records r
		WHERE `+statsScope+` AND r.kind = 'indicator'`, country, city)
	if err != nil {
		return err
	}
	defer rows.Close()
	var sum float64
	var measured int
	for rows.Next() {
		var cc, cityID string
		var envBytes []byte
		if err := rows.Scan(&cc, &cityID, &envBytes); err != nil {
			return err
		}
		env := &hcnetv1.Envelope{}
		rec := &hcnetv1.SharedRecord{}
		if err := proto.Unmarshal(envBytes, env); err != nil {
			return err
		}
		if err := proto.Unmarshal(env.GetPayload(), rec); err != nil {
			return err
		}
		ip, ok := progressOf(rec.GetIndicator())
		ip.Country, ip.CityId = cc, cityID
		out.IndicatorsProgress = append(out.IndicatorsProgress, ip)
		if ok {
			sum += ip.GetProgress()
			measured++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if measured > 0 {
		out.MeanProgress = sum / float64(measured)
	}
	slices.SortFunc(out.IndicatorsProgress, func(a, b *hcnetv1.IndicatorProgress) int {
		return cmp.Or(cmp.Compare(a.GetCountry(), b.GetCountry()), cmp.Compare(a.GetCityId(), b.GetCityId()),
			cmp.Compare(a.GetPlanId(), b.GetPlanId()), cmp.Compare(a.GetName(), b.GetName()), cmp.Compare(a.GetIndicatorId(), b.GetIndicatorId()))
	})
	return nil
}

// progressOf is how far an indicator has come, from its latest
// measurement for the whole city: a value broken down by group or
// district describes part of the population and would make the city look
// better or worse than it is. (latest − baseline) / (target − baseline)
// is 0 at the baseline and 1 at the target whichever way the indicator
// should move, so a decreasing indicator needs no special case. Progress
// is not clamped: below 0 means worse than the baseline, above 1 beyond
// the target. With no measurement, ok is false and progress 0.
func progressOf(ind *hcnetv1.Indicator) (*hcnetv1.IndicatorProgress, bool) {
	ip := &hcnetv1.IndicatorProgress{
		IndicatorId: ind.GetId(), PlanId: ind.GetPlanId(), Name: ind.GetName(), Unit: ind.GetUnit(),
		Baseline: ind.GetBaseline(), Target: ind.GetTarget(),
	}
	var latest *hcnetv1.Measurement
	for _, m := range ind.GetMeasurements() {
		if m.GetBreakdown().GetKind() != hcnetv1.BreakdownKind_BREAKDOWN_KIND_UNSPECIFIED || m.GetBreakdown().GetLabel() != "" {
			continue
		}
		// Measurements are kept in date order, but a later one in the list
		// wins a tie or a disorder only if its date is not earlier.
		if latest == nil || m.GetDate() >= latest.GetDate() {
			latest = m
		}
	}
	if latest == nil {
		return ip, false
	}
	ip.Latest, ip.LatestDate = latest.GetValue(), latest.GetDate()
	span := ip.Target - ip.Baseline
	switch {
	case span != 0:
		ip.Progress = (ip.Latest - ip.Baseline) / span
	case reached(ind.GetDirection(), ip.Latest, ip.Target):
		// The target was the baseline: nothing to cover, so at or beyond
		// it the indicator is done.
		ip.Progress = 1
	}
	return ip, true
}

func reached(dir hcnetv1.IndicatorDirection, latest, target float64) bool {
	if dir == hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE {
		return latest <= target
	}
	return latest >= target
}

// RecordCounts counts the records the hub holds, by kind ("practice").
func (s *Store) RecordCounts(ctx context.Context) (map[string]int64, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT kind, count(*) FROM records GROUP BY kind`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var kind string
		var n int64
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, err
		}
		out[kind] = n
	}
	return out, rows.Err()
}
