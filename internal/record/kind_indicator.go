package record

import hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"

// An indicator of a plan: baseline, target and measured values.
var indicatorInfo = spec[*hcnetv1.Indicator]{
	kind: KindIndicator,
	wrap: wrapIndicator,
	unwrap: func(rec *hcnetv1.SharedRecord) (*hcnetv1.Indicator, bool) {
		r := rec.GetIndicator()
		return r, r != nil
	},
	text: func(r *hcnetv1.Indicator, _ string) Text {
		return Text{Title: r.GetName(), Summary: r.GetDescription()}
	},
	share: func(r *hcnetv1.Indicator, c carrier) (*hcnetv1.SharedRecord, error) {
		// The goal is the plan's: it goes where the plan's id goes.
		id, err := c.ref(KindHealthPlan, r.GetPlanId())
		if err != nil {
			return nil, err
		}
		if id == "" {
			r.PlanId, r.GoalId = "", ""
		}
		return wrapIndicator(r), nil
	},
	omitted: func(r *hcnetv1.Indicator) []string {
		if r.GetPlanId() == "" {
			return []string{"plan_id"}
		}
		return nil
	},
	index: func(x *indexer, r *hcnetv1.Indicator) {
		x.term(FacetPlan, r.GetPlanId())
		x.sdg(r.GetSdg())
		x.words(r.GetName(), r.GetDescription())
		x.ref("plan_id", KindHealthPlan, r.GetPlanId())
	},
	validate: validateIndicator,
}.info(func() *hcnetv1.Indicator { return &hcnetv1.Indicator{} })

func wrapIndicator(r *hcnetv1.Indicator) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: r}}
}
