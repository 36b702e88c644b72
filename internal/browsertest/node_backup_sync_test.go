package browsertest

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/cli"
	"github.com/hcnet/hcnet/node/nodetest"
	nodeweb "github.com/hcnet/hcnet/node/web"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeBackupAndCheckDelivery: an admin follows the navigation to
// the backup page and downloads a backup in the browser, which hcctl
// restore accepts into the stopped node's folder with the node's
// records in it; on the hub page, "Check delivery now" on a node that
// has joined no hub says why nothing was compared. Screenshots of both
// pages at desktop and phone width, checked with axe-core.
func TestNodeBackupAndCheckDelivery(t *testing.T) {
	n := nodetest.Start(t)
	bg := context.Background()
	p, err := n.Client(t).CreatePartner(bg, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Lunds kommun")})
	if err != nil {
		t.Fatal(err)
	}
	h, err := nodeweb.New(hcnetv1.NewCityServiceClient(n.Conn(t, "")), n.Token, nodeweb.Options{
		Pending: n.Node.Store.PendingRecords, Log: quiet(), Backup: n.Node.Store.Backup, BackupDir: n.Dir,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	downloads := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/backup"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/backup"] button[type=submit]`)),
	); err != nil {
		t.Fatalf("open the backup page: %v", err)
	}
	Screenshot(t, ctx, "02-backup")
	enabled := true
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &enabled,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(`form[action="/backup"] button[type=submit]`)),
	); err != nil {
		t.Fatalf("download a backup: %v", err)
	}
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the browser cancelled the download")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(downloads, ev.GUID)
			break
		}
	}
	b, err := os.ReadFile(file)
	if err != nil || !bytes.HasPrefix(b, []byte("SQLite format 3\x00")) {
		t.Fatalf("the downloaded backup is no SQLite database (%v)", err)
	}

	// The hub page's check, on a node that joined no hub.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/hub"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/hub/sync"] button[type=submit]`)),
		chromedp.Click(chromedp.CSS(`form[action="/hub/sync"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("check delivery: %v", err)
	}
	if got := text(t, ctx, "p.notice"); !strings.Contains(got, "The check did not run") || !strings.Contains(got, "has not joined a hub") {
		t.Fatalf("the notice after the check: %q", got)
	}
	Screenshot(t, ctx, "03-hub-checked")
	source := AxeSource(t)
	var f axeFindings
	f.check(t, ctx, source, "/hub (after the check)", widths[0])
	for _, page := range []struct{ name, path, wait string }{
		{"04-phone-backup", "/backup", `form[action="/backup"] button`},
		{"05-phone-hub", "/hub", `form[action="/hub/sync"] button`},
	} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(srv.URL+page.path),
			chromedp.WaitVisible(chromedp.CSS(page.wait)),
		); err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		Screenshot(t, ctx, page.name)
		f.check(t, ctx, source, page.path, widths[1])
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/backup")); err != nil {
		t.Fatal(err)
	}
	f.check(t, ctx, source, "/backup", widths[0])
	f.report(t)

	// The download is what hcctl restore takes back once the node stops,
	// and the node then holds the partner saved before it.
	dir := n.Dir
	n.Stop(t)
	var out, errOut bytes.Buffer
	if code := cli.Main(bg, []string{"restore", "--dir", dir, "--from", file}, cli.Env{Stdout: &out, Stderr: &errOut}); code != 0 {
		t.Fatalf("hcctl restore of the browser's download: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	again := nodetest.Restart(t, dir)
	if _, err := again.Client(t).GetPartner(bg, &hcnetv1.GetPartnerRequest{Id: p.GetPartner().GetId()}); err != nil {
		t.Fatalf("the restored node lacks the partner: %v", err)
	}
}
