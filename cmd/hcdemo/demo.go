package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hcnet/hcnet/hub"
	hubweb "github.com/hcnet/hcnet/hub/web"
	"github.com/hcnet/hcnet/internal/sample"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node"
	nodeweb "github.com/hcnet/hcnet/node/web"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Main is the hcdemo program; tests run it in-process.
type Main struct {
	stdout, stderr io.Writer
	// Ready, when set, is called once the demo serves.
	Ready func(f *Federation)
}

// NewMain builds the program writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main { return &Main{stdout: stdout, stderr: stderr} }

type options struct {
	dir, cities, hubListen, natsListen string
	hubHTTP, nodeHTTP                  string
	nodeBasePort                       int
	keep, verbose                      bool
}

// defaultCities are Swedish, so one national hub holds them all.
const defaultCities = "malmo,umea,orebro,jonkoping"

func (m *Main) parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("hcdemo", flag.ContinueOnError)
	fs.SetOutput(m.stderr)
	fs.StringVar(&o.dir, "dir", "", "data folder for the demo (default: a new temporary folder, removed on exit)")
	fs.StringVar(&o.cities, "cities", defaultCities, "sample cities to run, comma-separated (from: "+cityIDs()+")")
	fs.StringVar(&o.hubListen, "hub-listen", "127.0.0.1:7500", "hub gRPC address; a busy port falls back to a free one")
	fs.StringVar(&o.natsListen, "nats-listen", "127.0.0.1:4222", "hub's embedded NATS address; a busy port falls back to a free one")
	fs.IntVar(&o.nodeBasePort, "node-port", 7400, "first city node's port on 127.0.0.1 (0: free ports)")
	fs.StringVar(&o.hubHTTP, "hub-http", "127.0.0.1:8500", "hub's web pages; a busy port falls back to a free one (empty: off)")
	fs.StringVar(&o.nodeHTTP, "node-http", "127.0.0.1:8400", "first city's web pages; a busy port falls back to a free one (empty: off)")
	fs.BoolVar(&o.keep, "keep", false, "keep the data folder after Ctrl-C")
	fs.BoolVar(&o.verbose, "v", false, "log what the daemons do")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return o, nil
}

func cityIDs() string {
	ids := make([]string, len(sample.Cities))
	for i, c := range sample.Cities {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}

// Federation is what the demo runs.
type Federation struct {
	Root    string
	Hub     *hub.Hub
	HubAddr string
	HubDir  string
	Cities  []*City
	// HubWeb and CityWeb serve the hub's and the first city's pages
	// (nil when turned off).
	HubWeb, CityWeb *webui.Server
}

// City is one running city node.
type City struct {
	Spec sample.CitySpec
	Node *node.Node
	Addr string
	Dir  string
	Sum  sample.Summary

	served chan error
}

// Run starts the demo and serves until ctx ends.
func (m *Main) Run(ctx context.Context, args []string) (err error) {
	o, err := m.parseFlags(args)
	if err != nil {
		return err
	}
	var specs []sample.CitySpec
	for _, id := range strings.Split(o.cities, ",") {
		spec, ok := sample.Lookup(strings.TrimSpace(id))
		if !ok {
			return fmt.Errorf("no sample city %q (one of: %s)", id, cityIDs())
		}
		specs = append(specs, spec)
	}
	level := slog.LevelWarn
	if o.verbose {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(m.stderr, &slog.HandlerOptions{Level: level}))

	root := o.dir
	if root == "" {
		if root, err = os.MkdirTemp("", "hcdemo-"); err != nil {
			return err
		}
		if !o.keep {
			defer os.RemoveAll(root)
		}
	}
	f := &Federation{Root: root}
	defer func() { err = errors.Join(err, f.stop()) }()

	fmt.Fprintf(m.stdout, "Starting the national hub and %d cities in %s ...\n", len(specs), root)
	if err := f.startHub(ctx, o, log); err != nil {
		return err
	}
	for i, spec := range specs {
		listen := "127.0.0.1:0"
		if o.nodeBasePort != 0 {
			listen = fmt.Sprintf("127.0.0.1:%d", o.nodeBasePort+i)
		}
		c, err := f.startCity(ctx, spec, listen, log)
		if err != nil {
			return fmt.Errorf("%s: %w", spec.ID, err)
		}
		fmt.Fprintf(m.stdout, "  %-10s node on %s, %d partnerships, %d practices; joined and approved\n",
			spec.ID, c.Addr, len(c.Sum.Partnerships), len(c.Sum.Practices))
	}
	if err := f.startWeb(o, log); err != nil {
		return err
	}
	if err := f.endorseEachOther(ctx); err != nil {
		return err
	}
	if err := f.waitDelivered(ctx, 2*time.Minute); err != nil {
		return err
	}
	if err := m.printWelcome(f, o.keep || o.dir != ""); err != nil {
		return err
	}
	if m.Ready != nil {
		m.Ready(f)
	}
	<-ctx.Done()
	fmt.Fprintln(m.stdout, "\nStopping the demo ...")
	if err := f.stop(); err != nil {
		return err
	}
	fmt.Fprintln(m.stdout, "Stopped cleanly.")
	return nil
}

// listen takes the asked address, or any free loopback port when it is
// taken (a second demo, or a real daemon on the default port).
func listen(addr string) (net.Listener, error) {
	lis, err := net.Listen("tcp", addr)
	if err == nil {
		return lis, nil
	}
	return net.Listen("tcp", "127.0.0.1:0")
}

// freeAddr is addr when it can be bound now, else a free loopback port.
func freeAddr(addr string) (string, error) {
	lis, err := listen(addr)
	if err != nil {
		return "", err
	}
	defer lis.Close()
	return lis.Addr().String(), nil
}

func (f *Federation) startHub(ctx context.Context, o options, log *slog.Logger) error {
	f.HubDir = filepath.Join(f.Root, "hub")
	if err := hub.Init(ctx, f.HubDir, hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL}); err != nil {
		return err
	}
	natsAddr, err := freeAddr(o.natsListen)
	if err != nil {
		return err
	}
	h, err := hub.Open(ctx, hub.Config{Dir: f.HubDir, NATSListen: natsAddr, Log: log})
	if err != nil {
		return err
	}
	f.Hub = h
	lis, err := listen(o.hubListen)
	if err != nil {
		return err
	}
	f.HubAddr = lis.Addr().String()
	go h.Serve(lis)
	return nil
}

func (f *Federation) startCity(ctx context.Context, spec sample.CitySpec, addr string, log *slog.Logger) (*City, error) {
	dir := filepath.Join(f.Root, spec.ID)
	if err := node.Init(ctx, dir, node.InitOptions{CityID: spec.ID, Name: spec.Name, Country: spec.Country}); err != nil {
		return nil, err
	}
	n, err := node.Open(ctx, dir, log)
	if err != nil {
		return nil, err
	}
	c := &City{Spec: spec, Node: n, Dir: dir, served: make(chan error, 1)}
	f.Cities = append(f.Cities, c)
	lis, err := listen(addr)
	if err != nil {
		return nil, err
	}
	c.Addr = lis.Addr().String()
	go func() { c.served <- n.Serve(lis) }()
	client, done, err := c.client()
	if err != nil {
		return nil, err
	}
	defer done()
	if c.Sum, err = sample.Load(ctx, client, spec); err != nil {
		return nil, err
	}
	if _, err := client.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: f.HubAddr}); err != nil {
		return nil, err
	}
	// The demo plays the coordinator too.
	if _, err := f.Hub.Members.Decide(ctx, spec.Country, spec.ID, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
		return nil, err
	}
	return c, nil
}

// client is an authenticated CityService client of the city.
func (c *City) client() (hcnetv1.CityServiceClient, func(), error) {
	token, err := node.ReadToken(c.Dir)
	if err != nil {
		return nil, nil, err
	}
	conn, err := grpc.NewClient(c.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer(token)))
	if err != nil {
		return nil, nil, err
	}
	return hcnetv1.NewCityServiceClient(conn), func() { conn.Close() }, nil
}

// endorseEachOther has every city endorse the success of the city before
// it, by the id that city's node gave it.
func (f *Federation) endorseEachOther(ctx context.Context) error {
	for i, c := range f.Cities {
		if len(f.Cities) < 2 {
			return nil
		}
		prev := f.Cities[(i+len(f.Cities)-1)%len(f.Cities)]
		client, done, err := c.client()
		if err != nil {
			return err
		}
		_, err = sample.Endorse(ctx, client, c.Spec, prev.Sum.Success)
		done()
		if err != nil {
			return fmt.Errorf("%s endorses %s: %w", c.Spec.ID, prev.Spec.ID, err)
		}
	}
	return nil
}

// waitDelivered waits until the hub holds every city's shared records,
// so the welcome text is true when it is printed.
func (f *Federation) waitDelivered(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for _, c := range f.Cities {
		for {
			want, have, err := f.delivered(ctx, c)
			if err != nil {
				return err
			}
			if have >= want {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("the hub holds %d of %s's %d shared records after %s", have, c.Spec.ID, want, limit)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	return nil
}

// delivered counts a city's shared records and those the hub holds.
func (f *Federation) delivered(ctx context.Context, c *City) (want, have int, err error) {
	err = c.Node.Store.DB().Read.QueryRowContext(ctx,
		`SELECT count(*) FROM records WHERE visibility IN ('network', 'public') AND kind <> 'partner'`).Scan(&want)
	if err != nil {
		return 0, 0, err
	}
	err = f.Hub.Store.DB().Read.QueryRowContext(ctx,
		`SELECT count(*) FROM records WHERE country = ? AND city_id = ?`, c.Spec.Country, c.Spec.ID).Scan(&have)
	return want, have, err
}

// stop shuts the cities down, then the hub; safe to call twice.
func (f *Federation) stop() error {
	var err error
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = errors.Join(f.CityWeb.Shutdown(ctx), f.HubWeb.Shutdown(ctx))
	f.CityWeb, f.HubWeb = nil, nil
	for _, c := range f.Cities {
		err = errors.Join(err, c.Node.Shutdown(ctx), <-c.served)
	}
	f.Cities = nil
	if f.Hub != nil {
		err = errors.Join(err, f.Hub.Shutdown(ctx))
		f.Hub = nil
	}
	return err
}

// startWeb serves the hub's pages and the first city's.
func (f *Federation) startWeb(o options, log *slog.Logger) error {
	if o.hubHTTP != "" {
		addr, err := freeAddr(o.hubHTTP)
		if err != nil {
			return err
		}
		if f.HubWeb, err = hubweb.Start(addr, f.Hub, f.HubAddr, log); err != nil {
			return err
		}
	}
	if o.nodeHTTP != "" && len(f.Cities) > 0 {
		addr, err := freeAddr(o.nodeHTTP)
		if err != nil {
			return err
		}
		c := f.Cities[0]
		if f.CityWeb, err = nodeweb.Start(addr, c.Node, c.Addr, log); err != nil {
			return err
		}
	}
	return nil
}

type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}
func (bearer) RequireTransportSecurity() bool { return false }
