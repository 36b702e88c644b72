package record_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

func TestEveryKindHasOneEntry(t *testing.T) {
	seen := map[string]record.Kind{}
	for _, k := range record.Kinds {
		in := record.Lookup(k)
		if in == nil {
			t.Fatalf("Lookup(%q) = nil", k)
		}
		if in.Kind != k {
			t.Errorf("Lookup(%q).Kind = %q", k, in.Kind)
		}
		name := string(in.New().ProtoReflect().Descriptor().FullName())
		if other, ok := seen[name]; ok {
			t.Errorf("%s and %s both make a %s", other, k, name)
		}
		seen[name] = k
	}
	if in := record.Lookup("meeting"); in != nil {
		t.Errorf("Lookup(meeting) = %v, want nil", in.Kind)
	}
	if _, err := record.New("meeting"); err == nil {
		t.Error("New(meeting) made a record")
	}
}

func TestSharedKinds(t *testing.T) {
	want := []record.Kind{record.KindCity, record.KindPartnership, record.KindHealthPlan,
		record.KindIndicator, record.KindPractice, record.KindSuccess, record.KindEndorsement}
	if got := record.SharedKinds(); !slices.Equal(got, want) {
		t.Errorf("SharedKinds = %v, want %v", got, want)
	}
}

func TestNewAndKindOfAgree(t *testing.T) {
	for _, k := range record.Kinds {
		m, err := record.New(k)
		if err != nil {
			t.Fatal(err)
		}
		got, err := record.KindOf(m)
		if err != nil || got != k {
			t.Errorf("KindOf(New(%q)) = %q, %v", k, got, err)
		}
		if in, err := record.Of(m); err != nil || in != record.Lookup(k) {
			t.Errorf("Of(New(%q)) is not Lookup(%q): %v", k, k, err)
		}
	}
	if _, err := record.KindOf(&hcnetv1.Contact{}); err == nil {
		t.Error("KindOf(Contact) found a kind")
	}
}

func TestWrapUnwrapRoundTrips(t *testing.T) {
	for _, k := range record.Kinds {
		in := record.Lookup(k)
		m := in.New()
		record.SetMeta(m, record.Meta{ID: "01J0000000000000000000000" + string('A'+rune(len(k))), Version: 3})
		rec := in.Wrap(m)
		if !in.Shared {
			if rec != nil {
				t.Errorf("%s does not travel on its own but wraps into %v", k, rec)
			}
			continue
		}
		if rec == nil {
			t.Fatalf("%s travels but does not wrap", k)
		}
		// Through the wire and back, as a hub receives it.
		data, err := proto.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		back := &hcnetv1.SharedRecord{}
		if err := proto.Unmarshal(data, back); err != nil {
			t.Fatal(err)
		}
		got, inner := record.Unwrap(back)
		if got != in {
			t.Fatalf("Unwrap(Wrap(%s)) is a %v", k, got)
		}
		if !proto.Equal(inner, m) {
			t.Errorf("Unwrap(Wrap(%s)) = %v, want %v", k, inner, m)
		}
	}
	if in, m := record.Unwrap(&hcnetv1.SharedRecord{}); in != nil || m != nil {
		t.Errorf("Unwrap(empty) = %v, %v", in, m)
	}
}

func TestPracticeTitleFallback(t *testing.T) {
	text := func(title string) *hcnetv1.PracticeText {
		return &hcnetv1.PracticeText{Title: title, Summary: "about " + title}
	}
	tests := []struct {
		title    string
		original string
		texts    map[string]*hcnetv1.PracticeText
		lang     string
		want     string
	}{
		{"the reader's language first", "sv", map[string]*hcnetv1.PracticeText{"sv": text("Skola"), "en": text("School")}, "en", "School"},
		{"else the original", "sv", map[string]*hcnetv1.PracticeText{"sv": text("Skola"), "en": text("School")}, "fi", "Skola"},
		{"no language asked: the original", "sv", map[string]*hcnetv1.PracticeText{"sv": text("Skola"), "en": text("School")}, "", "Skola"},
		// The original names a language it has no text in: the first
		// language alphabetically, even one after the original's name.
		{"original missing: the first language", "sv", map[string]*hcnetv1.PracticeText{"fi": text("Koulu"), "ru": text("Школа")}, "", "Koulu"},
		{"original missing, only later languages", "de", map[string]*hcnetv1.PracticeText{"sv": text("Skola"), "fi": text("Koulu")}, "", "Koulu"},
		{"no original", "", map[string]*hcnetv1.PracticeText{"sv": text("Skola"), "en": text("School")}, "", "School"},
		{"no text at all", "sv", nil, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			p := &hcnetv1.Practice{OriginalLanguage: tc.original, Texts: tc.texts}
			rec := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: p}}
			if got := record.Title(rec, tc.lang); got != tc.want {
				t.Errorf("Title = %q, want %q", got, tc.want)
			}
			txt := record.Lookup(record.KindPractice).Text(p, tc.lang)
			if txt.Title != tc.want || (tc.want != "" && txt.Summary != "about "+tc.want) {
				t.Errorf("Text = %+v, want title %q with its summary", txt, tc.want)
			}
			if !slices.IsSorted(txt.Languages) || len(txt.Languages) != len(tc.texts) {
				t.Errorf("Languages = %v, want the %d languages in order", txt.Languages, len(tc.texts))
			}
		})
	}
}

func TestTitles(t *testing.T) {
	tests := []struct {
		title string
		rec   *hcnetv1.SharedRecord
		want  string
	}{
		{"city", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: &hcnetv1.City{Name: "Malmö"}}}, "Malmö"},
		{"partnership", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: &hcnetv1.SharedPartnership{
			Partnership: &hcnetv1.Partnership{Title: "Safe routes"}}}}, "Safe routes"},
		{"plan", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_HealthPlan{HealthPlan: &hcnetv1.HealthPlan{Title: "Plan 2030"}}}, "Plan 2030"},
		{"indicator", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: &hcnetv1.Indicator{Name: "Obesity"}}}, "Obesity"},
		{"success", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Success{Success: &hcnetv1.Success{Title: "Fewer smokers"}}}, "Fewer smokers"},
		{"endorsement", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Endorsement{Endorsement: &hcnetv1.Endorsement{
			Success: &hcnetv1.SuccessRef{Country: "se", CityId: "malmo"}}}}, "Endorsement of se/malmo"},
		{"endorsement of a success it may not name", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Endorsement{Endorsement: &hcnetv1.Endorsement{}}}, "Endorsement"},
		{"nothing", &hcnetv1.SharedRecord{}, ""},
	}
	for _, tc := range tests {
		if got := record.Title(tc.rec, "en"); got != tc.want {
			t.Errorf("%s: Title = %q, want %q", tc.title, got, tc.want)
		}
	}
}

// node is a node's records for SharedForm, by id.
type node map[string]proto.Message

func (n node) source(self string) record.Source {
	return record.Source{
		Get: func(k record.Kind, id string) (proto.Message, error) {
			m, ok := n[id]
			if !ok {
				return nil, errors.New("no " + string(k) + " " + id)
			}
			return m, nil
		},
		Names: func(country, city string) bool { return country+"/"+city == self },
	}
}

func TestSharedForm(t *testing.T) {
	const (
		pub   = hcnetv1.Visibility_VISIBILITY_PUBLIC
		net   = hcnetv1.Visibility_VISIBILITY_NETWORK
		priv  = hcnetv1.Visibility_VISIBILITY_PRIVATE
		psPub = "01J00000000000000000000001"
		psNet = "01J00000000000000000000002"
		prLoc = "01J00000000000000000000003"
		prPub = "01J00000000000000000000004"
		prNet = "01J00000000000000000000005"
	)
	n := node{
		psPub: &hcnetv1.Partnership{Id: psPub, Visibility: pub},
		psNet: &hcnetv1.Partnership{Id: psNet, Visibility: net},
		prLoc: &hcnetv1.Practice{Id: prLoc, Visibility: priv},
		prPub: &hcnetv1.Partner{Id: prPub, Visibility: pub, Organisation: "Library", Sector: hcnetv1.Sector(2)},
		prNet: &hcnetv1.Partner{Id: prNet, Visibility: net, Organisation: "School"},
	}
	src := n.source("se/malmo")

	t.Run("a practice keeps what may travel as far and no contacts", func(t *testing.T) {
		p := &hcnetv1.Practice{Id: "01J0000000000000000000000P", Visibility: pub, PartnershipIds: []string{psNet, psPub},
			Contacts: []*hcnetv1.Contact{{Name: "Anna"}},
			// Adopted from a practice of this node that stays on it.
			AdoptedFrom: &hcnetv1.PracticeRef{Country: "se", CityId: "malmo", PracticeId: prLoc}}
		rec, err := record.SharedForm(p, src)
		if err != nil {
			t.Fatal(err)
		}
		got := rec.GetPractice()
		if !slices.Equal(got.GetPartnershipIds(), []string{psPub}) || len(got.GetContacts()) > 0 || got.GetAdoptedFrom() != nil {
			t.Errorf("shared practice = %v", got)
		}
		if len(p.GetContacts()) != 1 || len(p.GetPartnershipIds()) != 2 || p.GetAdoptedFrom() == nil {
			t.Errorf("SharedForm changed the record it was given: %v", p)
		}
		if why := record.Personal(rec); why != "" {
			t.Errorf("the shared form carries %s", why)
		}
	})
	t.Run("another city's practice is named as it is", func(t *testing.T) {
		p := &hcnetv1.Practice{Visibility: pub, AdoptedFrom: &hcnetv1.PracticeRef{Country: "dk", CityId: "aarhus", PracticeId: prLoc}}
		rec, err := record.SharedForm(p, src)
		if err != nil || rec.GetPractice().GetAdoptedFrom().GetPracticeId() != prLoc {
			t.Errorf("SharedForm = %v, %v", rec, err)
		}
	})
	t.Run("a partnership names its partners by what may travel", func(t *testing.T) {
		p := &hcnetv1.Partnership{Visibility: pub, Partners: []*hcnetv1.PartnershipMember{{PartnerId: prPub, Role: "lead"}, {PartnerId: prNet, Role: "host"}}}
		rec, err := record.SharedForm(p, src)
		if err != nil {
			t.Fatal(err)
		}
		sp := rec.GetPartnership()
		if len(sp.GetPartnership().GetPartners()) > 0 || len(sp.GetPartners()) != 2 {
			t.Fatalf("shared partnership = %v", sp)
		}
		if a, b := sp.GetPartners()[0], sp.GetPartners()[1]; a.GetOrganisation() != "Library" || a.GetRole() != "lead" || b.GetOrganisation() != "" || b.GetRole() != "host" {
			t.Errorf("shared partners = %v", sp.GetPartners())
		}
		ix := record.IndexShared(rec)
		if !strings.Contains(ix.Text, "Library") || strings.Contains(ix.Text, "School") {
			t.Errorf("index text %q", ix.Text)
		}
	})
	t.Run("a city without its coordinator", func(t *testing.T) {
		c := &hcnetv1.City{Visibility: pub, Name: "Malmö", Coordinator: &hcnetv1.Contact{Name: "Anna"}}
		rec, err := record.SharedForm(c, src)
		if err != nil || rec.GetCity().GetCoordinator() != nil || rec.GetCity().GetName() != "Malmö" {
			t.Errorf("SharedForm = %v, %v", rec, err)
		}
		if why := record.Personal(record.Lookup(record.KindCity).Wrap(c)); why == "" {
			t.Error("a city with its coordinator is not personal")
		}
	})
	t.Run("a partner has no shared form", func(t *testing.T) {
		if _, err := record.SharedForm(&hcnetv1.Partner{}, src); err == nil {
			t.Error("a partner was shared on its own")
		}
	})
	t.Run("a record it names that the node lacks is an error", func(t *testing.T) {
		if _, err := record.SharedForm(&hcnetv1.Success{Visibility: pub, PartnershipId: "01J0000000000000000000000X"}, src); err == nil {
			t.Error("no error")
		}
	})
}

func TestLinks(t *testing.T) {
	s := &hcnetv1.Success{PartnershipId: "01J00000000000000000000001", PartnerCities: []*hcnetv1.CityRef{
		{Country: "dk", CityId: "aarhus"}, {Country: "fi", CityId: "turku"}}}
	rec := record.Lookup(record.KindSuccess).Wrap(s)
	got := record.LinksOf(rec)
	if len(got) != 2 || got[0].Rel != record.RelPartner || got[0].Country+"/"+got[0].City != "dk/aarhus" || got[1].City != "turku" || got[0].ID != "" {
		t.Errorf("LinksOf(success) = %+v", got)
	}
	// A partner city is a link, not a reference the node resolves.
	if refs := record.IndexOf(s).Refs; len(refs) != 1 || refs[0].Kind != record.KindPartnership {
		t.Errorf("IndexOf(success).Refs = %+v", refs)
	}
	e := &hcnetv1.Endorsement{Success: &hcnetv1.SuccessRef{Country: "dk", CityId: "aarhus", SuccessId: "01J00000000000000000000009"}}
	if got := record.LinksOf(record.Lookup(record.KindEndorsement).Wrap(e)); len(got) != 1 || got[0].Rel != record.RelEndorses || got[0].Kind != record.KindSuccess {
		t.Errorf("LinksOf(endorsement) = %+v", got)
	}
	for k, want := range map[record.Kind][]record.Rel{
		record.KindSuccess:  {record.RelEndorses},
		record.KindPractice: {record.RelAdoptedFrom},
		record.KindCity:     {record.RelPartner},
		record.KindPartner:  nil,
	} {
		if got := record.LinkedBy(k); !slices.Equal(got, want) {
			t.Errorf("LinkedBy(%s) = %v, want %v", k, got, want)
		}
	}
}

// Every kind that travels has a shared form that unwraps to its own kind.
func TestSharedFormOfEveryKind(t *testing.T) {
	src := node{}.source("se/malmo")
	for _, k := range record.SharedKinds() {
		in := record.Lookup(k)
		m := in.New()
		m.ProtoReflect().Set(m.ProtoReflect().Descriptor().Fields().ByName("visibility"),
			protoreflect.ValueOfEnum(hcnetv1.Visibility_VISIBILITY_PUBLIC.Number()))
		rec, err := record.SharedForm(m, src)
		if err != nil {
			t.Fatalf("SharedForm(%s): %v", k, err)
		}
		if got, _ := record.Unwrap(rec); got != in {
			t.Errorf("the shared form of a %s unwraps to %v", k, got)
		}
	}
}
