package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAxeFindsViolations: on a page with an image without text and an
// unlabelled input, Axe reports both rules as blocking and names the
// elements, so a clean page means axe-core looked.
func TestAxeFindsViolations(t *testing.T) {
	source := AxeSource(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The pages' own policy: axe-core runs under it.
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		fmt.Fprint(w, `<!doctype html><html lang="en"><title>t</title><main><img id="pic" src="data:,"><input id="q" type="text"></main></html>`)
	}))
	defer srv.Close()
	ctx := New(t, time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	vs, err := Axe(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, v := range vs {
		if v.Blocking() {
			found[v.ID] = v.String()
		}
	}
	if !strings.Contains(found["image-alt"], "#pic") || !strings.Contains(found["label"], "#q") {
		t.Fatalf("blocking violations %v, want image-alt at #pic and label at #q", found)
	}
}

// fatalRecorder keeps what a test would have failed with.
type fatalRecorder struct {
	testing.TB
	failed string
}

func (r *fatalRecorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

// TestAxeSourceMissingFails: without axe-core the check fails, not skips,
// and says how to install it.
func TestAxeSourceMissingFails(t *testing.T) {
	t.Setenv(SkipEnv, "")
	t.Setenv(AxeEnv, filepath.Join(t.TempDir(), "axe.min.js"))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	r := &fatalRecorder{TB: t}
	if src := AxeSource(r); src != "" {
		t.Fatalf("read axe-core from nowhere: %d bytes", len(src))
	}
	for _, want := range []string{"scripts/axe", "npm install axe-core", AxeEnv + "="} {
		if !strings.Contains(r.failed, want) {
			t.Fatalf("the failure %q does not say %q", r.failed, want)
		}
	}
}
