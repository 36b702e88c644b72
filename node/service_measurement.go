package node

import (
	"context"
	"sort"

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
// in date order, so charts and "latest value" read them as they are.
func (s *Service) RecordMeasurement(ctx context.Context, r *hcnetv1.RecordMeasurementRequest) (*hcnetv1.RecordMeasurementResponse, error) {
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.ID("indicator_id", r.GetIndicatorId(), true)
	record.ValidateMeasurement(c.At("measurement"), r.GetMeasurement())
	if err := errs.InvalidFields("", vs); err != nil {
		return nil, err
	}
	out, err := s.store.Update(withAction(ctx, ActionMeasurement), record.KindIndicator, r.GetIndicatorId(), r.GetVersion(), func(cur proto.Message) error {
		ind := cur.(*hcnetv1.Indicator)
		ind.Measurements = append(ind.Measurements, r.GetMeasurement())
		sort.SliceStable(ind.Measurements, func(i, j int) bool { return ind.Measurements[i].GetDate() < ind.Measurements[j].GetDate() })
		return nil
	})
	if err != nil {
		return nil, errs.Under("indicator", err)
	}
	return &hcnetv1.RecordMeasurementResponse{Indicator: out.(*hcnetv1.Indicator)}, nil
}
