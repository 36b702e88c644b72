package metrics_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// serve starts a metrics server for the collectors; it stops when the
// test ends.
func serve(t *testing.T, cs ...prometheus.Collector) string {
	t.Helper()
	reg, err := metrics.NewRegistry(cs...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := metrics.Serve("127.0.0.1:0", reg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("metrics shutdown: %v", err)
		}
	})
	return s.Addr
}

// scrape fetches and parses /metrics as Prometheus would.
func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + metrics.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET /metrics: %s: %s", resp.Status, b)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value is the value of the series of name with (at least) the labels
// given as name, value pairs; ok is false when there is none. Histograms
// give their sample count.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		switch {
		case m.GetGauge() != nil:
			return m.GetGauge().GetValue(), true
		case m.GetCounter() != nil:
			return m.GetCounter().GetValue(), true
		case m.GetHistogram() != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		case m.GetUntyped() != nil:
			return m.GetUntyped().GetValue(), true
		}
	}
	return 0, false
}

// check is one expectation on a scrape.
type check struct {
	title  string
	name   string
	labels []string
	ok     func(float64) bool
}

func checkAll(t *testing.T, fams map[string]*dto.MetricFamily, checks []check) {
	t.Helper()
	for _, c := range checks {
		v, found := value(fams, c.name, c.labels...)
		if !found {
			t.Errorf("%s: no series %s%v", c.title, c.name, c.labels)
			continue
		}
		if !c.ok(v) {
			t.Errorf("%s: %s%v = %v", c.title, c.name, c.labels, v)
		}
	}
}

func eq(want float64) func(float64) bool { return func(v float64) bool { return v == want } }
func atLeast(want float64) func(float64) bool {
	return func(v float64) bool { return v >= want }
}
