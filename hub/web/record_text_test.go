package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// translatedRecords is a hub holding Malmö's partnership and plan, both
// written in English, with a Swedish translation of the partnership's
// title and description (not of its hot local issue) and of the plan's
// first goal.
type translatedRecords struct {
	srv               string
	partnership, plan string
}

func startTranslatedRecords(t *testing.T) *translatedRecords {
	t.Helper()
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	member(t, h, malmo)
	c := malmo.Client(t)
	ps := nodetest.Partnership("Walking groups for seniors")
	ps.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	ps.Description = "Weekly walks in every district."
	ps.HotLocalIssue = "Loneliness among older residents"
	ps.OriginalLanguage = "en"
	ps.Translations = map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{
		"title": "Promenadgrupper för äldre", "description": "Promenader varje vecka i alla stadsdelar."}}}
	pr, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: ps})
	if err != nil {
		t.Fatal(err)
	}
	plan := nodetest.HealthPlan("Malmö health plan 2024–2030")
	plan.OriginalLanguage = "en"
	plan.PartnershipIds = []string{pr.GetPartnership().GetId()}
	plan.Translations = map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{
		"title": "Malmös hälsoplan 2024–2030", "goals.g1.title": "Färre äldre känner sig ensamma"}}}
	pl, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: plan})
	if err != nil {
		t.Fatal(err)
	}
	city, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	profile := city.GetCity()
	profile.Description, profile.OriginalLanguage = "En stad vid Öresund.", "sv"
	profile.Translations = map[string]*hcnetv1.Translation{"en": {Fields: map[string]string{"description": "A city by the Øresund."}}}
	if _, err := c.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{City: profile}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the hub holds the partnership, the plan and the city's translated profile", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		if err != nil || st.GetPartnerships() != 1 || st.GetPlans() != 1 {
			return false
		}
		res, err := h.Client(t).GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: "se/malmo/malmo"})
		return err == nil && res.GetRecord().GetRecord().GetCity().GetOriginalLanguage() == "sv"
	})
	return &translatedRecords{srv: servePages(t, h).URL, partnership: pr.GetPartnership().GetId(), plan: pl.GetHealthPlan().GetId()}
}

// pageIn fetches a page as a reader whose browser asks for lang, which
// must answer 200.
func pageIn(t *testing.T, url, lang string) string {
	t.Helper()
	code, page := getIn(t, url, lang, "")
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", url, code, page)
	}
	return page
}

// A record's page shows the reader's language when the city wrote it,
// else the original, marked as the original in its language; each text
// carries the lang it is written in.
func TestRecordPagesShowTheReadersLanguage(t *testing.T) {
	tr := startTranslatedRecords(t)
	rec := tr.srv + "/records/se/malmo/"
	for _, c := range []struct {
		title, path, lang string
		want, never       []string
	}{
		{title: "partnership, Swedish reader", path: rec + tr.partnership, lang: "sv",
			want: []string{`<h1 lang="sv">Promenadgrupper för äldre</h1>`, `<p lang="sv">Promenader varje vecka i alla stadsdelar.</p>`,
				// Not translated: the original, in its language.
				`<dd lang="en">Loneliness among older residents</dd>`},
			never: []string{"Walking groups for seniors", "Weekly walks", "original-note"}},
		{title: "partnership, German reader", path: rec + tr.partnership, lang: "de",
			want: []string{`<h1 lang="en">Walking groups for seniors</h1>`, `<p class="muted original-note">Originalsprache: Englisch</p>`,
				`<p lang="en">Weekly walks in every district.</p>`},
			never: []string{"Promenadgrupper"}},
		{title: "partnership, Russian reader", path: rec + tr.partnership, lang: "ru",
			want: []string{`<h1 lang="en">Walking groups for seniors</h1>`, `<p class="muted original-note">Язык оригинала: английский</p>`}},
		{title: "partnership, English reader", path: rec + tr.partnership, lang: "en",
			want:  []string{`<h1 lang="en">Walking groups for seniors</h1>`, `<p lang="en">Weekly walks in every district.</p>`},
			never: []string{"original-note", "Promenadgrupper"}},
		{title: "search, Swedish reader", path: tr.srv + "/search?kind=partnership", lang: "sv",
			want: []string{`<h3 lang="sv"><a href="/records/se/malmo/` + tr.partnership + `">Promenadgrupper för äldre</a></h3>`,
				`<p lang="sv">Promenader varje vecka i alla stadsdelar.</p>`},
			never: []string{"Walking groups for seniors", "original-note"}},
		{title: "search, German reader", path: tr.srv + "/search?kind=partnership", lang: "de",
			want: []string{`<h3 lang="en"><a href="/records/se/malmo/` + tr.partnership + `">Walking groups for seniors</a></h3>`,
				`<span class="original-note">Originalsprache: Englisch</span>`, `<p lang="en">Weekly walks in every district.</p>`},
			never: []string{"Promenadgrupper"}},
		{title: "search by a Swedish word, Swedish reader", path: tr.srv + "/search?kind=partnership&q=promenaderna", lang: "sv",
			want: []string{`<h3 lang="sv"><a href="/records/se/malmo/` + tr.partnership + `">Promenadgrupper för äldre</a></h3>`}},
		{title: "city profile, English reader", path: tr.srv + "/cities/se/malmo", lang: "en",
			want: []string{`<p lang="en">A city by the Øresund.</p>`}, never: []string{"En stad vid", "original-note"}},
		{title: "city's records, Swedish reader", path: tr.srv + "/cities/se/malmo", lang: "sv",
			want: []string{`<li lang="sv"><a href="/records/se/malmo/` + tr.partnership + `">Promenadgrupper för äldre</a>`,
				`<li lang="sv"><a href="/records/se/malmo/` + tr.plan + `">Malmös hälsoplan 2024–2030</a>`},
			never: []string{"Walking groups for seniors"}},
		{title: "city profile, French reader", path: tr.srv + "/cities/se/malmo", lang: "fr",
			want: []string{`<p lang="sv">En stad vid Öresund.</p>`, `<p class="muted original-note">Original en suédois</p>`}},
		{title: "plan, Swedish reader", path: rec + tr.plan, lang: "sv",
			want: []string{`<h1 lang="sv">Malmös hälsoplan 2024–2030</h1>`, `<span lang="sv">Färre äldre känner sig ensamma</span>`,
				`<span lang="en">More children walk or cycle to school</span>`, `<p lang="en">The city&#39;s plan for a socially sustainable Malmö.</p>`,
				// A link to a translated record is titled in the reader's language.
				`">Promenadgrupper för äldre</a>`},
			never: []string{"Fewer older people feel lonely", "original-note"}},
		{title: "plan, Finnish reader", path: rec + tr.plan, lang: "fi",
			want:  []string{`<h1 lang="en">Malmö health plan 2024–2030</h1>`, "Alkuperäinen kieli: englanti", `<span lang="en">Fewer older people feel lonely</span>`},
			never: []string{"Färre äldre"}},
	} {
		t.Run(c.title, func(t *testing.T) {
			page := pageIn(t, c.path, c.lang)
			mustContain(t, page, c.want...)
			for _, n := range c.never {
				if strings.Contains(page, n) {
					t.Errorf("page shows %q", n)
				}
			}
		})
	}
}
