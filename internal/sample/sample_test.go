package sample

import (
	"strings"
	"testing"

	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestCitiesAreComplete(t *testing.T) {
	if len(Cities) < 6 {
		t.Fatalf("%d sample cities, want at least 6", len(Cities))
	}
	ids := map[string]bool{}
	langs := map[string]bool{}
	for _, c := range Cities {
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
		if ids[c.ID] {
			t.Errorf("city id %q used twice", c.ID)
		}
		ids[c.ID] = true
		langs[c.Language] = true
		if got, ok := Lookup(c.ID); !ok || got.Name != c.Name {
			t.Errorf("Lookup(%q) = %q, %v", c.ID, got.Name, ok)
		}
		if !strings.Contains(c.Orgs.Residents, string([]rune(c.Districts[0])[:4])) {
			t.Errorf("%s: residents' association %q is not in the first district %q", c.ID, c.Orgs.Residents, c.Districts[0])
		}
	}
	for lang := range langs {
		if _, ok := phrasebooks[lang]; !ok {
			t.Errorf("no phrasebook for %q", lang)
		}
	}
	if len(langs) < 6 {
		t.Errorf("%d languages among the sample cities, want at least 6", len(langs))
	}
	if _, ok := Lookup("atlantis"); ok {
		t.Error("Lookup found a city that is not there")
	}
}

// built is every record Load would send for one city, with made-up ids in
// place of the node's.
type built struct {
	partners     []*hcnetv1.Partner
	partnerships []*hcnetv1.Partnership
	psIDs        []string // the partnerships' made-up ids, in order
	plan         *hcnetv1.HealthPlan
	indicators   []*hcnetv1.Indicator
	later        [][]*hcnetv1.Measurement
	practices    []*hcnetv1.Practice
	success      *hcnetv1.Success
	endorsement  *hcnetv1.Endorsement
}

func build(t *testing.T, c CitySpec) built {
	t.Helper()
	var b built
	pids := map[partnerKey]string{}
	for _, d := range partners(c) {
		pids[d.key] = ulid.Make().String()
		b.partners = append(b.partners, d.partner)
	}
	psids := map[partnershipKey]string{}
	for _, d := range partnerships(c, pids) {
		psids[d.key] = ulid.Make().String()
		b.partnerships = append(b.partnerships, d.partnership)
		b.psIDs = append(b.psIDs, psids[d.key])
	}
	b.plan = plan(c, psids)
	var inds []string
	for _, d := range indicatorDefs(c) {
		ind, later := d.indicator(c, ulid.Make().String())
		b.indicators = append(b.indicators, ind)
		b.later = append(b.later, later)
		inds = append(inds, ulid.Make().String())
	}
	b.practices = practices(c, psids, inds)
	b.success = success(c, psids)
	_, before := neighbours(c)
	b.endorsement = endorsement(c, &hcnetv1.SuccessRef{CityId: before.ID, Country: before.Country, SuccessId: PlaceholderSuccessID(before)})
	return b
}

func (b built) all() []proto.Message {
	var out []proto.Message
	for _, p := range b.partners {
		out = append(out, p)
	}
	for _, p := range b.partnerships {
		out = append(out, p)
	}
	out = append(out, b.plan)
	for _, i := range b.indicators {
		out = append(out, i)
	}
	for _, p := range b.practices {
		out = append(out, p)
	}
	return append(out, b.success, b.endorsement)
}

// TestRecordsAreValid runs the node's own validation over every record of
// every sample city, so a spec that breaks a rule fails here, not in a demo.
func TestRecordsAreValid(t *testing.T) {
	for _, c := range Cities {
		t.Run(c.ID, func(t *testing.T) {
			b := build(t, c)
			for _, m := range b.all() {
				if vs := record.Validate("", m); len(vs) > 0 {
					t.Errorf("%T: %v", m, vs)
				}
			}
			for _, later := range b.later {
				for _, m := range later {
					var vs record.Violations
					record.ValidateMeasurement(record.NewChecker("measurement", &vs), m)
					if len(vs) > 0 {
						t.Errorf("measurement: %v", vs)
					}
				}
			}
			if vs := record.Validate("city", profile(c)); len(vs) > 0 {
				t.Errorf("city profile: %v", vs)
			}
		})
	}
}

func TestSampleShape(t *testing.T) {
	for _, c := range Cities {
		t.Run(c.ID, func(t *testing.T) {
			b := build(t, c)
			if len(b.partners) < 8 || len(b.partnerships) < 4 || len(b.practices) < 3 {
				t.Errorf("%d partners, %d partnerships, %d practices; want at least 8, 4, 3",
					len(b.partners), len(b.partnerships), len(b.practices))
			}
			if g := len(b.plan.GetGoals()); g != 3 {
				t.Errorf("plan has %d goals, want 3", g)
			}
			kinds := map[hcnetv1.PartnerKind]bool{}
			sectors := map[hcnetv1.Sector]bool{}
			for _, p := range b.partners {
				kinds[p.GetKind()] = true
				sectors[p.GetSector()] = true
			}
			if len(kinds) < 6 || len(sectors) < 6 {
				t.Errorf("partners span %d kinds and %d sectors, want at least 6 of each", len(kinds), len(sectors))
			}
			levels := map[hcnetv1.PartnershipLevel]bool{}
			for _, p := range b.partnerships {
				levels[p.GetLevel()] = true
			}
			if len(levels) != 4 {
				t.Errorf("partnerships span %d levels, want all 4", len(levels))
			}
			vis := map[hcnetv1.Visibility]int{}
			for _, m := range b.all() {
				vis[hcnetv1.Visibility(m.ProtoReflect().Get(m.ProtoReflect().Descriptor().Fields().ByName("visibility")).Enum())]++
			}
			for _, v := range []hcnetv1.Visibility{hcnetv1.Visibility_VISIBILITY_PRIVATE, hcnetv1.Visibility_VISIBILITY_NETWORK, hcnetv1.Visibility_VISIBILITY_PUBLIC} {
				if vis[v] == 0 {
					t.Errorf("no record is %s", v)
				}
			}
			if vis[hcnetv1.Visibility_VISIBILITY_UNSPECIFIED] > 0 {
				t.Errorf("%d records have no visibility", vis[hcnetv1.Visibility_VISIBILITY_UNSPECIFIED])
			}
			for _, p := range b.practices {
				local := p.GetTexts()[c.Language]
				if p.GetTexts()["en"].GetTitle() == "" || local.GetTitle() == "" {
					t.Errorf("practice lacks an English or %s title: %v", c.Language, p.GetTexts())
				}
				if !strings.Contains(local.GetBody(), c.Districts[0]) && !strings.Contains(local.GetBody(), c.Districts[1]) {
					t.Errorf("%s body names no pilot district: %q", c.Language, local.GetBody())
				}
				if p.GetLicence() != "CC-BY-4.0" {
					t.Errorf("licence %q", p.GetLicence())
				}
			}
			for _, pc := range b.success.GetPartnerCities() {
				if pc.GetCityId() == c.ID {
					t.Errorf("success names its own city as partner")
				}
			}
		})
	}
}

// TestEquityGapsShow checks that the first district fares worse than the
// city as a whole on every indicator, every year, so a chart of the sample
// shows the gap the plan is about.
func TestEquityGapsShow(t *testing.T) {
	for _, c := range Cities {
		for _, d := range indicatorDefs(c) {
			ind, later := d.indicator(c, "")
			ms := append(append([]*hcnetv1.Measurement(nil), ind.GetMeasurements()...), later...)
			if want := len(measuredYears) * (1 + len(c.Districts) + len(d.groups)); len(ms) != want {
				t.Errorf("%s %q: %d measurements, want %d", c.ID, d.name, len(ms), want)
			}
			city := map[string]float64{}
			for _, m := range ms {
				if m.GetBreakdown() == nil {
					city[m.GetDate()] = m.GetValue()
				}
			}
			for _, m := range ms {
				if m.GetBreakdown().GetLabel() != c.Districts[0] {
					continue
				}
				worse := m.GetValue() < city[m.GetDate()]
				if d.direction == hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE {
					worse = m.GetValue() > city[m.GetDate()]
				}
				if !worse {
					t.Errorf("%s %q %s: %s %v is not worse than the city's %v",
						c.ID, d.name, m.GetDate(), c.Districts[0], m.GetValue(), city[m.GetDate()])
				}
			}
		}
	}
}

func TestPlaceholderSuccessID(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Cities {
		id := PlaceholderSuccessID(c)
		if _, err := ulid.ParseStrict(id); err != nil {
			t.Errorf("%s: %q: %v", c.ID, id, err)
		}
		if id != PlaceholderSuccessID(c) {
			t.Errorf("%s: placeholder id changes between calls", c.ID)
		}
		if seen[id] {
			t.Errorf("%s: placeholder id %s repeats", c.ID, id)
		}
		seen[id] = true
	}
}

func TestEmailLocal(t *testing.T) {
	for in, want := range map[string]string{
		"Anna Lindqvist":    "anna.lindqvist",
		"Piotr Wiśniewski":  "piotr.wisniewski",
		"Mette Sørensen":    "mette.sorensen",
		"Fátima El Idrissi": "fatima.el.idrissi",
	} {
		if got := emailLocal(in); got != want {
			t.Errorf("emailLocal(%q) = %q, want %q", in, got, want)
		}
	}
}
