package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestPagesRender(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	ind := s.indicator(t)
	for _, m := range []*hcnetv1.Measurement{
		{Date: "2024-12-31", Value: 17.9},
		{Date: "2024-12-31", Value: 24.1, Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: "Rosengård"}},
	} {
		if _, err := s.api.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind, Measurement: m}); err != nil {
			t.Fatal(err)
		}
	}
	// Recorded through the form: a comma decimal and a group breakdown.
	code, body, _ := s.post(t, "/indicators/"+ind, url.Values{"csrf": {token}, "date": {"2025-06-30"}, "value": {"16,5"},
		"breakdown_kind": {"group"}, "breakdown_label": {"born abroad"}, "source": {"national health survey"}})
	if code != http.StatusSeeOther {
		t.Fatalf("record measurement: %d\n%s", code, body)
	}
	got, _ := s.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: ind})
	if ms := got.GetIndicator().GetMeasurements(); len(ms) != 3 || ms[2].GetValue() != 16.5 || ms[2].GetBreakdown().GetLabel() != "born abroad" {
		t.Fatalf("measurements: %v", ms)
	}
	priv := nodetest.Practice("Walking groups")
	priv.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	pp, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: priv})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Meeting places")}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		title, path string
		code        int
		want        []string
	}{
		{title: "indicator", path: "/indicators/" + ind, code: http.StatusOK, want: []string{
			"Measurement recorded.", `<figcaption>Daily smokers</figcaption>`, "Baseline → target", "</svg>Whole city</li>",
			"</svg>District: Rosengård</li>", "</svg>Group: born abroad</li>", "national health survey", `aria-label="Group: born abroad, 2025-06-30: 16.5 % (national health survey)"`,
		}},
		{title: "plans redirect to the only plan", path: "/plans", code: http.StatusSeeOther},
		{title: "unknown plan", path: "/plans/01J00000000000000000000000", code: http.StatusNotFound, want: []string{"no such record"}},
		{title: "practices", path: "/practices", code: http.StatusOK, want: []string{
			"Promenadgrupper för äldre", "Private: stays on this node", "Waiting: the node has not joined a hub yet",
			"/practices/" + pp.GetPractice().GetId() + "/edit", "This node has not joined a hub",
		}},
		{title: "practice form", path: "/practices/new", code: http.StatusOK, want: []string{`<label for="language">Language</label>`, `value="CC-BY-4.0"`}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			code, page := s.get(t, tc.path)
			if code != tc.code {
				t.Fatalf("GET %s: %d, want %d\n%s", tc.path, code, tc.code, page)
			}
			mustContain(t, page, tc.want...)
		})
	}
	res, _ := s.http.Get(s.srv.URL + "/plans")
	res.Body.Close()
	_, page := s.get(t, res.Header.Get("Location"))
	mustContain(t, page, "Malmö health plan 2024–2030", "Goal: Fewer older people feel lonely", `<figcaption>Daily smokers</figcaption>`,
		"No indicators for this goal yet.", "Open meeting places in every district")
	if res.Header.Get("Content-Security-Policy") == "" {
		t.Fatal("no content security policy")
	}

	// Editing a practice changes its original language's text and keeps
	// the other languages.
	_, page = s.get(t, "/practices/"+pp.GetPractice().GetId()+"/edit")
	mustContain(t, page, `value="Promenadgrupper för äldre"`, `name="language" value="sv"`)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	code, body, _ = s.post(t, "/practices/"+pp.GetPractice().GetId()+"/edit", url.Values{"csrf": {token}, "version": {version},
		"language": {"sv"}, "title": {"Promenadgrupper"}, "visibility": {"private"}, "status": {"completed"}})
	if code != http.StatusSeeOther {
		t.Fatalf("edit practice: %d\n%s", code, body)
	}
	p, _ := s.api.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: pp.GetPractice().GetId()})
	if p.GetPractice().GetTexts()["sv"].GetTitle() != "Promenadgrupper" || p.GetPractice().GetTexts()["en"].GetTitle() != "Walking groups" ||
		p.GetPractice().GetStatus() != hcnetv1.PracticeStatus_PRACTICE_STATUS_COMPLETED || len(p.GetPractice().GetContacts()) != 1 {
		t.Fatalf("after edit: %v", p.GetPractice())
	}
}

func TestStaticAssetsAreEmbedded(t *testing.T) {
	s := startSite(t)
	code, css := s.get(t, "/static/style.css")
	if code != http.StatusOK {
		t.Fatalf("stylesheet: %d", code)
	}
	mustContain(t, css, "@media print", "@media (max-width")
	if code, _ := s.get(t, "/static/"); code != http.StatusNotFound {
		t.Fatalf("static folder listing: %d", code)
	}
}
