package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestSummaryCardWordsStayWhole: on a desktop the summary cards of the
// statistics and the annual report are wide enough for each word of
// their labels (genomsnittlig indikatorframsteg, not indikatorframst
// over eg), and so are the printed report's. Finnish is left out on the
// desktop: its longest compounds are wider than any card a row of seven
// can give, and wrap inside it.
func TestSummaryCardWordsStayWhole(t *testing.T) {
	h := hubtest.Start(t)
	// Two cities, so the cards' words are the longer plurals
	// (medlemsansökningar).
	malmo := nodetest.Start(t)
	umea := nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"})
	for _, n := range []*nodetest.Node{malmo, umea} {
		member(t, h, n)
		loadSample(t, n)
		delivered(t, h, n)
	}
	srv := hubSite(t, h)
	ctx := New(t, 2*time.Minute)
	setWidth(t, ctx, widths[0])
	for _, lang := range []string{"en", "sv", "da", "de", "fr", "ru", "es"} {
		for _, path := range []string{"/stats", "/report"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to="+lang+"&back="+path),
				chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] .cards li`))); err != nil {
				t.Fatalf("%s %s: %v", lang, path, err)
			}
			broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](brokenWords))
			if err != nil {
				t.Fatal(err)
			}
			if len(broken) > 0 {
				t.Errorf("%s %s at 1280 px: words broken inside a card: %s", lang, path, strings.Join(broken, ", "))
			}
		}
	}

	// Printed on A4, in every language, Finnish too.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatalf("print media: %v", err)
	}
	for _, l := range i18n.Languages {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(a4Content, 1000), chromedp.Navigate(srv.URL+"/lang?to="+l.Code+"&back=%2Freport"),
			chromedp.WaitVisible(chromedp.CSS(`html[lang="`+l.Code+`"] .cards li`))); err != nil {
			t.Fatalf("%s: %v", l.Code, err)
		}
		broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](brokenWords))
		if err != nil {
			t.Fatal(err)
		}
		if len(broken) > 0 {
			t.Errorf("%s /report printed on A4: words broken inside a card: %s", l.Code, strings.Join(broken, ", "))
		}
	}
}

// brokenWords lists each word of a summary card wider than the card's
// room for it, which the browser would break mid-word.
const brokenWords = `(() => {
	const c = document.createElement('canvas').getContext('2d');
	return [...document.querySelectorAll('.cards li')].flatMap(li => {
		const st = getComputedStyle(li);
		c.font = st.font;
		const inner = li.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
		return li.textContent.trim().split(/\s+/)
			.filter(w => c.measureText(w).width > inner)
			.map(w => w + ' (' + Math.round(c.measureText(w).width) + ' px in ' + Math.round(inner) + ')');
	});
})()`
