package record

import (
	"slices"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

func TestContactPointValidation(t *testing.T) {
	mailbox := func(edit func(cp *hcnetv1.ContactPoint)) *hcnetv1.ContactPoint {
		cp := &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX,
			Name: "Public health unit", Email: "folkhalsa@malmo.se"}
		if edit != nil {
			edit(cp)
		}
		return cp
	}
	person := func(edit func(cp *hcnetv1.ContactPoint)) *hcnetv1.ContactPoint {
		return mailbox(func(cp *hcnetv1.ContactPoint) {
			cp.Kind, cp.Name, cp.Role, cp.AgreedDate = hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON, "Åsa Öberg", "Coordinator", "2026-11-02"
			if edit != nil {
				edit(cp)
			}
		})
	}
	city := func(cp *hcnetv1.ContactPoint) proto.Message {
		return &hcnetv1.City{Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Name: "Malmö", ContactPoint: cp}
	}
	practice := func(cp *hcnetv1.ContactPoint) proto.Message {
		return &hcnetv1.Practice{Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
			Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Mötesplatser"}}, ContactPoint: cp}
	}
	for _, tc := range []struct {
		title  string
		prefix string
		rec    proto.Message
		want   []string // every field named, none for a valid record
	}{
		{title: "no contact point", prefix: "city", rec: city(nil)},
		{title: "a mailbox", prefix: "city", rec: city(mailbox(nil))},
		{title: "a mailbox with phone and page", prefix: "practice", rec: practice(mailbox(func(cp *hcnetv1.ContactPoint) {
			cp.Phone, cp.Url = "+46 40 34 10 00", "https://malmo.se/halsa"
		}))},
		{title: "a person who agreed", prefix: "practice", rec: practice(person(nil))},
		{title: "a person who did not agree", prefix: "city", rec: city(person(func(cp *hcnetv1.ContactPoint) { cp.AgreedDate = "" })),
			want: []string{"city.contact_point.agreed_date"}},
		{title: "a person agreeing on no date", prefix: "practice", rec: practice(person(func(cp *hcnetv1.ContactPoint) { cp.AgreedDate = "yesterday" })),
			want: []string{"practice.contact_point.agreed_date"}},
		{title: "a person without a name", prefix: "city", rec: city(person(func(cp *hcnetv1.ContactPoint) { cp.Name = " " })),
			want: []string{"city.contact_point.name"}},
		{title: "a mailbox with an agreement", prefix: "city", rec: city(mailbox(func(cp *hcnetv1.ContactPoint) { cp.AgreedDate = "2026-11-02" })),
			want: []string{"city.contact_point.agreed_date"}},
		{title: "no kind", prefix: "city", rec: city(mailbox(func(cp *hcnetv1.ContactPoint) { cp.Kind = 0 })),
			want: []string{"city.contact_point.kind"}},
		{title: "an unknown kind", prefix: "practice", rec: practice(mailbox(func(cp *hcnetv1.ContactPoint) { cp.Kind = 9 })),
			want: []string{"practice.contact_point.kind"}},
		{title: "no e-mail", prefix: "city", rec: city(mailbox(func(cp *hcnetv1.ContactPoint) { cp.Email = "" })),
			want: []string{"city.contact_point.email"}},
		{title: "not an e-mail", prefix: "practice", rec: practice(mailbox(func(cp *hcnetv1.ContactPoint) { cp.Email = "Malmö <folkhalsa@malmo.se>" })),
			want: []string{"practice.contact_point.email"}},
		{title: "a web page that is not one", prefix: "city", rec: city(mailbox(func(cp *hcnetv1.ContactPoint) { cp.Url = "javascript:alert(1)" })),
			want: []string{"city.contact_point.url"}},
		{title: "an empty contact point", prefix: "city", rec: city(&hcnetv1.ContactPoint{}),
			want: []string{"city.contact_point.email", "city.contact_point.kind"}},
	} {
		var got []string
		for _, v := range Validate(tc.prefix, tc.rec) {
			got = append(got, v.Field)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: violations at %v, want %v (%v)", tc.title, got, tc.want, Validate(tc.prefix, tc.rec))
		}
	}
}

// TestSharedFormCarriesTheContactPoint: the contact point a city chose to
// publish travels in the shared form of its profile and of a practice;
// the private contacts beside it never do.
func TestSharedFormCarriesTheContactPoint(t *testing.T) {
	cp := &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX, Name: "Public health unit", Email: "folkhalsa@malmo.se"}
	private := &hcnetv1.Contact{Name: "Private Person", Email: "private.person@malmo.se", Phone: "+46 70 000 00 00"}
	src := Source{Get: func(Kind, string) (proto.Message, error) { return nil, nil }}
	for _, tc := range []struct {
		title string
		rec   proto.Message
		with  func(*hcnetv1.SharedRecord) *hcnetv1.ContactPoint
	}{
		{title: "city", rec: &hcnetv1.City{Id: "malmo", Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Name: "Malmö", Coordinator: private, ContactPoint: cp},
			with: func(r *hcnetv1.SharedRecord) *hcnetv1.ContactPoint { return r.GetCity().GetContactPoint() }},
		{title: "practice", rec: &hcnetv1.Practice{Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Mötesplatser"}},
			Contacts: []*hcnetv1.Contact{private}, ContactPoint: cp},
			with: func(r *hcnetv1.SharedRecord) *hcnetv1.ContactPoint { return r.GetPractice().GetContactPoint() }},
	} {
		rec, err := SharedForm(tc.rec, src)
		if err != nil {
			t.Fatalf("%s: %v", tc.title, err)
		}
		if got := tc.with(rec); !proto.Equal(got, cp) {
			t.Errorf("%s: shared contact point %v, want %v", tc.title, got, cp)
		}
		data, err := proto.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{private.Name, private.Email, private.Phone} {
			if strings.Contains(string(data), s) {
				t.Errorf("%s: the shared form carries the private contact's %q", tc.title, s)
			}
		}
		if why := Personal(rec); why != "" {
			t.Errorf("%s: the shared form counts as personal: %s", tc.title, why)
		}
		// Without one, the shared form carries none.
		bare := proto.Clone(tc.rec)
		bare.ProtoReflect().Clear(bare.ProtoReflect().Descriptor().Fields().ByName("contact_point"))
		if rec, _ := SharedForm(bare, src); tc.with(rec) != nil {
			t.Errorf("%s: a record without a contact point shared one", tc.title)
		}
	}
}

// TestValidateSharedRefusesAPersonWhoDidNotAgree: a hub checks what
// arrives by the node's rules, so a member that signs a named person
// without the day they agreed gets no further than the node's own form.
func TestValidateSharedRefusesAPersonWhoDidNotAgree(t *testing.T) {
	rec := wrapCity(&hcnetv1.City{Id: "malmo", Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Name: "Malmö",
		ContactPoint: &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON, Name: "Åsa Öberg", Email: "asa@malmo.se"}})
	vs := ValidateShared(rec)
	if len(vs) != 1 || vs[0].Field != "city.contact_point.agreed_date" {
		t.Fatalf("violations %v, want city.contact_point.agreed_date", vs)
	}
	rec.GetCity().ContactPoint.AgreedDate = "2026-11-02"
	if vs := ValidateShared(rec); len(vs) != 0 {
		t.Fatalf("a person who agreed: %v", vs)
	}
}
