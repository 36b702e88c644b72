package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// errorIn is the message shown next to the input name, whatever the
// page's language calls an error.
func errorIn(page, name string) string {
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(name) + `-error"><span class="visually-hidden">[^<]*</span> ([^<]*)</span>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestServerViolationsInTheReadersLanguage: what the node's API refuses
// and the page's own reading lets through (a period that ends before it
// starts, a malformed date, a title too long) is said next to its field
// in the reader's language, naming another field by its label and never
// by its API name; the same request through the API stays in English.
func TestServerViolationsInTheReadersLanguage(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	before := map[i18n.Miss]bool{}
	for _, m := range words.Missing() {
		before[m] = true
	}
	long := strings.Repeat("x", 301)
	plan := url.Values{"csrf": {token}, "title": {long}, "status": {"draft"}, "visibility": {"private"},
		"period_start_year": {"2030"}, "period_end_year": {"2025"}, "adoption_date": {"2025-13-40"}}
	partnership := url.Values{"csrf": {token}, "title": {"Gröna gårdar"}, "visibility": {"private"}, "level": {"across_sectors"},
		"status": {"active"}, "start_date": {"2025-05-01"}, "end_date": {"2025-01-01"}}

	for _, tt := range []struct {
		lang                       string
		end, date, title, finished string
	}{
		{lang: "sv", end: "2025 är före ”Första året” (2030)", date: `"2025-13-40" är inget datum på formen ÅÅÅÅ-MM-DD`,
			title: "är 301 tecken lång; högst 300 är tillåtna", finished: "2025-01-01 är före ”Startdatum” (2025-05-01)"},
		{lang: "ru", end: "2025 раньше, чем «Первый год» (2030)", date: `"2025-13-40" — не дата в формате ГГГГ-ММ-ДД`,
			title: "длина 301 символов; допускается не более 300", finished: "2025-01-01 раньше, чем «Дата начала» (2025-05-01)"},
		{lang: "en", end: "2025 is before First year 2030", date: `"2025-13-40" is not a date of the form YYYY-MM-DD`,
			title: "is 301 characters long; at most 300 are allowed", finished: "2025-01-01 is before Start date 2025-05-01"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			code, page, _ := s.postIn(t, tt.lang, "/plans/new", plan)
			if code != formStatus {
				t.Fatalf("plan: %d, want %d\n%s", code, formStatus, page)
			}
			for in, want := range map[string]string{"period_end_year": tt.end, "adoption_date": tt.date, "title": tt.title} {
				if got := errorIn(page, in); got != want {
					t.Errorf("next to %s: %q, want %q", in, got, want)
				}
			}
			summary := page[strings.Index(page, `class="error-summary"`):]
			summary = summary[:strings.Index(summary, "</ul>")]
			if strings.Contains(summary, "period_start_year") || strings.Contains(summary, "health_plan.") {
				t.Errorf("the summary names an API field:\n%s", summary)
			}
			code, page, _ = s.postIn(t, tt.lang, "/partnerships/new", partnership)
			if code != formStatus {
				t.Fatalf("partnership: %d, want %d\n%s", code, formStatus, page)
			}
			if got := errorIn(page, "end_date"); got != tt.finished {
				t.Errorf("next to the end date: %q, want %q", got, tt.finished)
			}
		})
	}
	for _, m := range words.Missing() {
		if !before[m] {
			t.Errorf("%s: %q is missing from its catalogue", m.Lang, m.ID)
		}
	}

	// The API, asked without a language, answers in the English hcctl
	// prints.
	_, err = s.api.CreateHealthPlan(context.Background(), &hcnetv1.CreateHealthPlanRequest{HealthPlan: &hcnetv1.HealthPlan{
		Title: "Plan", Status: hcnetv1.PlanStatus_PLAN_STATUS_DRAFT, Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE,
		PeriodStartYear: 2030, PeriodEndYear: 2025,
	}})
	var got []string
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				got = append(got, v.GetField()+": "+v.GetDescription())
			}
		}
	}
	if strings.Join(got, "\n") != "health_plan.period_end_year: 2025 is before period_start_year 2030" {
		t.Fatalf("the API's violations: %q", got)
	}
}

// TestUploadProblemsInTheReadersLanguage: the node's violations of an
// uploaded file's rows are listed in the officer's language, as the
// file's own problems are.
func TestUploadProblemsInTheReadersLanguage(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	u, err := url.Parse(s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	s.http.Jar.SetCookies(u, []*http.Cookie{{Name: i18n.CookieName, Value: "sv"}})
	code, page := s.upload(t, "partners", token, "p.csv", "organisation,kind,sector,visibility,website\n"+
		"Röda korset,ngo,health,network,https://redcross.example.se\n"+
		"IFK Malmö,ngo,sport,network,ftp://ifk.example.se\n")
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a file with a bad row: %d\n%s", code, page)
	}
	mustContain(t, page, `<html lang="sv">`, `<td class="num" data-label="Rad">3</td><td data-label="Kolumn"><code>website</code></td><td data-label="Problem">&#34;ftp://ifk.example.se&#34; är ingen http(s)-adress</td>`)
	if strings.Contains(page, "is not an http(s) address") {
		t.Fatal("the node's violation is in English")
	}
}
