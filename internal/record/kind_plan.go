package record

import (
	"strconv"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A city health plan: goals, indicators and actions done step by step.
var planInfo = spec[*hcnetv1.HealthPlan]{
	kind: KindHealthPlan,
	wrap: wrapPlan,
	unwrap: func(rec *hcnetv1.SharedRecord) (*hcnetv1.HealthPlan, bool) {
		r := rec.GetHealthPlan()
		return r, r != nil
	},
	text: func(r *hcnetv1.HealthPlan, _ string) Text {
		return Text{Title: r.GetTitle(), Summary: r.GetDescription()}
	},
	share: func(r *hcnetv1.HealthPlan, c carrier) (*hcnetv1.SharedRecord, error) {
		for _, a := range r.GetActions() {
			id, err := c.ref(KindPartnership, a.GetPartnershipId())
			if err != nil {
				return nil, err
			}
			a.PartnershipId = id
		}
		ids, err := c.refs(KindPartnership, r.GetPartnershipIds())
		if err != nil {
			return nil, err
		}
		r.PartnershipIds = ids
		return wrapPlan(r), nil
	},
	index: func(x *indexer, r *hcnetv1.HealthPlan) {
		x.ix.Status = ShortName(r.GetStatus())
		x.words(r.GetTitle(), r.GetDescription())
		for _, g := range r.GetGoals() {
			x.sdg(g.GetSdg())
			x.words(g.GetTitle(), g.GetDescription())
		}
		for i, a := range r.GetActions() {
			x.words(a.GetTitle())
			x.ref("actions["+strconv.Itoa(i)+"].partnership_id", KindPartnership, a.GetPartnershipId())
		}
		for i, id := range r.GetPartnershipIds() {
			x.ref("partnership_ids["+strconv.Itoa(i)+"]", KindPartnership, id)
		}
	},
	texts: func(r *hcnetv1.HealthPlan) *localTexts {
		lt := &localTexts{title: "title", original: &r.OriginalLanguage, translations: &r.Translations, fields: []textField{
			own("title", MaxShort, &r.Title),
			own("description", MaxLong, &r.Description),
		}}
		// A goal's text is the plan's, keyed by the goal's stable id.
		for _, g := range r.GetGoals() {
			if g.GetId() == "" {
				continue
			}
			key := "goals." + g.GetId() + "."
			lt.fields = append(lt.fields,
				textField{key: key + "title", field: "title", part: g.GetTitle(), max: MaxShort, at: &g.Title},
				textField{key: key + "description", field: "description", part: g.GetTitle(), max: MaxLong, at: &g.Description})
		}
		return lt
	},
	validate: validatePlan,
}.info(func() *hcnetv1.HealthPlan { return &hcnetv1.HealthPlan{} })

func wrapPlan(r *hcnetv1.HealthPlan) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_HealthPlan{HealthPlan: r}}
}
