package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/hcnet/hcnet/internal/version"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
)

// Main is the hcbench program; its test runs it in-process.
type Main struct {
	stdout, stderr io.Writer
}

// NewMain builds the program writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main { return &Main{stdout: stdout, stderr: stderr} }

// Options are the run's sizes.
type Options struct {
	Cities  int    `json:"cities"`
	Records int    `json:"records"`
	Corpus  int    `json:"corpus"`
	Catchup int    `json:"catchup"`
	Connect int    `json:"connect"`
	Repeat  int    `json:"repeat"`
	Queries int    `json:"query_repetitions"`
	JSON    string `json:"-"`
	// CPUProfile, when set, is where the ingest phase's CPU profile is
	// written (first publish to last commit); the catch-up's and the
	// propagation run's go to CPUProfile + ".catchup" and ".propagation".
	CPUProfile string `json:"-"`
	Small      bool   `json:"small"`
	// Only, when set, names the phases to run (see phases); the others
	// are skipped and their figures stay zero.
	Only string `json:"only,omitempty"`
	// Propagation phase: its length and the background load.
	PropagationSeconds float64 `json:"propagation_seconds"`
	Background         int     `json:"background_records_per_s"`
	// Hub process phase: the connected-city counts a hub in its own
	// process is measured at (besides none).
	ConnectSteps []int `json:"connect_steps"`
	// version asks for the version line instead of a run.
	version bool
}

// profile is where the CPU profile of phase goes: CPUProfile with the
// phase's name appended, or "" for none.
func (o Options) profile(phase string) string {
	if o.CPUProfile == "" {
		return ""
	}
	return o.CPUProfile + "." + phase
}

// phases hcbench can run alone with --only.
var phases = []string{"raw", "ingest", "footprint", "search", "catchup", "propagation", "hubprocess"}

// has says whether the run includes phase.
func (o Options) has(phase string) bool {
	if o.Only == "" {
		return true
	}
	for _, p := range strings.Split(o.Only, ",") {
		if strings.TrimSpace(p) == phase {
			return true
		}
	}
	return false
}

func (m *Main) parseFlags(args []string) (Options, error) {
	var o Options
	fs := flag.NewFlagSet("hcbench", flag.ContinueOnError)
	fs.SetOutput(m.stderr)
	fs.IntVar(&o.Cities, "cities", 1000, "simulated cities publishing to the hub")
	fs.IntVar(&o.Records, "records", 200000, "records published through NATS for the ingest figure")
	fs.IntVar(&o.Corpus, "corpus", 0, "practices the search figures run over (default: --records; more are added straight to the store)")
	fs.IntVar(&o.Catchup, "catchup", 100000, "records a node holds in its outbox when the hub comes back")
	fs.IntVar(&o.Connect, "connect", 0, "cities connected to NATS for the footprint figure (default: --cities)")
	fs.IntVar(&o.Repeat, "repeat", 3, "runs of each raw measurement (the median is quoted)")
	fs.IntVar(&o.Queries, "query-reps", 50, "runs of each search query")
	fs.Float64Var(&o.PropagationSeconds, "propagation-seconds", 30, "length of the propagation run (probes city → national → regional hub at 20/s)")
	fs.IntVar(&o.Background, "background", 2000, "background records/s other cities publish to the national hub during the propagation run")
	steps := fs.String("connect-steps", "1000,10000", "connected-city counts at which a hub in its own process is measured (RSS, goroutines)")
	fs.StringVar(&o.JSON, "json", "", "write the figures to this file as JSON")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write CPU profiles of the ingest phase to this file, of the catch-up and the propagation run to it with .catchup and .propagation appended")
	fs.BoolVar(&o.Small, "small", false, "a run of seconds for CI: 20 cities, 2,000 records, 1,000 outboxed")
	fs.StringVar(&o.Only, "only", "", "run only these phases, comma-separated: "+strings.Join(phases, ","))
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if o.Small {
		o.Cities, o.Records, o.Catchup, o.Repeat, o.Queries = 20, 2000, 1000, 1, 5
		o.Corpus, o.Connect = 0, 0
		o.PropagationSeconds, o.Background, *steps = 2, 200, "50"
	}
	var err error
	if o.ConnectSteps, err = parseSteps(*steps); err != nil {
		return o, err
	}
	for _, p := range strings.Split(o.Only, ",") {
		if p = strings.TrimSpace(p); o.Only != "" && !slices.Contains(phases, p) {
			return o, fmt.Errorf("--only: unknown phase %q (phases: %s)", p, strings.Join(phases, ","))
		}
	}
	if o.Corpus < o.Records {
		o.Corpus = o.Records
	}
	if o.Connect < o.Cities {
		o.Connect = o.Cities
	}
	if o.Cities < 1 || o.Records < o.Cities || o.Catchup < 1 || o.Repeat < 1 || o.Queries < 1 || o.PropagationSeconds*probeRate < 1 || o.Background < 0 {
		return o, errors.New("need cities ≥ 1, records ≥ cities, catchup ≥ 1, repeat ≥ 1, query-reps ≥ 1, propagation-seconds ≥ 0.05, background ≥ 0")
	}
	return o, nil
}

// Report is everything one run measured.
type Report struct {
	Machine   Machine        `json:"machine"`
	Options   Options        `json:"options"`
	Raw       Raw            `json:"raw"`
	Ingest    Ingest         `json:"ingest"`
	Search    []QueryLatency `json:"search"`
	Catchup   Catchup        `json:"catchup"`
	Footprint Footprint      `json:"footprint"`
	// Propagation and HubProcess come from hubs of their own
	// (propagation.go, hubprocess.go).
	Propagation Propagation `json:"propagation"`
	HubProcess  HubProcess  `json:"hub_process"`
}

// Machine says where the figures come from.
type Machine struct {
	Cores int    `json:"cores"`
	GOOS  string `json:"goos"`
	Arch  string `json:"goarch"`
	Go    string `json:"go"`
}

// Ingest is the hub's end-to-end throughput.
type Ingest struct {
	Records        int     `json:"records"`
	Cities         int     `json:"cities"`
	ApproveSeconds float64 `json:"approve_seconds"`
	Seconds        float64 `json:"seconds"`
	PerS           float64 `json:"records_per_s"`
	RatioToRaw     float64 `json:"ratio_to_slowest_raw_stage"`
	// CPUus is the process's CPU time per record while ingesting (µs),
	// the publishing cities' included as in the raw publish figure;
	// RatioToPipeline compares the rate with Raw.PipelinePerS.
	CPUus           float64 `json:"cpu_us"`
	RatioToPipeline float64 `json:"ratio_to_raw_pipeline"`
}

// Catchup is a node's drain after an outage.
type Catchup struct {
	Records int     `json:"records"`
	Seconds float64 `json:"seconds"`
	PerS    float64 `json:"records_per_s"`
}

// Footprint is the process with the hub and its connected cities.
type Footprint struct {
	Connected      int     `json:"connected_cities"`
	IdleRSSMiB     float64 `json:"idle_rss_mib"`
	IdleGoroutines int     `json:"idle_goroutines"`
	RSSMiB         float64 `json:"rss_mib"`
	Goroutines     int     `json:"goroutines"`
	ApproveSeconds float64 `json:"approve_seconds"`
}

// Run measures, prints the table and writes the JSON.
func (m *Main) Run(ctx context.Context, args []string) error {
	o, err := m.parseFlags(args)
	if err != nil {
		return err
	}
	if o.version {
		_, err := fmt.Fprintln(m.stdout, version.Line("hcbench"))
		return err
	}
	root, err := os.MkdirTemp("", "hcbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	rep, err := m.measure(ctx, o, root)
	if err != nil {
		return err
	}
	m.print(rep)
	if o.JSON != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(o.JSON, append(b, '\n'), 0o644)
	}
	return nil
}

func (m *Main) progress(format string, args ...any) {
	fmt.Fprintf(m.stderr, "hcbench: "+format+"\n", args...)
}

func (m *Main) measure(ctx context.Context, o Options, root string) (Report, error) {
	rep := Report{Options: o, Machine: Machine{Cores: runtime.NumCPU(), GOOS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version()}}
	cities, err := newCities(o.Cities, "c")
	if err != nil {
		return rep, err
	}
	// Seal everything first: signing is the cities' work, not the hub's.
	var all []sealed
	perCity := make([][]sealed, len(cities))
	if o.has("raw") || o.has("ingest") {
		m.progress("sealing %d envelopes from %d cities", o.Records, o.Cities)
		if all, err = sealAll(cities, o.Records); err != nil {
			return rep, err
		}
		for i, s := range all {
			perCity[i%len(cities)] = append(perCity[i%len(cities)], s)
		}
	}
	if o.has("raw") {
		if err := m.raw(ctx, o, root, all, &rep.Raw); err != nil {
			return rep, fmt.Errorf("raw limits: %w", err)
		}
	}

	h, err := startHub(ctx, dataDir(root, "hub"))
	if err != nil {
		return rep, err
	}
	defer h.stop()
	rep.Footprint.IdleRSSMiB, rep.Footprint.IdleGoroutines = mib(rssBytes()), goroutines()

	var conns []*nats.Conn
	defer func() { closeAll(conns) }()
	if o.has("ingest") || o.has("footprint") {
		m.progress("approving %d cities", o.Cities)
		start := time.Now()
		if err := h.approve(ctx, cities); err != nil {
			return rep, err
		}
		rep.Ingest.ApproveSeconds = time.Since(start).Seconds()
		if conns, err = h.connect(cities); err != nil {
			return rep, err
		}
	}
	ingested := 0
	if o.has("ingest") {
		m.progress("ingest: publishing %d records", o.Records)
		rep.Ingest.Records, rep.Ingest.Cities = o.Records, o.Cities
		stopProfile, err := startCPUProfile(o.CPUProfile)
		if err != nil {
			return rep, err
		}
		st := startStage()
		if err := publish(ctx, conns, perCity); err != nil {
			stopProfile()
			return rep, fmt.Errorf("publish: %w", err)
		}
		if err := waitFor(ctx, 30*time.Minute, "ingest", func() (bool, error) { return h.upserted() >= int64(o.Records), nil }); err != nil {
			stopProfile()
			return rep, err
		}
		rep.Ingest.PerS, rep.Ingest.CPUus = st.done(o.Records)
		rep.Ingest.Seconds = float64(o.Records) / rep.Ingest.PerS
		if err := stopProfile(); err != nil {
			return rep, err
		}
		if rep.Raw.SlowestStagePerS > 0 {
			rep.Ingest.RatioToRaw = rep.Ingest.PerS / rep.Raw.SlowestStagePerS
			rep.Ingest.RatioToPipeline = rep.Ingest.PerS / rep.Raw.PipelinePerS
		}
		ingested = o.Records
	}

	if o.has("footprint") {
		if err := m.footprint(ctx, o, h, &conns, &rep); err != nil {
			return rep, err
		}
	}
	closeAll(conns)
	conns = nil

	if o.has("search") {
		if o.Corpus > ingested {
			m.progress("search: filling the corpus to %d practices", o.Corpus)
			if err := h.fill(ctx, cities, ingested, o.Corpus); err != nil {
				return rep, err
			}
		}
		m.progress("search: %d queries × %d", len(queries), o.Queries)
		if rep.Search, err = h.search(ctx, o.Queries); err != nil {
			return rep, err
		}
	}

	if o.has("catchup") {
		m.progress("catch-up: %d outboxed records", o.Catchup)
		d, err := h.catchUp(ctx, dataDir(root, "node"), o.Catchup, o.profile("catchup"))
		if err != nil {
			return rep, fmt.Errorf("catch-up: %w", err)
		}
		rep.Catchup = Catchup{Records: o.Catchup, Seconds: d.Seconds(), PerS: float64(o.Catchup) / d.Seconds()}
	}
	// The phases with hubs of their own measure those alone: the first
	// hub stops, and a collection now frees what the earlier phases left
	// (the envelopes sealed for ingest), so neither that hub's work nor
	// the marking of a heap that size lands on their latencies.
	if err := h.stop(); err != nil {
		return rep, err
	}
	runtime.GC()
	if err := m.ownHubs(ctx, o, root, &rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// footprint connects --connect cities in all (approving those beyond
// --cities) and reads the process's RSS and goroutines.
func (m *Main) footprint(ctx context.Context, o Options, h *benchHub, conns *[]*nats.Conn, rep *Report) error {
	if o.Connect > o.Cities {
		extra, err := newCities(o.Connect-o.Cities, "x")
		if err != nil {
			return err
		}
		m.progress("footprint: approving and connecting %d more cities", len(extra))
		start := time.Now()
		if err := h.approve(ctx, extra); err != nil {
			return err
		}
		rep.Footprint.ApproveSeconds = time.Since(start).Seconds()
		more, err := h.connect(extra)
		if err != nil {
			return err
		}
		*conns = append(*conns, more...)
	}
	runtime.GC()
	rep.Footprint.Connected = len(*conns)
	rep.Footprint.RSSMiB, rep.Footprint.Goroutines = mib(rssBytes()), goroutines()
	if rep.Footprint.ApproveSeconds == 0 {
		rep.Footprint.ApproveSeconds = rep.Ingest.ApproveSeconds
	}
	return nil
}

// raw measures each stage --repeat times on fresh storage and keeps the
// medians.
func (m *Main) raw(ctx context.Context, o Options, root string, msgs []sealed, r *Raw) error {
	var runs []rawRun
	for i := range o.Repeat {
		m.progress("raw limits, run %d of %d", i+1, o.Repeat)
		var run rawRun
		if err := rawJetStream(ctx, dataDir(root, fmt.Sprintf("raw-nats-%d", i)), msgs, &run); err != nil {
			return err
		}
		if err := rawSQLite(ctx, mkdir(dataDir(root, fmt.Sprintf("raw-sqlite-%d", i))), msgs, &run); err != nil {
			return err
		}
		rawVerify(msgs, &run)
		runs = append(runs, run)
	}
	med := func(f func(rawRun) float64) float64 {
		v := make([]float64, len(runs))
		for i, run := range runs {
			v[i] = f(run)
		}
		return median(v)
	}
	total := 0
	for _, s := range msgs {
		total += len(s.data)
	}
	*r = Raw{MsgBytes: total / len(msgs), Messages: len(msgs),
		JSPublishPerS:       med(func(r rawRun) float64 { return r.pub }),
		JSConsumePerS:       med(func(r rawRun) float64 { return r.cons }),
		SQLiteFTSPerS:       med(func(r rawRun) float64 { return r.sqlite }),
		VerifyPerS:          med(func(r rawRun) float64 { return r.verify }),
		VerifyExpandedPerS:  med(func(r rawRun) float64 { return r.expanded }),
		JSPublishCPUus:      med(func(r rawRun) float64 { return r.pubCPU }),
		JSConsumeCPUus:      med(func(r rawRun) float64 { return r.consCPU }),
		SQLiteFTSCPUus:      med(func(r rawRun) float64 { return r.sqliteCPU }),
		VerifyExpandedCPUus: med(func(r rawRun) float64 { return r.verifyExpandCPU }),
	}
	r.SlowestStage, r.SlowestStagePerS = "jetstream publish", r.JSPublishPerS
	for _, s := range []struct {
		name string
		v    float64
	}{{"jetstream consume+ack", r.JSConsumePerS}, {"sqlite insert+fts", r.SQLiteFTSPerS}, {"ed25519 verify (expanded key)", r.VerifyExpandedPerS}} {
		if s.v < r.SlowestStagePerS {
			r.SlowestStage, r.SlowestStagePerS = s.name, s.v
		}
	}
	r.PipelineCPUus = r.JSPublishCPUus + r.JSConsumeCPUus + r.SQLiteFTSCPUus + r.VerifyExpandedCPUus
	if r.PipelineCPUus > 0 {
		r.PipelinePerS = min(float64(runtime.GOMAXPROCS(0))*1e6/r.PipelineCPUus, r.SQLiteFTSPerS)
	}
	return nil
}

func mkdir(dir string) string {
	os.MkdirAll(dir, 0o755)
	return dir
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func (m *Main) print(r Report) {
	w := tabwriter.NewWriter(m.stdout, 0, 0, 2, ' ', 0)
	defer w.Flush()
	fmt.Fprintf(w, "hcbench\t%d cores, %s/%s, %s\n", r.Machine.Cores, r.Machine.GOOS, r.Machine.Arch, r.Machine.Go)
	fmt.Fprintf(w, "\t%d cities, %d records, corpus %d, catch-up %d, %d connected\n",
		r.Options.Cities, r.Options.Records, r.Options.Corpus, r.Options.Catchup, r.Options.Connect)
	fmt.Fprintf(w, "\t\t\n")
	fmt.Fprintf(w, "figure\tvalue\tnote\n")
	fmt.Fprintf(w, "raw: message size\t%d B\tsealed practice envelope\n", r.Raw.MsgBytes)
	fmt.Fprintf(w, "raw: JetStream async publish\t%.0f msg/s\tfile stream, default fsync, median of %d\n", r.Raw.JSPublishPerS, r.Options.Repeat)
	fmt.Fprintf(w, "raw: JetStream pull consume + ack\t%.0f msg/s\t\n", r.Raw.JSConsumePerS)
	fmt.Fprintf(w, "raw: SQLite batched insert + FTS5\t%.0f rows/s\tsynchronous FULL, 1000 per commit\n", r.Raw.SQLiteFTSPerS)
	fmt.Fprintf(w, "raw: ed25519 verify, all cores\t%.0f /s\tcrypto/ed25519, as nkeys calls it\n", r.Raw.VerifyPerS)
	fmt.Fprintf(w, "raw: ed25519 verify, expanded key, all cores\t%.0f /s\tthe path ingest uses: the verify stage in the slowest-stage pick\n", r.Raw.VerifyExpandedPerS)
	fmt.Fprintf(w, "raw: slowest stage\t%.0f /s\t%s\n", r.Raw.SlowestStagePerS, r.Raw.SlowestStage)
	fmt.Fprintf(w, "raw: CPU per message\t%.1f µs\tpublish %.1f + consume %.1f + SQLite %.1f + verify %.1f (all threads)\n",
		r.Raw.PipelineCPUus, r.Raw.JSPublishCPUus, r.Raw.JSConsumeCPUus, r.Raw.SQLiteFTSCPUus, r.Raw.VerifyExpandedCPUus)
	fmt.Fprintf(w, "raw: pipeline limit\t%.0f /s\tthe four stages at once on %d cores (CPU-bound, at most the SQLite rate)\n", r.Raw.PipelinePerS, r.Machine.Cores)
	fmt.Fprintf(w, "ingest\t%.0f records/s\t%d records from %d cities in %.1f s\n", r.Ingest.PerS, r.Ingest.Records, r.Ingest.Cities, r.Ingest.Seconds)
	fmt.Fprintf(w, "ingest / slowest raw stage\t%.2f\t\n", r.Ingest.RatioToRaw)
	fmt.Fprintf(w, "ingest / raw pipeline limit\t%.2f\tingest CPU %.1f µs a record against the raw stages' %.1f\n", r.Ingest.RatioToPipeline, r.Ingest.CPUus, r.Raw.PipelineCPUus)
	fmt.Fprintf(w, "approving cities\t%.1f s\t%d join + approve\n", r.Ingest.ApproveSeconds, r.Ingest.Cities)
	for _, q := range r.Search {
		more := ""
		if q.More {
			more = ", more not counted"
		}
		fmt.Fprintf(w, "search %s\tp50 %.1f ms, p99 %.1f ms\t%s (%d hits%s) over %d practices\n", q.Name, q.P50ms, q.P99ms, q.Query, q.Hits, more, r.Options.Corpus)
	}
	fmt.Fprintf(w, "catch-up\t%.1f s\t%d outboxed records, approval to last commit (%.0f records/s)\n", r.Catchup.Seconds, r.Catchup.Records, r.Catchup.PerS)
	fmt.Fprintf(w, "RSS\t%.0f MiB\twith %d cities connected (idle hub %.0f MiB; clients run in this process)\n", r.Footprint.RSSMiB, r.Footprint.Connected, r.Footprint.IdleRSSMiB)
	fmt.Fprintf(w, "goroutines\t%d\twith %d cities connected (idle hub %d; clients included)\n", r.Footprint.Goroutines, r.Footprint.Connected, r.Footprint.IdleGoroutines)
	m.printOwnHubs(w, r)
}

// sealAll seals n practices, the i-th from cities[i%len(cities)], on
// every core.
func sealAll(cities []city, n int) ([]sealed, error) {
	out := make([]sealed, n)
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	now := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n && errs[w] == nil; i += workers {
				out[i], errs[w] = seal(cities[i%len(cities)], i, hcnetv1.Visibility_VISIBILITY_NETWORK, now)
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}
