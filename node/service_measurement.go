package node

import (
	"context"
	"slices"
	"sort"
	"strconv"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

func withPlan(q Query, planID string) Query {
	q.PlanID = planID
	return q
}

// RecordMeasurement implements hcnet.v1.CityService. Measurements are kept
// in date order, so charts and "latest value" read them as they are. A
// second value for the same date and breakdown is refused unless the
// request asks to replace the first: two values for one day would chart
// as a jump and count twice in the equity gaps. Values stored twice
// before this check stay as they are; replace changes the first.
func (s *Service) RecordMeasurement(ctx context.Context, r *hcnetv1.RecordMeasurementRequest) (*hcnetv1.RecordMeasurementResponse, error) {
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.ID("indicator_id", r.GetIndicatorId(), true)
	record.ValidateMeasurement(c.At("measurement"), r.GetMeasurement())
	if err := errs.InvalidFields("", vs); err != nil {
		return nil, err
	}
	var taken error
	out, err := s.store.Update(withAction(ctx, ActionMeasurement), record.KindIndicator, r.GetIndicatorId(), r.GetVersion(), func(cur proto.Message) error {
		ind := cur.(*hcnetv1.Indicator)
		k := keyOf(ind.GetId(), r.GetMeasurement())
		at := slices.IndexFunc(ind.Measurements, func(m *hcnetv1.Measurement) bool { return keyOf(ind.GetId(), m) == k })
		switch {
		case at < 0:
			ind.Measurements = append(ind.Measurements, r.GetMeasurement())
		case r.GetReplace():
			ind.Measurements[at] = r.GetMeasurement()
		default:
			taken = measuredBefore(r.GetMeasurement())
			return taken
		}
		sort.SliceStable(ind.Measurements, func(i, j int) bool { return ind.Measurements[i].GetDate() < ind.Measurements[j].GetDate() })
		return nil
	})
	if taken != nil {
		return nil, taken
	}
	if err != nil {
		return nil, errs.Under("indicator", err)
	}
	return &hcnetv1.RecordMeasurementResponse{Indicator: out.(*hcnetv1.Indicator)}, nil
}

// measuredBefore is the refusal of a value for a date and breakdown the
// indicator already has a value for.
func measuredBefore(m *hcnetv1.Measurement) error {
	var vs record.Violations
	c := record.NewChecker("measurement", &vs)
	b := m.GetBreakdown()
	switch b.GetKind() {
	case hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT:
		c.Report("date", record.MsgMeasuredDistrict, "Label", strconv.Quote(b.GetLabel()))
	case hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP:
		c.Report("date", record.MsgMeasuredGroup, "Label", strconv.Quote(b.GetLabel()))
	default:
		c.Report("date", record.MsgMeasuredCity)
	}
	return errs.InvalidFields("", vs)
}
