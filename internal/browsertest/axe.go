package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// AxeEnv names the variable that gives the path of axe-core's axe.min.js
// (the npm package axe-core). scripts/axe installs a pinned version and
// prints the path; scripts/test and .ci/run set the variable from it.
const AxeEnv = "HCNET_AXE"

// axeCacheFile is where scripts/axe puts axe-core when no folder is given:
// under the user's cache folder, as os.UserCacheDir and the script both
// compute it ($XDG_CACHE_HOME, else ~/.cache).
const axeCacheFile = "hcnet/axe-core/node_modules/axe-core/axe.min.js"

// AxeSource reads axe-core's script: $HCNET_AXE, else the copy scripts/axe
// keeps in the user's cache folder. Without it the test fails, saying how
// to install it: an accessibility check that skipped itself would pass in
// CI without ever running. HCNET_SKIP_BROWSER=1 skips it with the other
// browser tests.
func AxeSource(tb testing.TB) string {
	tb.Helper()
	if os.Getenv(SkipEnv) == "1" {
		tb.Skip(SkipEnv + "=1: browser tests skipped")
	}
	var candidates []string
	if p := os.Getenv(AxeEnv); p != "" {
		candidates = append(candidates, p)
	}
	if dir, err := os.UserCacheDir(); err == nil {
		candidates = append(candidates, filepath.Join(dir, axeCacheFile))
	}
	for _, p := range candidates {
		b, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(b[:min(len(b), 4096)]), "axe") {
			return string(b)
		}
	}
	tb.Fatalf("no axe-core for the accessibility tests (looked in %s): run scripts/axe, which installs it with npm (apt-get install -y npm if npm is missing), or `npm install axe-core` and name its axe.min.js with %s=/path/to/axe.min.js; or skip the browser tests with %s=1",
		strings.Join(candidates, ", "), AxeEnv, SkipEnv)
	return ""
}

// Violation is one rule axe-core found broken on a page, with the
// elements that break it.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// Blocking reports whether the violation is serious or critical: the
// ones that stop someone from using the page.
func (v Violation) Blocking() bool { return v.Impact == "serious" || v.Impact == "critical" }

// String names the rule, its impact and each element (selector and the
// start of its HTML), for a test's failure message.
func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		html := n.HTML
		if len(html) > 160 {
			html = html[:160] + "…"
		}
		fmt.Fprintf(&b, "\n      at %v: %s", n.Target, html)
	}
	return b.String()
}

// Axe runs axe-core (source from AxeSource) on the page the tab shows and
// returns its violations. The script is evaluated through the DevTools
// protocol, which the pages' Content-Security-Policy does not govern, so
// the pages are checked exactly as they are served.
func Axe(ctx context.Context, source string) ([]Violation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, fmt.Errorf("axe: %w", err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](source)); err != nil {
			return nil, fmt.Errorf("axe: load axe-core: %w", err)
		}
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe: run: %w", err)
	}
	var out []Violation
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("axe: read its result: %w", err)
	}
	return out, nil
}
