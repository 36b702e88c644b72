package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/bearer"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// HubProcess is a hub running alone in its own process: its resident set
// and goroutines idle, then with more and more cities connected to its
// NATS server.
type HubProcess struct {
	IdleRSSMiB     float64   `json:"idle_rss_mib"`
	IdleGoroutines int       `json:"idle_goroutines"`
	Steps          []HubStep `json:"connected"`
}

// HubStep is the hub process with Connected cities connected, and how long
// approving and connecting the cities added since the previous step took.
type HubStep struct {
	Connected      int     `json:"connected_cities"`
	RSSMiB         float64 `json:"rss_mib"`
	Goroutines     int     `json:"goroutines"`
	ApproveSeconds float64 `json:"approve_seconds"`
	ConnectSeconds float64 `json:"connect_seconds"`
}

// hubChildEnv, when set to a hub's data folder, makes this program a hub
// for the parent hcbench instead (see runHubChild). It is read in init so
// that the test binary, which the parent re-executes under go test, does
// the same.
const hubChildEnv = "HCBENCH_HUB_CHILD"

func init() {
	if dir := os.Getenv(hubChildEnv); dir != "" {
		if err := runHubChild(dir, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "hcbench hub:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// runHubChild opens the hub in dir, prints "ready <grpc addr> <nats url>",
// then answers each "stats" line on in with "stats <goroutines>" until in
// closes. The parent reads the resident set from /proc itself.
func runHubChild(dir string, in io.Reader, out io.Writer) error {
	ctx := context.Background()
	h, err := hub.Open(ctx, hub.Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- h.Serve(lis) }()
	fmt.Fprintf(out, "ready %s %s\n", lis.Addr(), h.Info.GetNatsUrl())
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if sc.Text() == "stats" {
			runtime.GC()
			fmt.Fprintf(out, "stats %d\n", runtime.NumGoroutine())
		}
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return errors.Join(h.Shutdown(sctx), <-served)
}

// ownHubs runs the phases with hubs of their own: propagation through a
// regional federation, and a hub process with connected cities.
func (m *Main) ownHubs(ctx context.Context, o Options, root string, rep *Report) error {
	var err error
	if o.has("propagation") {
		if rep.Propagation, err = m.propagate(ctx, o, root); err != nil {
			return fmt.Errorf("propagation: %w", err)
		}
	}
	if o.has("hubprocess") {
		if rep.HubProcess, err = m.hubProcess(ctx, o, root); err != nil {
			return fmt.Errorf("hub process: %w", err)
		}
	}
	return nil
}

func (m *Main) printOwnHubs(w *tabwriter.Writer, r Report) {
	p := r.Propagation
	fmt.Fprintf(w, "propagation city → national Watch\tp50 %.1f ms, p99 %.1f ms\t%d probes at %d/s, background %.0f records/s (network, to the national hub)\n",
		p.NationalP50ms, p.NationalP99ms, p.Probes, probeRate, p.BackgroundPerS)
	fmt.Fprintf(w, "propagation city → national → regional Watch\tp50 %.1f ms, p99 %.1f ms\tmax %.1f ms\n", p.RegionalP50ms, p.RegionalP99ms, p.RegionalMaxms)
	for _, st := range p.Stages {
		fmt.Fprintf(w, "  stage: %s\tp50 %.1f ms, p99 %.1f ms\t\n", st.Name, st.P50ms, st.P99ms)
	}
	hp := r.HubProcess
	fmt.Fprintf(w, "hub process, idle\tRSS %.0f MiB, %d goroutines\ta hub alone in its own process\n", hp.IdleRSSMiB, hp.IdleGoroutines)
	for _, hp := range hp.Steps {
		fmt.Fprintf(w, "hub process, %d cities connected\tRSS %.0f MiB, %d goroutines\tapproving them %.1f s, connecting %.1f s\n",
			hp.Connected, hp.RSSMiB, hp.Goroutines, hp.ApproveSeconds, hp.ConnectSeconds)
	}
}

func parseSteps(s string) ([]int, error) {
	var out []int
	last := 0
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= last {
			return nil, fmt.Errorf("--connect-steps %q: want increasing counts > 0, such as 1000,10000", s)
		}
		out, last = append(out, n), n
	}
	return out, nil
}

// childHubID is the id of the hub in its own process.
const childHubID = "se-net"

// hubChild is the hub process as the parent drives it.
type hubChild struct {
	cmd       *exec.Cmd
	in        io.WriteCloser
	out       *bufio.Scanner
	addr, url string
	token     string
}

// startHubChild initialises a hub in dir and starts this program again as
// that hub.
func startHubChild(ctx context.Context, dir string) (*hubChild, error) {
	if err := hub.Init(ctx, dir, hub.InitOptions{ID: childHubID, Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: country}); err != nil {
		return nil, err
	}
	tok, err := os.ReadFile(dataDir(dir, hub.TokenFile))
	if err != nil {
		return nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), hubChildEnv+"="+dir)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &hubChild{cmd: cmd, in: in, out: bufio.NewScanner(out), token: strings.TrimSpace(string(tok))}
	line, err := c.line("ready")
	if err != nil {
		c.stop()
		return nil, err
	}
	if f := strings.Fields(line); len(f) == 3 {
		c.addr, c.url = f[1], f[2]
	} else {
		c.stop()
		return nil, fmt.Errorf("hub process said %q", line)
	}
	return c, nil
}

func (c *hubChild) line(prefix string) (string, error) {
	for c.out.Scan() {
		if strings.HasPrefix(c.out.Text(), prefix+" ") {
			return c.out.Text(), nil
		}
	}
	return "", fmt.Errorf("hub process ended before %q: %v", prefix, c.out.Err())
}

// stats reads the hub process's resident set and goroutines.
func (c *hubChild) stats() (rss int64, goroutines int, err error) {
	if _, err := fmt.Fprintln(c.in, "stats"); err != nil {
		return 0, 0, err
	}
	line, err := c.line("stats")
	if err != nil {
		return 0, 0, err
	}
	if goroutines, err = strconv.Atoi(strings.Fields(line)[1]); err != nil {
		return 0, 0, err
	}
	return rssOf(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid)), goroutines, nil
}

func (c *hubChild) stop() error {
	c.in.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Minute):
		c.cmd.Process.Kill()
		return errors.New("hub process did not stop within a minute")
	}
}

// hubProcess starts a hub in its own process and measures it with no
// city connected, then at each of o.ConnectSteps: the cities are joined
// and approved through the hub's gRPC API as a coordinator would, then
// each opens its NATS connection with its own key from this process.
func (m *Main) hubProcess(ctx context.Context, o Options, root string) (HubProcess, error) {
	var out HubProcess
	c, err := startHubChild(ctx, dataDir(root, "hub-process"))
	if err != nil {
		return out, err
	}
	defer c.stop()
	conn, err := grpc.NewClient(c.addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer.Token(c.token)))
	if err != nil {
		return out, err
	}
	defer conn.Close()
	api := hcnetv1.NewHubServiceClient(conn)
	rss, g, err := c.stats()
	if err != nil {
		return out, err
	}
	out.IdleRSSMiB, out.IdleGoroutines = mib(rss), g
	var conns []*nats.Conn
	defer func() { closeAll(conns) }()
	for _, step := range o.ConnectSteps {
		more, err := newCities(step-len(conns), fmt.Sprintf("h%d-", step))
		if err != nil {
			return out, err
		}
		m.progress("hub process: approving and connecting %d more cities (%d in all)", len(more), step)
		hp := HubStep{Connected: step}
		start := time.Now()
		if err := joinAndApprove(ctx, api, more); err != nil {
			return out, err
		}
		hp.ApproveSeconds = time.Since(start).Seconds()
		start = time.Now()
		nc, err := connectAll(c.url, more)
		conns = append(conns, nc...)
		if err != nil {
			return out, err
		}
		hp.ConnectSeconds = time.Since(start).Seconds()
		rss, g, err := c.stats()
		if err != nil {
			return out, err
		}
		hp.RSSMiB, hp.Goroutines = mib(rss), g
		out.Steps = append(out.Steps, hp)
	}
	return out, nil
}

// joinAndApprove sends each city's signed join request and approves it,
// over gRPC.
func joinAndApprove(ctx context.Context, api hcnetv1.HubServiceClient, cities []city) error {
	for _, c := range cities {
		nonce := make([]byte, 12)
		rand.Read(nonce)
		req, err := envelope.SignJoin(c.key, &hcnetv1.JoinApplication{CityId: c.id, Country: country, Name: "City " + c.id,
			HubId: childHubID}, hex.EncodeToString(nonce), time.Now())
		if err != nil {
			return err
		}
		if _, err := api.Join(ctx, req); err != nil {
			return fmt.Errorf("join %s: %w", c.id, err)
		}
		if _, err := api.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: country, CityId: c.id}); err != nil {
			return fmt.Errorf("approve %s: %w", c.id, err)
		}
	}
	return nil
}

// connectAll opens one NATS connection per city, a few at a time.
func connectAll(url string, cities []city) ([]*nats.Conn, error) {
	conns := make([]*nats.Conn, len(cities))
	errs := make([]error, len(cities))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, c := range cities {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			conns[i], errs[i] = bus.Connect(bus.Options{URL: url, Key: c.key, Name: "hcbench " + c.id})
		}()
	}
	wg.Wait()
	var ok []*nats.Conn
	for _, nc := range conns {
		if nc != nil {
			ok = append(ok, nc)
		}
	}
	return ok, errors.Join(errs...)
}

// rssOf reads VmRSS from a /proc/<pid>/status file (Linux), 0 elsewhere.
func rssOf(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
