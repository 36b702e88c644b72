package store

import (
	"context"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// TestFindPartnersGivesTheContactPoint: a candidate carries the contact
// point its shared profile publishes; a city that publishes none, or
// shares no profile, carries none.
func TestFindPartnersGivesTheContactPoint(t *testing.T) {
	f := newFixture(t)
	schools := hcnetv1.Setting_SETTING_SCHOOLS
	cp := &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX, Name: "Healthy Turku", Email: "terve@turku.fi"}
	f.put("fi/turku", "city", "turku", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: &hcnetv1.City{Id: "turku", Name: "Turku", ContactPoint: cp}}})
	f.put("fi/turku", "practice", "t1", practice("en", en("School meals", "Free school meals", "Meals."), 2, schools))
	f.put("se/malmo", "city", "malmo", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: &hcnetv1.City{Id: "malmo", Name: "Malmö"}}})
	f.put("se/malmo", "practice", "m1", practice("en", en("School meals", "Meals", "Meals."), 2, schools))
	f.put("dk/aarhus", "practice", "a1", practice("en", en("School meals", "Meals", "Meals."), 2, schools))
	resp, err := f.store.FindPartners(context.Background(), &hcnetv1.FindPartnersRequest{Topic: "meals"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*hcnetv1.ContactPoint{}
	for _, c := range resp.GetCandidates() {
		got[c.GetCityId()] = c.GetContactPoint()
	}
	if len(got) != 3 {
		t.Fatalf("candidates %v, want turku, malmo and aarhus", got)
	}
	if !proto.Equal(got["turku"], cp) {
		t.Errorf("turku's contact point %v, want %v", got["turku"], cp)
	}
	if got["malmo"] != nil || got["aarhus"] != nil {
		t.Errorf("cities that publish none carry %v and %v", got["malmo"], got["aarhus"])
	}
}
