package browsertest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
)

// TestSignOutButtonOnOneLineOnAPhone: on a phone the header's sign-out
// button keeps its words on one line in every language ("Logga ut", not
// "Logga" over "ut"); the words on who is signed in wrap instead.
func TestSignOutButtonOnOneLineOnAPhone(t *testing.T) {
	h := hubtest.Start(t)
	srv, acc := coordinationSite(t, h)
	if _, err := acc.Add(context.Background(), "coordinator", accounts.Coordinator, "a long password"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 2*time.Minute)
	signInAs(t, ctx, srv.URL, "coordinator", "a long password")
	setWidth(t, ctx, widths[1])
	for _, l := range i18n.Languages {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to="+l.Code+"&back=%2Fmembers"),
			chromedp.WaitVisible(chromedp.CSS(`html[lang="`+l.Code+`"] header.site button.link`))); err != nil {
			t.Fatalf("%s: %v", l.Code, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
			Words string
			Lines int
		}](`(() => {
			const b = document.querySelector('header.site button.link');
			const r = document.createRange();
			r.selectNodeContents(b);
			const tops = new Set([...r.getClientRects()].map(c => Math.round(c.top)));
			return {Words: b.textContent, Lines: tops.size};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got.Lines != 1 {
			t.Errorf("%s at 390 px: the sign-out button %q takes %d lines", l.Code, got.Words, got.Lines)
		}
		if l.Code == "sv" {
			topShot(t, ctx, "sv-signed-in-390")
		}
	}
}
