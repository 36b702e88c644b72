package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// signIn opens the node's pages, is sent to the sign-in form, and signs in.
func signIn(t *testing.T, ctx context.Context, url, token string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.ID("token")),
	); err != nil {
		t.Fatalf("open sign-in: %v", err)
	}
	Screenshot(t, ctx, "01-sign-in")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("token"), token),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("by-level")),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
}

// barValue is the number a dashboard bar shows.
func barValue(t *testing.T, ctx context.Context, chart, label string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`#`+chart+` .bar[aria-label^="`+label+`:"] .bar-value`)))
	if err != nil {
		t.Fatalf("bar %s in %s: %v", label, chart, err)
	}
	return strings.TrimSpace(v)
}

func TestNodeSignInAddPartnershipSeeItCounted(t *testing.T) {
	n := nodetest.Start(t)
	p, err := n.Client(t).CreatePartner(context.Background(), &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Region Skåne")})
	if err != nil {
		t.Fatal(err)
	}
	srv := nodeSite(t, n)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	if got := barValue(t, ctx, "by-level", "across sectors"); got != "0" {
		t.Fatalf("before: across sectors shows %s, want 0", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/partnerships/new"]`)),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "Gröna gårdar i Rosengård"),
		chromedp.SetValue(chromedp.ID("visibility"), "public"),
		chromedp.SetValue(chromedp.ID("level"), "across_sectors"),
		chromedp.SetValue(chromedp.ID("status"), "active"),
		chromedp.Click(chromedp.CSS(`input[name=partners][value="`+p.GetPartner().GetId()+`"]`)),
		chromedp.Click(chromedp.CSS(`input[name=sectors][value=housing]`)),
		chromedp.Click(chromedp.CSS(`input[name=mechanisms][value=step_by_step]`)),
	); err != nil {
		t.Fatalf("fill the partnership form: %v", err)
	}
	Screenshot(t, ctx, "02-partnership-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("save the partnership: %v", err)
	}
	notice, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`p.notice`)))
	if !strings.Contains(notice, "Gröna gårdar i Rosengård") {
		t.Fatalf("notice after saving: %q", notice)
	}
	for _, tc := range []struct{ title, chart, label, want string }{
		{title: "level", chart: "by-level", label: "across sectors", want: "1"},
		{title: "sector", chart: "by-sector", label: "housing", want: "1"},
		{title: "mechanism", chart: "by-mechanism", label: "step by step", want: "1"},
		{title: "status", chart: "by-status", label: "active", want: "1"},
		{title: "other level", chart: "by-level", label: "between cities", want: "0"},
	} {
		if got := barValue(t, ctx, tc.chart, tc.label); got != tc.want {
			t.Errorf("%s: the %s bar shows %s, want %s", tc.title, tc.label, got, tc.want)
		}
	}
	Screenshot(t, ctx, "03-dashboard-counts-it")
}

// TestNodeFormErrorNextToField submits a partnership without a title and
// checks the API's message appears next to the title, tied to its input.
func TestNodeFormErrorNextToField(t *testing.T) {
	n := nodetest.Start(t)
	srv := nodeSite(t, n)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/partnerships/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("hot_local_issue"), "Heat on summer nights"),
		chromedp.SetValue(chromedp.ID("level"), "across_sectors"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("title-error")),
	); err != nil {
		t.Fatalf("submit a partnership without title: %v", err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("title-error")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(strings.TrimSpace(msg), "is required") {
		t.Fatalf("next to the title: %q, want the API's \"is required\"", msg)
	}
	tied, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const e = document.getElementById('title-error'), in_ = document.getElementById('title');
		return e.closest('.field') === in_.closest('.field') &&
			in_.getAttribute('aria-invalid') === 'true' &&
			in_.getAttribute('aria-describedby').split(' ').includes('title-error');
	})()`))
	if err != nil || !tied {
		t.Fatalf("the error is not tied to the title input (%v)", err)
	}
	kept, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("hot_local_issue")))
	if kept != "Heat on summer nights" {
		t.Fatalf("the form lost what was typed: %q", kept)
	}
	Screenshot(t, ctx, "form-error-next-to-field")
}

// TestNodePagesWithSampleCity renders the pages of a realistic city on a
// desktop and a phone, for the screenshots, and checks the charts are
// there and reachable with the keyboard.
func TestNodePagesWithSampleCity(t *testing.T) {
	n := nodetest.Start(t)
	sum := loadSample(t, n)
	srv := nodeSite(t, n)
	ctx := New(t, 3*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	Screenshot(t, ctx, "dashboard")
	focusable, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.chart-svg [tabindex="0"]').length`))
	if err != nil || focusable < 4 {
		t.Fatalf("focusable chart marks: %d (%v)", focusable, err)
	}
	for _, page := range []struct{ name, path, wait string }{
		{"plan", "/plans", `figure.chart svg`},
		{"practices", "/practices", `span.status`},
		{"practice-form", "/practices/new", `#title`},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page.path), chromedp.WaitVisible(chromedp.CSS(page.wait))); err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		Screenshot(t, ctx, page.name)
	}
	if len(sum.Indicators) > 0 {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/indicators/"+sum.Indicators[0]), chromedp.WaitVisible(chromedp.CSS(`ul.legend`))); err != nil {
			t.Fatalf("indicator: %v", err)
		}
		Screenshot(t, ctx, "indicator")
	}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("by-sector")),
	); err != nil {
		t.Fatalf("phone: %v", err)
	}
	Screenshot(t, ctx, "phone-dashboard")
}
