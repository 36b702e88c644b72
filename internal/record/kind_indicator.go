package record

import (
	"regexp"
	"strconv"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

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
		x.term(FacetCode, r.GetCode())
		x.sdg(r.GetSdg())
		x.words(r.GetName(), r.GetDescription())
		x.ref("plan_id", KindHealthPlan, r.GetPlanId())
	},
	texts: func(r *hcnetv1.Indicator) *localTexts {
		return &localTexts{title: "name", original: &r.OriginalLanguage, translations: &r.Translations, fields: []textField{
			own("name", MaxShort, &r.Name),
			own("description", MaxLong, &r.Description),
		}}
	},
	validate: func(c Checker, r *hcnetv1.Indicator) {
		validateIndicator(c, r)
		c.IndicatorCode("code", r.GetCode())
	},
}.info(func() *hcnetv1.Indicator { return &hcnetv1.Indicator{} })

func wrapIndicator(r *hcnetv1.Indicator) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: r}}
}

// An indicator's code is "scheme:code". The scheme is lower case, so
// that "Kolada:N00945" and "kolada:N00945" cannot be two measures at a
// hub; the code is kept as its scheme writes it (Kolada's "N00945",
// Eurostat's "hlth_silc_01", an SDG indicator's "3.4.1").
var (
	codeSchemeRe = regexp.MustCompile(`^[a-z][a-z0-9.-]{0,31}$`)
	codeRe       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$`)
)

// IndicatorCode checks an optional indicator code, "scheme:code"
// ("kolada:N00945").
func (c Checker) IndicatorCode(name, s string) {
	if s == "" {
		return
	}
	scheme, code, ok := strings.Cut(s, ":")
	switch {
	case !ok:
		c.Report(name, MsgNoScheme, "Value", strconv.Quote(s))
	case !codeSchemeRe.MatchString(scheme):
		c.Report(name, MsgNotScheme, "Scheme", strconv.Quote(scheme))
	case !codeRe.MatchString(code):
		c.Report(name, MsgNotCode, "Code", strconv.Quote(code))
	}
}
