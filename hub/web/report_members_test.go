package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
)

// A national hub's annual report counts its members by what they are:
// approved member cities and those reporting, then the applications
// awaiting approval, those rejected and the memberships revoked, each
// called so in every language; none of them is a "member application".
func TestNationalReportCountsMembersByStatus(t *testing.T) {
	fake := newNamingHub()
	fake.members = []*hcnetv1.Member{
		{Country: "se", CityId: "malmo", Name: "Malmö", Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED},
		{Country: "se", CityId: "lund", Name: "Lund", Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED},
		{Country: "se", CityId: "umea", Name: "Umeå", Status: hcnetv1.MemberStatus_MEMBER_STATUS_PENDING},
		{Country: "se", CityId: "kiruna", Name: "Kiruna", Status: hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED},
		{Country: "se", CityId: "visby", Name: "Visby", Status: hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED},
		{Country: "se", CityId: "boden", Name: "Boden", Status: hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED},
	}
	h, err := New(fake, Options{Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	n := func(count, words string) string { return `<span class="n">` + count + `</span> ` + words + `<` }
	for lang, wants := range map[string][]string{
		"en": {n("2", "member cities"), n("0", "cities reporting"), n("1", "application awaiting approval"),
			n("1", "application rejected"), n("2", "memberships revoked")},
		"sv": {n("2", "medlemsstäder"), n("0", "städer rapporterar"), n("1", "ansökan inväntar godkännande"),
			n("1", "ansökan avslagen"), n("2", "medlemskap återkallade")},
		"fi": {n("2", "jäsenkaupunkia"), n("1", "hakemus odottaa hyväksyntää"), n("1", "hakemus hylätty"), n("2", "jäsenyyttä peruttu")},
		"ru": {n("2", "города-участника"), n("1", "заявка ожидает одобрения"), n("1", "заявка отклонена"), n("2", "участия отозваны")},
	} {
		code, page := getIn(t, srv.URL, lang, "/report")
		if code != http.StatusOK {
			t.Fatalf("%s /report: %d\n%s", lang, code, page)
		}
		mustContain(t, page, wants...)
		for _, wrong := range []string{"member application", "medlemsansök", "jäsenhakemus", "заявки на участие", "заявок на участие"} {
			if strings.Contains(page, wrong) {
				t.Errorf("%s: the summary still calls members %q", lang, wrong)
			}
		}
		// A national hub has no member networks to count.
		if strings.Contains(page, "member network") {
			t.Errorf("%s: a national hub's report counts member networks", lang)
		}
	}
	// With nobody waiting, rejected or revoked, the summary does not
	// count them at all.
	fake.members = fake.members[:2]
	_, page := getIn(t, srv.URL, "en", "/report")
	mustContain(t, page, n("2", "member cities"))
	for _, none := range []string{"awaiting approval<", "rejected<", "revoked<"} {
		if strings.Contains(page, none) {
			t.Errorf("a report with no such member counts %q", none)
		}
	}
}

// oneOfEachHub is a hub that holds one record of each kind, from one
// city.
type oneOfEachHub struct{ *namingHub }

func (oneOfEachHub) GetStats(context.Context, *hcnetv1.GetStatsRequest, ...grpc.CallOption) (*hcnetv1.GetStatsResponse, error) {
	return &hcnetv1.GetStatsResponse{Cities: 1, Partnerships: 1, Plans: 1, AdoptedPlans: 1, Indicators: 1, Practices: 1, Successes: 1}, nil
}

// A count of one is said in the singular, and a count inside a sentence
// agrees with nothing it cannot agree with: "1 hälsoplan, antagna: 1",
// not "1 hälsoplan, 1 antagna".
func TestCountsOfOne(t *testing.T) {
	h, err := New(oneOfEachHub{newNamingHub()}, Options{Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	n := func(words string) string { return `<span class="n">1</span> ` + words + `<` }
	_, report := getIn(t, srv.URL, "en", "/report")
	mustContain(t, report, n("city sharing"), n("partnership"), n("adopted health plan"), n("good practice"), n("success"))
	for lang, want := range map[string]string{
		"en": n("health plan, 1 adopted"),
		"sv": n("hälsoplan, antagna: 1"),
		"da": n("sundhedsplan, vedtagne: 1"),
		"fi": n("terveyssuunnitelma, hyväksyttyjä: 1"),
	} {
		_, stats := getIn(t, srv.URL, lang, "/stats")
		mustContain(t, stats, want)
	}
}

// A member network of one city is called so on the regional report.
func TestRegionalReportNetworkOfOneCity(t *testing.T) {
	fake := newNamingHub()
	fake.members[0].Vouches = fake.members[0].Vouches[:1]
	h, err := New(fake, Options{Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	for lang, want := range map[string]string{
		"en": "A network of 1 city, judged per city below: 0 reporting",
		"sv": "Ett nätverk med 1 stad, bedöms per stad nedan: 0 rapporterar",
		"ru": "Сеть из 1 города, оценивается по городам ниже: отчитываются 0",
	} {
		_, page := getIn(t, srv.URL, lang, "/report")
		mustContain(t, page, want)
	}
}
