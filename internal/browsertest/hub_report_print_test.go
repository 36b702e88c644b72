package browsertest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/node/nodetest"
)

// a4Content is the width A4 leaves for the page in the stylesheet's print
// rules (210 mm less 15 mm margins each side, at 96 px to the inch).
const a4Content = 680

// TestHubReportPrintsOnA4 prints the annual report the way a coordinator
// saves it as a PDF, in every language: on A4, every table and summary
// card fits the page's width, since paper does not scroll and cuts off
// what sticks out (the member table's last column, in Swedish and Finnish,
// did). Each printed report is saved as a PDF next to the screenshots.
func TestHubReportPrintsOnA4(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	srv := hubSite(t, h)
	ctx := New(t, 3*time.Minute)

	for _, l := range i18n.Languages {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatalf("print media: %v", err)
		}
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(a4Content, 1000),
			chromedp.Navigate(srv.URL+"/lang?to="+l.Code+"&back=%2Freport"),
			chromedp.WaitVisible(chromedp.CSS(`html[lang="`+l.Code+`"] #plans`)),
		); err != nil {
			t.Fatalf("%s: the report: %v", l.Code, err)
		}
		over, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main .table-wrap, main .cards li')]
			.filter(e => e.scrollWidth > e.clientWidth)
			.map(e => (e.getAttribute('aria-label') || e.textContent.trim()) + ': ' + e.scrollWidth + ' px in ' + e.clientWidth)`))
		if err != nil {
			t.Fatalf("%s: %v", l.Code, err)
		}
		for _, o := range over {
			t.Errorf("%s: printed on A4, wider than its place: %s", l.Code, o)
		}
		Screenshot(t, ctx, "report-print-"+l.Code)
		background := true
		res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PrintBackground: &background})
		if err != nil {
			t.Fatalf("%s: print to PDF: %v", l.Code, err)
		}
		pdf := res.Data
		if len(pdf) < 1000 || string(pdf[:5]) != "%PDF-" {
			t.Fatalf("%s: the printed report is not a PDF (%d bytes)", l.Code, len(pdf))
		}
		path := filepath.Join(ScreenshotDir(t), "report-"+l.Code+".pdf")
		if err := os.WriteFile(path, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("printed: %s", path)
	}
}
