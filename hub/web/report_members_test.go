package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
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
