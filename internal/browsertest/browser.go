// Package browsertest drives the node's and the hub's web pages in a real
// browser, Debian's chromium, headless, through the DevTools protocol
// (chromedp). The tests live in this package so the pages' own packages
// keep fast, browser-free tests.
//
// Without chromium the tests fail, saying how to install it, unless
// HCNET_SKIP_BROWSER=1 asks to skip them: a browser test that skips by
// itself when something is missing would pass in CI without ever running.
// Screenshots go to $HCNET_SCREENSHOTS, or to a folder under the system's
// temporary folder; each test logs where.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// SkipEnv names the variable that skips the browser tests when set to 1.
// CI never sets it.
const SkipEnv = "HCNET_SKIP_BROWSER"

// Chromium finds the browser: $HCNET_CHROMIUM, /usr/bin/chromium, or
// chromium or google-chrome on the PATH.
func Chromium(tb testing.TB) string {
	tb.Helper()
	if os.Getenv(SkipEnv) == "1" {
		tb.Skip(SkipEnv + "=1: browser tests skipped")
	}
	candidates := []string{os.Getenv("HCNET_CHROMIUM"), "/usr/bin/chromium"}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
	}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	tb.Fatalf("no chromium for the browser tests: install it (apt-get install -y chromium), name it with HCNET_CHROMIUM=/path, or skip these tests with %s=1", SkipEnv)
	return ""
}

// New starts a headless chromium with a fresh profile and returns a
// context for its first tab, ending with the test. Every action waits on
// selectors; limit bounds the whole test.
func New(tb testing.TB, limit time.Duration) context.Context {
	tb.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium(tb)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(alloc, chromedp.WithErrorf(tb.Logf))
	ctx, cancelLimit := context.WithTimeout(ctx, limit)
	tb.Cleanup(func() {
		cancelLimit()
		cancelTab()
		cancelAlloc()
	})
	// Start the browser now, so a browser that cannot start fails here.
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// ScreenshotDir is where a test's screenshots go: $HCNET_SCREENSHOTS/TEST,
// or hcnet-screenshots/TEST under the temporary folder. It is kept after
// the test so a developer can look.
func ScreenshotDir(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("HCNET_SCREENSHOTS")
	if root == "" {
		root = filepath.Join(os.TempDir(), "hcnet-screenshots")
	}
	dir := filepath.Join(root, strings.ReplaceAll(tb.Name(), "/", "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Screenshot saves the whole page as NAME.png and logs the path.
func Screenshot(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(ScreenshotDir(tb), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("screenshot: %s", path)
}
