package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/sample"
)

// quickStart is the README's Quick start section, which describes this
// program to a newcomer.
func quickStart(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, found := strings.Cut(string(b), "\n## Quick start\n")
	if !found {
		t.Fatal("README.md has no Quick start section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}

// TestReadmeQuickStartDescribesTheDemo: every flag the Quick start names
// is one of hcdemo's, every loopback address it names is where a default
// puts a hub, a city or its pages, and it names every default city.
func TestReadmeQuickStartDescribesTheDemo(t *testing.T) {
	text := quickStart(t)
	var o options
	fs := NewMain(io.Discard, io.Discard).flags(&o)

	// Long flags anywhere, and short ones quoted on their own (`-v`):
	// the section's other short flags are go test's.
	flags := regexp.MustCompile("--[a-z][a-z-]*|`-[a-z]+`").FindAllString(text, -1)
	if len(flags) == 0 {
		t.Fatalf("the Quick start names %d flags; is the section there?", len(flags))
	}
	for _, f := range flags {
		if name := strings.Trim(f, "-`"); fs.Lookup(name) == nil && name != "h" {
			t.Errorf("the Quick start names %s, which hcdemo does not have", f)
		}
	}

	addrs := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.DefValue, "127.0.0.1:") {
			addrs[f.DefValue] = true
		}
	})
	cities := strings.Split(defaultCities, ",")
	for i := range cities {
		addrs[fmt.Sprintf("127.0.0.1:%d", o.nodeBasePort+i)] = true
	}
	// The Danish hub takes the port after the Swedish one's.
	addrs["127.0.0.1:7501"] = true
	for _, a := range regexp.MustCompile(`127\.0\.0\.1:(\d+)(?:–(\d+))?`).FindAllStringSubmatch(text, -1) {
		if !addrs[a[0]] && !addrs["127.0.0.1:"+a[1]] {
			t.Errorf("the Quick start names %s, where the demo runs nothing by default", a[0])
		}
	}
	for _, id := range cities {
		spec, _ := sample.Lookup(id)
		if !strings.Contains(text, spec.Name) {
			t.Errorf("the Quick start does not name %s, a city the demo runs", spec.Name)
		}
	}
}

// TestDemoRunsOtherSampleCities: a city of a country the default set
// leaves out runs under a national hub of its own, as --cities promises.
func TestDemoRunsOtherSampleCities(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncbuf.Buffer
	m := NewMain(&out, &errOut)
	readyc := make(chan *Federation, 1)
	m.Ready = func(f *Federation) { readyc <- f }
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"--cities", "turku,zaragoza", "--hub-listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0",
			"--regional-listen", "127.0.0.1:0", "--node-port", "0", "--hub-http", "", "--node-http", ""})
	}()
	var f *Federation
	select {
	case f = <-readyc:
	case err := <-done:
		t.Fatalf("demo stopped before serving: %v\n%s", err, errOut.String())
	case <-time.After(3 * time.Minute):
		t.Fatal("demo not ready within 3 minutes")
	}
	var got []string
	for _, n := range f.Nationals {
		got = append(got, n.Hub.Info.GetId()+" "+n.Hub.Info.GetName())
	}
	if want := []string{"fi-net Healthy Cities Finland", "es-net Spanish Network of Healthy Cities"}; !slices.Equal(got, want) {
		t.Errorf("national hubs %v, want %v", got, want)
	}
	if f.HubAddr != f.Nationals[0].Addr || !strings.Contains(out.String(), "2 national hubs and 2 city nodes") {
		t.Errorf("welcome text:\n%s", out.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("demo stopped with %v", err)
	}
}
