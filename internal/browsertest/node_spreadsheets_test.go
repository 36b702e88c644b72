package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeSpreadsheetUpload: an editor uploads a statistics office's
// measurements with bad rows; the page lists each bad row with its line
// and column and nothing is saved. The corrected file is shown ready,
// saved on confirmation, and a second confirmation (at phone width)
// saves nothing again.
func TestNodeSpreadsheetUpload(t *testing.T) {
	n := nodetest.Start(t)
	srv, acc := accountSite(t, n)
	bg := context.Background()
	if _, err := acc.Add(bg, "ed", accounts.Editor, "password ed"); err != nil {
		t.Fatal(err)
	}
	api := n.Client(t)
	plan, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	p := plan.GetHealthPlan()
	ind, err := api.CreateIndicator(bg, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(p.GetId(), p.GetGoals()[0].GetId(), "Older people who often feel lonely")})
	if err != nil {
		t.Fatal(err)
	}
	measurements := func() int {
		t.Helper()
		res, err := api.GetIndicator(bg, &hcnetv1.GetIndicatorRequest{Id: ind.GetIndicator().GetId()})
		if err != nil {
			t.Fatal(err)
		}
		return len(res.GetIndicator().GetMeasurements())
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "scb-2024.csv")
	good := filepath.Join(dir, "scb-2024-corrected.csv")
	const header = "indicator;date;value;district;group;source\n"
	writeFile(t, bad, header+
		"Older people who often feel lonely;2024-12-31;17,9;;;SCB\n"+
		"Older people who often feel lonely;2024-12-31;24,5;Rosengård;women 75+;SCB\n"+
		"Older people who often feel lonly;2024-12-31;15,1;Limhamn;;SCB\n")
	writeFile(t, good, header+
		"Older people who often feel lonely;2024-12-31;17,9;;;SCB\n"+
		"Older people who often feel lonely;2024-12-31;24,5;Rosengård;;SCB\n"+
		"Older people who often feel lonely;2024-12-31;15,1;Limhamn;;SCB\n")

	ctx := New(t, 3*time.Minute)
	signInAs(t, ctx, srv.URL, "ed", "password ed")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/spreadsheets"),
		chromedp.Click(chromedp.CSS(`a[href="/spreadsheets/measurements/upload"]`)),
		chromedp.WaitVisible(chromedp.ID("file")),
	); err != nil {
		t.Fatalf("open the upload page: %v", err)
	}
	Screenshot(t, ctx, "desktop-upload-form")
	uploadFile(t, ctx, bad, `#problems-caption`)
	problems, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#problems-caption + thead + tbody`)))
	if err != nil {
		t.Fatal(err)
	}
	problems = strings.Join(strings.Fields(problems), " ")
	for _, want := range []string{"3 group a value is for a district or a group, not both", `4 indicator unknown indicator "Older people who often feel lonly"`} {
		if !strings.Contains(problems, want) {
			t.Fatalf("the problems table lacks %q: %q", want, problems)
		}
	}
	if got := measurements(); got != 0 {
		t.Fatalf("a file with bad rows saved %d measurements", got)
	}
	Screenshot(t, ctx, "desktop-upload-problems")

	uploadFile(t, ctx, good, `main .notice form button[type=submit]`)
	Screenshot(t, ctx, "desktop-upload-ready")
	if got := measurements(); got != 0 {
		t.Fatalf("checking the file saved %d measurements", got)
	}
	notice := confirmUpload(t, ctx)
	if !strings.Contains(notice, "Saved scb-2024-corrected.csv: 3 added, 0 replaced.") {
		t.Fatalf("after saving: %q", notice)
	}
	if got := measurements(); got != 3 {
		t.Fatalf("%d measurements saved, want 3", got)
	}
	Screenshot(t, ctx, "desktop-after-save")

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+"/spreadsheets/measurements/upload"),
		chromedp.WaitVisible(chromedp.ID("file")),
	); err != nil {
		t.Fatalf("phone: %v", err)
	}
	Screenshot(t, ctx, "phone-upload-form")
	uploadFile(t, ctx, bad, `#problems-caption`)
	Screenshot(t, ctx, "phone-upload-problems")
	uploadFile(t, ctx, good, `main .notice form button[type=submit]`)
	Screenshot(t, ctx, "phone-upload-ready")
	notice = confirmUpload(t, ctx)
	if !strings.Contains(notice, "scb-2024-corrected.csv was saved before (3 added, 0 replaced); nothing was saved again.") {
		t.Fatalf("the same file saved again: %q", notice)
	}
	if got := measurements(); got != 3 {
		t.Fatalf("%d measurements after saving the same file twice, want 3", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/spreadsheets"), chromedp.WaitVisible(chromedp.ID("sheet-measurements"))); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "phone-spreadsheets")
}

// uploadFile chooses the file on the upload page, sends it to be
// checked and waits for what the answer shows.
func uploadFile(t *testing.T, ctx context.Context, path, wait string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("file")),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}),
		chromedp.Click(chromedp.CSS(`main form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(wait)),
	); err != nil {
		t.Fatalf("upload %s: %v", filepath.Base(path), err)
	}
}

// confirmUpload presses the save button and returns the notice the next
// page shows.
func confirmUpload(t *testing.T, ctx context.Context) string {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main .notice form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main > p.notice`)),
	); err != nil {
		t.Fatalf("save: %v", err)
	}
	notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main > p.notice`)))
	if err != nil {
		t.Fatal(err)
	}
	return notice
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
