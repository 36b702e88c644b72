package browsertest

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/node/nodetest"
)

// chartText is what Chromium measured of the charts on a page.
type chartText struct {
	// Outside are the texts whose rendered box leaves their SVG's
	// viewBox, where the browser clips them.
	Outside []string `json:"outside"`
	// Cut are bar labels shown other than whole.
	Cut    []string `json:"cut"`
	Texts  int      `json:"texts"`
	Labels int      `json:"labels"`
	// Wrapped counts bar labels on more than one line; Slack is the
	// least room left of any bar label, in SVG units.
	Wrapped int     `json:"wrapped"`
	Slack   float64 `json:"slack"`
}

const measureCharts = `(() => {
	const r = {outside: [], cut: [], texts: 0, labels: 0, wrapped: 0, slack: 1e9};
	for (const svg of document.querySelectorAll('svg.chart-svg')) {
		const vb = svg.viewBox.baseVal, id = svg.closest('figure').id;
		for (const t of svg.querySelectorAll('text')) {
			if (t.closest('[transform]')) continue; // a rotated axis title: its box is in its own frame
			r.texts++;
			const b = t.getBBox();
			if (b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y < vb.y - 0.5 || b.y + b.height > vb.y + vb.height + 0.5) {
				r.outside.push(id + ': "' + t.textContent + '" at ' + b.x.toFixed(1) + '..' + (b.x + b.width).toFixed(1) + ' of ' + vb.width);
			}
			if (!t.classList.contains('bar-label')) continue;
			r.labels++;
			r.slack = Math.min(r.slack, b.x - vb.x);
			const lines = [...t.querySelectorAll('tspan')].map(s => s.textContent);
			if (lines.length > 1) r.wrapped++;
			const title = t.closest('.bar').querySelector('title').textContent;
			if (!title.startsWith(lines.join(' ') + ': ')) r.cut.push(id + ': ' + JSON.stringify(lines) + ' for ' + title);
		}
	}
	return r;
})()`

// TestChartLabelsStayInsideInEveryLanguage opens the charts of the
// node's dashboard and indicator page and of the hub's statistics and
// annual report in all eight languages at desktop and phone width, and
// asks Chromium where each text of each chart lands: every one inside
// its chart, every bar's label whole, however long the language makes
// it. Swedish and Russian are shot.
func TestChartLabelsStayInsideInEveryLanguage(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	sum := loadSample(t, n)
	delivered(t, h, n)
	hub := hubSite(t, h)
	node := nodeSite(t, n)
	ctx := New(t, 6*time.Minute)
	signIn(t, ctx, node.URL, n.Token)
	pages := []struct{ name, url string }{
		{"node-dashboard", node.URL + "/"},
		{"node-indicator", node.URL + "/indicators/" + sum.Indicators[0]},
		{"hub-stats", hub.URL + "/stats"},
		{"hub-report", hub.URL + "/report"},
	}
	wrapped := 0
	for _, l := range i18n.Languages {
		// Both sites are on 127.0.0.1, whose cookie holds the choice.
		if err := chromedp.Do(ctx, chromedp.Navigate(hub.URL+"/lang?to="+l.Code+"&back=%2Fstats"), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+l.Code+`"] figure.chart`))); err != nil {
			t.Fatalf("switch to %s: %v", l.Code, err)
		}
		for _, w := range widths {
			setWidth(t, ctx, w)
			for _, p := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(p.url), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+l.Code+`"] figure.chart svg`))); err != nil {
					t.Fatalf("%s %s: %v", l.Code, p.name, err)
				}
				m, err := chromedp.Run(ctx, chromedp.Evaluate[chartText](measureCharts))
				if err != nil {
					t.Fatalf("%s %s: measure: %v", l.Code, p.name, err)
				}
				if m.Texts == 0 {
					t.Fatalf("%s %s: no chart text to measure", l.Code, p.name)
				}
				for _, o := range m.Outside {
					t.Errorf("%s %s at %d px: clipped: %s", l.Code, p.name, w.w, o)
				}
				for _, c := range m.Cut {
					t.Errorf("%s %s at %d px: label not whole: %s", l.Code, p.name, w.w, c)
				}
				if m.Labels > 0 && w == widths[0] {
					t.Logf("%s %s: %d texts, %d bar labels, %d on two lines or more, least room left of a label %.1f units", l.Code, p.name, m.Texts, m.Labels, m.Wrapped, m.Slack)
				}
				wrapped += m.Wrapped
				if l.Code == "sv" || l.Code == "ru" {
					Screenshot(t, ctx, fmt.Sprintf("%s-%s-%d", l.Code, p.name, w.w))
					// The first chart as the screen shows it, big enough to read.
					if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('figure.chart').scrollIntoView(), true)`)); err != nil {
						t.Fatal(err)
					}
					topShot(t, ctx, fmt.Sprintf("%s-%s-%d-chart", l.Code, p.name, w.w))
				}
			}
		}
	}
	if wrapped == 0 {
		t.Errorf("no label was long enough to wrap in any language: the test no longer tries long labels")
	}
}
