package record

import (
	"fmt"
	"math"
	"strconv"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// Validate checks every client-owned field of a record and returns all
// violations, with paths under prefix ("partner"). References to other
// records are checked for form here and for existence by the store.
func Validate(prefix string, m proto.Message) Violations {
	var vs Violations
	c := NewChecker(prefix, &vs)
	if in, err := Of(m); err == nil {
		in.validate(c, m)
	} else {
		c.Report("", MsgNotRecord, "Type", fmt.Sprintf("%T", m))
	}
	return vs
}

// ID checks the form of a record id (a ULID).
func (c Checker) ID(name, id string, required bool) {
	if id == "" {
		if required {
			c.Report(name, MsgRequired)
		}
		return
	}
	if _, err := ulid.ParseStrict(id); err != nil {
		c.Report(name, MsgNotID, "Value", strconv.Quote(id))
	}
}

func validateCity(c Checker, r *hcnetv1.City) {
	c.Visibility(r.GetVisibility())
	c.Text("name", r.GetName(), MaxShort, true)
	c.Text("region", r.GetRegion(), MaxShort, false)
	if r.GetPopulation() < 0 || r.GetPopulation() > 100_000_000 {
		c.Report("population", MsgNotPopulation, "Value", r.GetPopulation())
	}
	if c.List("languages", len(r.GetLanguages())) {
		for i, l := range r.GetLanguages() {
			c.Language(indexName("languages", i), l)
		}
	}
	c.URL("website", r.GetWebsite())
	c.Text("description", r.GetDescription(), MaxLong, false)
	c.Year("member_since", r.GetMemberSince(), false)
	c.Contact("coordinator", r.GetCoordinator())
	c.ContactPoint("contact_point", r.GetContactPoint())
}

func validatePartner(c Checker, r *hcnetv1.Partner) {
	c.Visibility(r.GetVisibility())
	c.Text("organisation", r.GetOrganisation(), MaxShort, true)
	c.Enum("kind", r.GetKind(), true)
	c.Enum("sector", r.GetSector(), true)
	c.Text("description", r.GetDescription(), MaxLong, false)
	c.URL("website", r.GetWebsite())
	c.Contact("contact", r.GetContact())
}

func validatePartnership(c Checker, r *hcnetv1.Partnership) {
	c.Visibility(r.GetVisibility())
	c.Text("title", r.GetTitle(), MaxShort, true)
	c.Text("description", r.GetDescription(), MaxLong, false)
	c.Enum("level", r.GetLevel(), true)
	c.Enum("status", r.GetStatus(), true)
	if c.List("partners", len(r.GetPartners())) {
		seen := map[string]bool{}
		for i, p := range r.GetPartners() {
			pc := c.Index("partners", i)
			pc.ID("partner_id", p.GetPartnerId(), true)
			pc.Text("role", p.GetRole(), MaxShort, false)
			if seen[p.GetPartnerId()] {
				pc.Report("partner_id", MsgPartnerTwice, "ID", p.GetPartnerId())
			}
			seen[p.GetPartnerId()] = true
		}
	}
	Enums(c, "sectors", r.GetSectors())
	Enums(c, "settings", r.GetSettings())
	c.Text("hot_local_issue", r.GetHotLocalIssue(), MaxLong, false)
	Enums(c, "mechanisms", r.GetMechanisms())
	c.SDG("sdg", r.GetSdg())
	Enums(c, "six_ps", r.GetSixPs())
	c.Strings("equity_groups", r.GetEquityGroups())
	c.PrimaryHealthCare("primary_health_care", r.GetPrimaryHealthCare())
	c.Text("participatory_platform", r.GetParticipatoryPlatform(), MaxLong, false)
	c.Strings("funding_sources", r.GetFundingSources())
	c.Strings("decision_makers", r.GetDecisionMakers())
	c.DateRange("start_date", r.GetStartDate(), "end_date", r.GetEndDate())
}

func validatePlan(c Checker, r *hcnetv1.HealthPlan) {
	c.Visibility(r.GetVisibility())
	c.Text("title", r.GetTitle(), MaxShort, true)
	c.Text("description", r.GetDescription(), MaxLong, false)
	c.Enum("status", r.GetStatus(), true)
	c.Year("period_start_year", r.GetPeriodStartYear(), true)
	c.Year("period_end_year", r.GetPeriodEndYear(), true)
	if s, e := r.GetPeriodStartYear(), r.GetPeriodEndYear(); s != 0 && e != 0 && e < s {
		c.Report("period_end_year", MsgBefore, "End", e, FieldArg, "period_start_year", "Start", s)
	}
	if a := r.GetAdoption(); a != nil {
		ac := c.At("adoption")
		ac.Text("body", a.GetBody(), MaxShort, false)
		ac.Date("date", a.GetDate(), false)
		ac.Text("reference", a.GetReference(), MaxShort, false)
	}
	if r.GetStatus() == hcnetv1.PlanStatus_PLAN_STATUS_ADOPTED && r.GetAdoption().GetDate() == "" {
		c.Report("adoption.date", MsgAdoptedDate)
	}
	goals := map[string]bool{}
	if c.List("goals", len(r.GetGoals())) {
		for i, g := range r.GetGoals() {
			gc := c.Index("goals", i)
			gc.Text("id", g.GetId(), 40, false)
			if g.GetId() != "" && goals[g.GetId()] {
				gc.Report("id", MsgGoalIDTwice, "Value", strconv.Quote(g.GetId()))
			}
			goals[g.GetId()] = true
			gc.Text("title", g.GetTitle(), MaxShort, true)
			gc.Text("description", g.GetDescription(), MaxLong, false)
			gc.SDG("sdg", g.GetSdg())
		}
	}
	if c.List("actions", len(r.GetActions())) {
		actions := map[string]bool{}
		for i, a := range r.GetActions() {
			ac := c.Index("actions", i)
			ac.Text("id", a.GetId(), 40, false)
			if a.GetId() != "" && actions[a.GetId()] {
				ac.Report("id", MsgActionIDTwice, "Value", strconv.Quote(a.GetId()))
			}
			actions[a.GetId()] = true
			ac.Text("title", a.GetTitle(), MaxShort, true)
			if a.GetGoalId() != "" && !goals[a.GetGoalId()] {
				ac.Report("goal_id", MsgNotPlanGoal, "Value", strconv.Quote(a.GetGoalId()))
			}
			ac.Date("due_date", a.GetDueDate(), false)
			ac.Enum("status", a.GetStatus(), true)
			ac.ID("partnership_id", a.GetPartnershipId(), false)
		}
	}
	ids(c, "partnership_ids", r.GetPartnershipIds())
	c.PrimaryHealthCare("primary_health_care", r.GetPrimaryHealthCare())
}

func ids(c Checker, name string, items []string) {
	if !c.List(name, len(items)) {
		return
	}
	seen := map[string]bool{}
	for i, id := range items {
		c.ID(indexName(name, i), id, true)
		if seen[id] {
			c.Report(indexName(name, i), MsgRepeats, "Value", id)
		}
		seen[id] = true
	}
}

// Number checks a measured number: finite and of a sane size.
func (c Checker) Number(name string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxValue {
		c.Report(name, MsgNotNumber, "Value", v)
	}
}

func validateIndicator(c Checker, r *hcnetv1.Indicator) {
	c.Visibility(r.GetVisibility())
	c.ID("plan_id", r.GetPlanId(), true)
	c.Text("goal_id", r.GetGoalId(), 40, false)
	c.Text("name", r.GetName(), MaxShort, true)
	c.Text("description", r.GetDescription(), MaxLong, false)
	c.Text("unit", r.GetUnit(), 60, true)
	c.Enum("direction", r.GetDirection(), false)
	c.Number("baseline", r.GetBaseline())
	c.Number("target", r.GetTarget())
	c.DateRange("baseline_date", r.GetBaselineDate(), "target_date", r.GetTargetDate())
	c.SDG("sdg", r.GetSdg())
	// Measurements accumulate over years, by district and group: allow more.
	if n := len(r.GetMeasurements()); n > 50*MaxList {
		c.Report("measurements", MsgTooMany, "Count", n, "Max", 50*MaxList)
		return
	}
	for i, m := range r.GetMeasurements() {
		ValidateMeasurement(c.Index("measurements", i), m)
	}
}

// ValidateMeasurement checks one measured value.
func ValidateMeasurement(c Checker, m *hcnetv1.Measurement) {
	if m == nil {
		c.Report("", MsgRequired)
		return
	}
	c.Date("date", m.GetDate(), true)
	c.Number("value", m.GetValue())
	if b := m.GetBreakdown(); b != nil {
		bc := c.At("breakdown")
		bc.Enum("kind", b.GetKind(), true)
		bc.Text("label", b.GetLabel(), MaxShort, true)
	}
	c.Text("note", m.GetNote(), MaxLong, false)
	c.Text("source", m.GetSource(), MaxShort, false)
}

func validatePractice(c Checker, r *hcnetv1.Practice) {
	c.Visibility(r.GetVisibility())
	if len(r.GetTexts()) == 0 {
		c.Report("texts", MsgTextsRequired)
	}
	if len(r.GetTexts()) > 40 {
		c.Report("texts", MsgTooManyLanguages, "Count", len(r.GetTexts()), "Max", 40)
	}
	for _, tag := range sortedKeys(r.GetTexts()) {
		tc := c.At(fmt.Sprintf("texts[%q]", tag))
		c.Language(fmt.Sprintf("texts[%q]", tag), tag)
		t := r.GetTexts()[tag]
		tc.Text("title", t.GetTitle(), MaxShort, true)
		tc.Text("summary", t.GetSummary(), 4000, false)
		tc.Text("body", t.GetBody(), MaxLong, false)
	}
	if ol := r.GetOriginalLanguage(); ol != "" {
		if _, ok := r.GetTexts()[ol]; !ok {
			c.Report("original_language", MsgNoText, "Value", strconv.Quote(ol))
		}
	}
	c.Enum("status", r.GetStatus(), true)
	for _, f := range []struct{ name, v string }{
		{"problem", r.GetProblem()}, {"context", r.GetContext()}, {"activities", r.GetActivities()},
		{"resources", r.GetResources()}, {"results", r.GetResults()}, {"lessons_learnt", r.GetLessonsLearnt()},
		{"transfer_notes", r.GetTransferNotes()}, {"evidence", r.GetEvidence()},
	} {
		c.Text(f.name, f.v, MaxLong, false)
	}
	c.Strings("partners", r.GetPartners())
	ids(c, "indicator_ids", r.GetIndicatorIds())
	if c.List("contacts", len(r.GetContacts())) {
		for i, ct := range r.GetContacts() {
			c.Contact(indexName("contacts", i), ct)
		}
	}
	c.Text("licence", r.GetLicence(), 100, false)
	if a := r.GetAdoptedFrom(); a != nil {
		ac := c.At("adopted_from")
		ac.CityID("city_id", a.GetCityId(), true)
		ac.Country("country", a.GetCountry(), true)
		ac.ID("practice_id", a.GetPracticeId(), true)
	}
	Enums(c, "sectors", r.GetSectors())
	Enums(c, "settings", r.GetSettings())
	Enums(c, "mechanisms", r.GetMechanisms())
	c.SDG("sdg", r.GetSdg())
	Enums(c, "six_ps", r.GetSixPs())
	c.Strings("equity_groups", r.GetEquityGroups())
	ids(c, "partnership_ids", r.GetPartnershipIds())
	c.ContactPoint("contact_point", r.GetContactPoint())
}

func validateSuccess(c Checker, r *hcnetv1.Success) {
	c.Visibility(r.GetVisibility())
	c.Text("title", r.GetTitle(), MaxShort, true)
	c.ID("partnership_id", r.GetPartnershipId(), false)
	c.Text("outcome", r.GetOutcome(), MaxLong, true)
	c.Date("date", r.GetDate(), false)
	if c.List("partner_cities", len(r.GetPartnerCities())) {
		seen := map[string]bool{}
		for i, pc := range r.GetPartnerCities() {
			cc := c.Index("partner_cities", i)
			cc.CityID("city_id", pc.GetCityId(), true)
			cc.Country("country", pc.GetCountry(), true)
			cc.Text("name", pc.GetName(), MaxShort, false)
			key := pc.GetCountry() + "/" + pc.GetCityId()
			if seen[key] {
				cc.Report("city_id", MsgCityTwice, "City", key)
			}
			seen[key] = true
		}
	}
	c.SDG("sdg", r.GetSdg())
}

func validateEndorsement(c Checker, r *hcnetv1.Endorsement) {
	c.Visibility(r.GetVisibility())
	s := r.GetSuccess()
	if s == nil {
		c.Report("success", MsgRequired)
	} else {
		sc := c.At("success")
		sc.CityID("city_id", s.GetCityId(), true)
		sc.Country("country", s.GetCountry(), true)
		sc.ID("success_id", s.GetSuccessId(), true)
	}
	c.Text("statement", r.GetStatement(), MaxLong, false)
	c.Date("date", r.GetDate(), false)
}
