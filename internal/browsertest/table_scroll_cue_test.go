package browsertest

import (
	"bytes"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestWideTableShowsWhereItScrolls opens the list of partnerships on a
// phone in Finnish, where the table is wider than the screen: a shadow darkens the right
// edge while columns are hidden there, and once the table is scrolled to
// its end the shadow is on the left edge instead.
func TestWideTableShowsWhereItScrolls(t *testing.T) {
	n := nodetest.Start(t)
	loadSample(t, n)
	srv := nodeSite(t, n)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	setWidth(t, ctx, widths[1])
	defer Screenshot(t, ctx, "partnerships-table-scroll-cue-390")
	const wrap = `#partnerships ~ .table-wrap`
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/lang?to=fi&back=/"),
		chromedp.WaitVisible(chromedp.CSS(wrap)),
	); err != nil {
		t.Fatal(err)
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(w => w.scrollWidth > w.clientWidth + 20)(document.querySelector('`+wrap+`'))`))
	if err != nil || !wide {
		t.Fatalf("the partnerships' table fits a phone (%v), so it shows nothing about scrolling", err)
	}
	// Text and rules cut at an edge darken it too; hidden, only the
	// box's own background is left to see.
	// (Through the CSSOM: the pages' policy refuses a <style> element.)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('.table-wrap *').forEach(e => {
		e.style.setProperty('color', 'transparent', 'important'); e.style.setProperty('border-color', 'transparent', 'important') })`)); err != nil {
		t.Fatal(err)
	}
	edges := func() (left, right float64) {
		t.Helper()
		shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(wrap)))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		return columnLightness(img, b.Min.X+1), columnLightness(img, b.Max.X-2)
	}
	left, right := edges()
	if !(right < left-8) {
		t.Fatalf("scrolled to the start, the right edge (%.0f) is not darker than the left (%.0f)", right, left)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(w => { w.scrollLeft = w.scrollWidth })(document.querySelector('`+wrap+`'))`)); err != nil {
		t.Fatal(err)
	}
	left, right = edges()
	if !(left < right-8) {
		t.Fatalf("scrolled to the end, the left edge (%.0f) is not darker than the right (%.0f)", left, right)
	}
}

// columnLightness is the mean lightness, 0 to 255, of one column of
// pixels.
func columnLightness(img image.Image, x int) float64 {
	b := img.Bounds()
	var sum float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		r, g, bl, _ := img.At(x, y).RGBA()
		sum += float64(r+g+bl) / 3 / 257
	}
	return sum / float64(b.Dy())
}
