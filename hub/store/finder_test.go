package store

import (
	"context"
	"slices"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func finderFixture(t testing.TB) *fixture {
	t.Helper()
	f := newFixture(t)
	schools := hcnetv1.Setting_SETTING_SCHOOLS
	active := hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE
	across := hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS
	// Turku works most on school meals: two practices and a partnership.
	f.put("fi/turku", "city", "turku", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: &hcnetv1.City{Id: "turku", Name: "Turku – Åbo"}}})
	f.put("fi/turku", "practice", "t1", practice("en", en("School meals", "Free school meals", "Meals cooked locally."), 2, schools))
	f.put("fi/turku", "practice", "t2", practice("en", en("Vegetables first", "Meals start with vegetables", "School kitchens."), 2, 3, schools))
	f.put("fi/turku", "partnership", "t3", partnership("Meals alliance", across, active, 2, schools))
	// Malmö has one recent practice on meals, and walking.
	f.put("se/malmo", "practice", "m1", practice("sv", map[string]text{"sv": {"Skolmåltider", "Måltider", "Meals in Swedish schools."}}, 2, schools))
	f.put("se/malmo", "practice", "m2", practice("en", en("Walking to school", "Walk", "Safe routes."), 3, 11, schools))
	// Köln had as much meal work as Turku, but six years ago.
	old := f.clock.AddDate(-6, 0, 0)
	f.putSigned("de/koeln", "practice", "k1", practice("de", en("School meals", "Meals", "Meals."), 2, schools), old)
	f.putSigned("de/koeln", "practice", "k2", practice("de", en("Meals", "Meals", "Meals."), 2, schools), old)
	f.putSigned("de/koeln", "partnership", "k3", partnership("Meals", across, active, 2, schools), old)
	// Riga works on meals too, but its membership was revoked.
	f.put("lv/riga", "practice", "r1", practice("en", en("School meals", "Meals", "Meals, meals, meals."), 2, schools))
	if _, err := f.store.db.Write.Exec(`INSERT INTO members (country, city_id, name, public_key, status, apply_time) VALUES
		('lv', 'riga', 'Riga', 'U', 'revoked', '2025-01-01T00:00:00Z'), ('se', 'malmo', 'Malmö stad', 'U', 'approved', '2025-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFindPartners(t *testing.T) {
	f := finderFixture(t)
	for _, tc := range []struct {
		title    string
		req      *hcnetv1.FindPartnersRequest
		cities   []string
		evidence []string // of the first city, best first
	}{
		{title: "topic", req: &hcnetv1.FindPartnersRequest{Topic: "meals"}, cities: []string{"turku", "malmo", "koeln"}},
		// One practice each; Malmö's was signed a moment later.
		{title: "sdg goal", req: &hcnetv1.FindPartnersRequest{SdgGoal: 3}, cities: []string{"malmo", "turku"}},
		{title: "sdg 11 only in Malmö", req: &hcnetv1.FindPartnersRequest{SdgGoal: 11}, cities: []string{"malmo"}, evidence: []string{"m2"}},
		{title: "setting", req: &hcnetv1.FindPartnersRequest{Setting: hcnetv1.Setting_SETTING_SCHOOLS}, cities: []string{"turku", "malmo", "koeln"}},
		{title: "all together", req: &hcnetv1.FindPartnersRequest{Topic: "walk*", SdgGoal: 3, Setting: hcnetv1.Setting_SETTING_SCHOOLS}, cities: []string{"malmo"}},
		{title: "limit", req: &hcnetv1.FindPartnersRequest{Topic: "meals", Limit: 1}, cities: []string{"turku"}, evidence: []string{"t1", "t2", "t3"}},
		{title: "nobody", req: &hcnetv1.FindPartnersRequest{Topic: "bicycles"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			svc := f.store
			resp, err := svc.FindPartners(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			var cities []string
			for i, c := range resp.GetCandidates() {
				cities = append(cities, c.GetCityId())
				if c.GetScore() <= 0 || len(c.GetEvidence()) == 0 {
					t.Errorf("%s: score %v with %d records of evidence", c.GetCityId(), c.GetScore(), len(c.GetEvidence()))
				}
				if i > 0 && c.GetScore() > resp.GetCandidates()[i-1].GetScore() {
					t.Errorf("%s scores above the city before it", c.GetCityId())
				}
			}
			if !slices.Equal(cities, tc.cities) {
				t.Errorf("cities %v, want %v", cities, tc.cities)
			}
			if tc.evidence != nil {
				first := resp.GetCandidates()[0]
				if got := ids(first.GetEvidence()); !slices.Equal(sorted(got), sorted(tc.evidence)) {
					t.Errorf("evidence %v, want %v", got, tc.evidence)
				}
			}
		})
	}
}

func TestFindPartnersDetails(t *testing.T) {
	f := finderFixture(t)
	resp, err := f.store.FindPartners(context.Background(), &hcnetv1.FindPartnersRequest{Topic: "meals"})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, c := range resp.GetCandidates() {
		names[c.GetCityId()] = c.GetName()
		for _, e := range c.GetEvidence() {
			if e.GetSnippet() == "" {
				t.Errorf("%s: evidence %s has no snippet", c.GetCityId(), e.GetId())
			}
		}
	}
	want := map[string]string{"turku": "Turku – Åbo", "malmo": "Malmö stad", "koeln": "koeln"}
	for id, name := range want {
		if names[id] != name {
			t.Errorf("%s named %q, want %q (city profile, then membership, then id)", id, names[id], name)
		}
	}
	// A practice carries more weight than a partnership; both are as
	// recent and as relevant, so the partnership is the last evidence.
	if ev := ids(resp.GetCandidates()[0].GetEvidence()); ev[len(ev)-1] != "t3" {
		t.Errorf("turku's evidence %v, want the partnership t3 last", ev)
	}
}

func TestFindPartnersRecency(t *testing.T) {
	f := newFixture(t)
	now := f.clock
	f.putSigned("se/new", "practice", "n", practice("en", en("Meals", "Meals", "Meals."), 2), now)
	f.putSigned("se/old", "practice", "o", practice("en", en("Meals", "Meals", "Meals."), 2), now.Add(-2*365*24*time.Hour))
	resp, err := f.store.FindPartners(context.Background(), &hcnetv1.FindPartnersRequest{SdgGoal: 2})
	if err != nil {
		t.Fatal(err)
	}
	c := resp.GetCandidates()
	if len(c) != 2 || c[0].GetCityId() != "new" {
		t.Fatalf("candidates %v, want new first", c)
	}
	// One half-life apart: the older record counts half (the clock moved a
	// few seconds, hence the tolerance).
	if ratio := c[1].GetScore() / c[0].GetScore(); ratio < 0.499 || ratio > 0.501 {
		t.Errorf("old/new score %v, want 0.5", ratio)
	}
}

func TestFindPartnersRefuses(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		title      string
		req        *hcnetv1.FindPartnersRequest
		field, msg string
	}{
		{title: "nothing asked", req: &hcnetv1.FindPartnersRequest{}, field: "topic", msg: "sdg_goal or a setting"},
		{title: "blank topic", req: &hcnetv1.FindPartnersRequest{Topic: "  "}, field: "topic", msg: "sdg_goal or a setting"},
		{title: "bad goal", req: &hcnetv1.FindPartnersRequest{SdgGoal: 18}, field: "sdg_goal", msg: "1–17"},
		{title: "unknown setting", req: &hcnetv1.FindPartnersRequest{Setting: 99}, field: "setting", msg: "not a known"},
		{title: "limit", req: &hcnetv1.FindPartnersRequest{SdgGoal: 3, Limit: 101}, field: "limit", msg: "0–100"},
		{title: "unparsable topic", req: &hcnetv1.FindPartnersRequest{Topic: `"meals`}, field: "topic", msg: "double quotes"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			_, err := f.store.FindPartners(context.Background(), tc.req)
			wantInvalid(t, err, tc.field, tc.msg)
		})
	}
}
