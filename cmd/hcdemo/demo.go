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

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/bearer"

	"github.com/hcnet/hcnet/hub"
	hubweb "github.com/hcnet/hcnet/hub/web"
	"github.com/hcnet/hcnet/internal/sample"
	"github.com/hcnet/hcnet/internal/version"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node"
	nodeweb "github.com/hcnet/hcnet/node/web"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
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
	regionalListen                     string
	hubHTTP, nodeHTTP, regionalHTTP    string
	nodeBasePort                       int
	keep, verbose                      bool
	version                            bool
}

// defaultCities are Swedish and Danish: two national hubs under one
// regional hub. Any sample city may run; each country gets its hub.
const defaultCities = "malmo,umea,orebro,jonkoping,odense,aarhus"

func (m *Main) parseFlags(args []string) (options, error) {
	var o options
	fs := m.flags(&o)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return o, nil
}

// flags are the program's flags, setting o.
func (m *Main) flags(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("hcdemo", flag.ContinueOnError)
	fs.SetOutput(m.stderr)
	fs.StringVar(&o.dir, "dir", "", "data folder for the demo (default: a new temporary folder, removed on exit)")
	fs.StringVar(&o.cities, "cities", defaultCities, "sample cities to run, comma-separated (from: "+cityIDs()+")")
	fs.StringVar(&o.hubListen, "hub-listen", "127.0.0.1:7500", "first national hub's gRPC address (the first city's country's; the other national hubs take the next ports); a busy port falls back to a free one")
	fs.StringVar(&o.natsListen, "nats-listen", "127.0.0.1:4222", "first national hub's embedded NATS address (the others take free ports); a busy port falls back to a free one")
	fs.StringVar(&o.regionalListen, "regional-listen", "127.0.0.1:7510", "regional hub's gRPC address; a busy port falls back to a free one")
	fs.IntVar(&o.nodeBasePort, "node-port", 7400, "first city node's port on 127.0.0.1 (0: free ports)")
	fs.StringVar(&o.hubHTTP, "hub-http", "127.0.0.1:8500", "first national hub's web pages; a busy port falls back to a free one (empty: off)")
	fs.StringVar(&o.regionalHTTP, "regional-http", "127.0.0.1:8510", "regional hub's web pages; a busy port falls back to a free one (empty: off)")
	fs.StringVar(&o.nodeHTTP, "node-http", "127.0.0.1:8400", "first city's web pages; a busy port falls back to a free one (empty: off)")
	fs.BoolVar(&o.keep, "keep", false, "keep the data folder after Ctrl-C")
	fs.BoolVar(&o.verbose, "v", false, "log what the daemons do")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	return fs
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
	Root string
	// Hub, HubAddr and HubDir are the first national hub's (the first
	// city's country's), the one the welcome text's examples use.
	Hub     *hub.Hub
	HubAddr string
	HubDir  string
	// Regional is the regional hub; Nationals the national hubs under it.
	Regional  *HubRun
	Nationals []*HubRun
	Cities    []*City
	// HubWeb, RegionalWeb and CityWeb serve the first national hub's,
	// the regional hub's and the first city's pages (nil when turned off).
	HubWeb, RegionalWeb, CityWeb *webui.Server
}

// HubRun is one running hub.
type HubRun struct {
	Hub     *hub.Hub
	Addr    string
	Dir     string
	Country string
	// CoordinatorPassword is the generated password of the hub's account
	// demoCoordinator, kept nowhere else.
	CoordinatorPassword string
	served              chan error
}

// national is the national hub for a country.
func (f *Federation) national(country string) *HubRun {
	for _, h := range f.Nationals {
		if h.Country == country {
			return h
		}
	}
	return nil
}

// demoAdmin names the admin account of every demo city, and
// demoCoordinator the coordinator account of every demo hub.
const (
	demoAdmin       = "admin"
	demoCoordinator = "coordinator"
)

// City is one running city node.
type City struct {
	Spec sample.CitySpec
	Node *node.Node
	Addr string
	Dir  string
	Sum  sample.Summary
	// AdminPassword is the generated password of the city's account
	// demoAdmin, kept nowhere else.
	AdminPassword string

	served chan error
}

// Run starts the demo and serves until ctx ends.
func (m *Main) Run(ctx context.Context, args []string) (err error) {
	o, err := m.parseFlags(args)
	if err != nil {
		return err
	}
	if o.version {
		_, err := fmt.Fprintln(m.stdout, version.Line("hcdemo"))
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

	nationals := nationalHubs(specs)
	fmt.Fprintf(m.stdout, "Starting a regional hub, %d national %s and %d cities in %s ...\n",
		len(nationals), plural(len(nationals), "hub", "hubs"), len(specs), root)
	if err := f.startHubs(ctx, o, nationals, log); err != nil {
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
	if err := f.endorseNamed(ctx); err != nil {
		return err
	}
	if _, err := f.adoptAcrossBorders(ctx); err != nil {
		return err
	}
	if err := f.waitDelivered(ctx, 2*time.Minute); err != nil {
		return err
	}
	// Withdrawn once the regional hub holds the practice, so that what it
	// shows is a withdrawal, not a record it never saw.
	country, city, withdrawn, err := f.withdrawOne(ctx)
	if err != nil {
		return err
	}
	if withdrawn != "" {
		err := waitFor(ctx, 2*time.Minute, "the regional hub to hold the withdrawal", func() (bool, error) {
			var n int
			err := f.Regional.Hub.Store.DB().Read.QueryRowContext(ctx,
				`SELECT count(*) FROM tombstones WHERE country = ? AND city_id = ? AND id = ?`, country, city, withdrawn).Scan(&n)
			return n == 1, err
		})
		if err != nil {
			return err
		}
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

// networkNames name the national network of each sample city's country.
var networkNames = map[string]string{
	"se": "Healthy Cities Sweden",
	"dk": "Danish Healthy Cities Network",
	"fi": "Healthy Cities Finland",
	"es": "Spanish Network of Healthy Cities",
	"pl": "Polish Healthy Cities Association",
	"it": "Italian Healthy Cities Network",
}

// nationalHubs are the hubs the demo runs below the regional one: one
// for each country of the cities, in the order the cities come, so that
// every sample city can run.
func nationalHubs(specs []sample.CitySpec) []hub.InitOptions {
	var hubs []hub.InitOptions
	seen := map[string]bool{}
	for _, s := range specs {
		if seen[s.Country] {
			continue
		}
		seen[s.Country] = true
		name := networkNames[s.Country]
		if name == "" {
			name = "Healthy Cities " + strings.ToUpper(s.Country)
		}
		hubs = append(hubs, hub.InitOptions{ID: s.Country + "-net", Name: name, Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: s.Country})
	}
	return hubs
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// startHubs starts the regional hub, then the national hubs as its
// members, approved by the demo playing the regional coordinator.
func (f *Federation) startHubs(ctx context.Context, o options, nationals []hub.InitOptions, log *slog.Logger) error {
	var err error
	f.Regional, err = f.startHub(ctx, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL},
		o.regionalListen, "127.0.0.1:0", log)
	if err != nil {
		return err
	}
	for i, opt := range nationals {
		opt.Parent = f.Regional.Addr
		listenAddr, natsAddr := "127.0.0.1:0", "127.0.0.1:0"
		if i == 0 {
			listenAddr, natsAddr = o.hubListen, o.natsListen
		} else if host, port, err := net.SplitHostPort(o.hubListen); err == nil && port != "0" {
			var p int
			fmt.Sscan(port, &p)
			listenAddr = net.JoinHostPort(host, fmt.Sprint(p+i))
		}
		h, err := f.startHub(ctx, opt, listenAddr, natsAddr, log)
		if err != nil {
			return err
		}
		f.Nationals = append(f.Nationals, h)
	}
	f.Hub, f.HubAddr, f.HubDir = f.Nationals[0].Hub, f.Nationals[0].Addr, f.Nationals[0].Dir
	// Each national hub applies to the regional one by itself on start.
	for _, n := range f.Nationals {
		if err := waitFor(ctx, time.Minute, "the regional hub to receive "+n.Hub.Info.GetId()+"'s application", func() (bool, error) {
			_, err := f.Regional.Hub.Members.Get(ctx, n.Country, n.Hub.Info.GetId())
			return err == nil, nil
		}); err != nil {
			return err
		}
		if _, err := f.Regional.Hub.Members.Decide(ctx, n.Country, n.Hub.Info.GetId(), hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
			return err
		}
	}
	return nil
}

func (f *Federation) startHub(ctx context.Context, opt hub.InitOptions, listenAddr, natsListen string, log *slog.Logger) (*HubRun, error) {
	dir := filepath.Join(f.Root, opt.ID)
	// Each hub gets a coordinator account, as hchub init --coordinator
	// makes one, so its pages sign in by name rather than with the admin
	// token; the welcome text prints the password once.
	opt.Coordinator, opt.CoordinatorPassword = demoCoordinator, accounts.GeneratePassword()
	if err := hub.Init(ctx, dir, opt); err != nil {
		return nil, err
	}
	natsAddr, err := freeAddr(natsListen)
	if err != nil {
		return nil, err
	}
	h, err := hub.Open(ctx, hub.Config{Dir: dir, NATSListen: natsAddr, Log: log})
	if err != nil {
		return nil, err
	}
	run := &HubRun{Hub: h, Dir: dir, Country: opt.Country, CoordinatorPassword: opt.CoordinatorPassword, served: make(chan error, 1)}
	lis, err := listen(listenAddr)
	if err != nil {
		h.Shutdown(ctx)
		return nil, err
	}
	run.Addr = lis.Addr().String()
	go func() { run.served <- h.Serve(lis) }()
	return run, nil
}

// waitFor polls cond every 50ms until it holds, fails, or limit passes.
func waitFor(ctx context.Context, limit time.Duration, what string, cond func() (bool, error)) error {
	deadline := time.Now().Add(limit)
	for {
		ok, err := cond()
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("gave up after %s waiting for %s", limit, what)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (f *Federation) startCity(ctx context.Context, spec sample.CitySpec, addr string, log *slog.Logger) (*City, error) {
	dir := filepath.Join(f.Root, spec.ID)
	// Each city gets an admin account, as hcnode init makes one, so the
	// pages sign in by name; the welcome text prints the password once.
	password := accounts.GeneratePassword()
	if err := node.Init(ctx, dir, node.InitOptions{CityID: spec.ID, Name: spec.Name, Country: spec.Country, Admin: demoAdmin, AdminPassword: password}); err != nil {
		return nil, err
	}
	n, err := node.Open(ctx, dir, log)
	if err != nil {
		return nil, err
	}
	c := &City{Spec: spec, Node: n, Dir: dir, AdminPassword: password, served: make(chan error, 1)}
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
	// The cities endorse each other's successes by their real ids once
	// every city has one (endorseNamed).
	spec.NoEndorsement = true
	if c.Sum, err = sample.Load(ctx, client, spec); err != nil {
		return nil, err
	}
	h := f.national(spec.Country)
	if h == nil {
		return nil, fmt.Errorf("the demo runs no national hub for country %q", spec.Country)
	}
	if _, err := client.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		return nil, err
	}
	// The demo plays the national coordinator too.
	if _, err := h.Hub.Members.Decide(ctx, spec.Country, spec.ID, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
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
	conn, err := grpc.NewClient(c.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer.Token(token)))
	if err != nil {
		return nil, nil, err
	}
	return hcnetv1.NewCityServiceClient(conn), func() { conn.Close() }, nil
}

// endorseNamed has every city endorse each success that names it as a
// partner city, so a success whose partner cities all run here is mutual.
func (f *Federation) endorseNamed(ctx context.Context) error {
	running := map[string]*City{}
	for _, c := range f.Cities {
		running[c.Spec.Country+"/"+c.Spec.ID] = c
	}
	for _, owner := range f.Cities {
		client, done, err := owner.client()
		if err != nil {
			return err
		}
		res, err := client.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: owner.Sum.Success.GetSuccessId()})
		done()
		if err != nil {
			return fmt.Errorf("%s's success: %w", owner.Spec.ID, err)
		}
		for _, named := range res.GetSuccess().GetPartnerCities() {
			c, ok := running[named.GetCountry()+"/"+named.GetCityId()]
			if !ok {
				continue
			}
			client, done, err := c.client()
			if err != nil {
				return err
			}
			_, err = sample.Endorse(ctx, client, c.Spec, owner.Sum.Success)
			done()
			if err != nil {
				return fmt.Errorf("%s endorses %s: %w", c.Spec.ID, owner.Spec.ID, err)
			}
		}
	}
	return nil
}

// adoptAcrossBorders has the first city of another country adopt the
// first city's first practice: the adopted practice links back to its
// origin at the regional hub, which holds both.
func (f *Federation) adoptAcrossBorders(ctx context.Context) (*City, error) {
	origin := f.Cities[0]
	var adopter *City
	for _, c := range f.Cities {
		if c.Spec.Country != origin.Spec.Country {
			adopter = c
			break
		}
	}
	if adopter == nil || len(origin.Sum.Practices) == 0 {
		return nil, nil
	}
	client, done, err := origin.client()
	if err != nil {
		return nil, err
	}
	res, err := client.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: origin.Sum.Practices[0]})
	done()
	if err != nil {
		return nil, fmt.Errorf("%s's practice: %w", origin.Spec.ID, err)
	}
	// The adopter's own practice, in English: what it learnt from the
	// origin, without the origin's partners, contacts and indicators.
	src := res.GetPractice()
	p := proto.Clone(src).(*hcnetv1.Practice)
	p.Id, p.Version, p.CreateTime, p.UpdateTime = "", 0, nil, nil
	p.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	p.Contacts, p.Partners, p.IndicatorIds, p.PartnershipIds = nil, nil, nil, nil
	text := src.GetTexts()["en"]
	if text == nil {
		text = src.GetTexts()[src.GetOriginalLanguage()]
	}
	p.OriginalLanguage = "en"
	p.Texts = map[string]*hcnetv1.PracticeText{"en": {
		Title:   fmt.Sprintf("%s, adopted in %s", text.GetTitle(), adopter.Spec.Name),
		Summary: fmt.Sprintf("%s adopted %s's practice in %s in 2025. %s", adopter.Spec.Name, origin.Spec.Name, adopter.Spec.Districts[0], text.GetSummary()),
		Body:    text.GetBody(),
	}}
	p.TransferNotes = fmt.Sprintf("Materials translated; in %s the groups meet at the libraries instead of community centres.", adopter.Spec.Name)
	p.AdoptedFrom = &hcnetv1.PracticeRef{Country: origin.Spec.Country, CityId: origin.Spec.ID, PracticeId: src.GetId()}
	client, done, err = adopter.client()
	if err != nil {
		return nil, err
	}
	defer done()
	if _, err := client.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p}); err != nil {
		return nil, fmt.Errorf("%s adopts %s's practice: %w", adopter.Spec.ID, origin.Spec.ID, err)
	}
	return adopter, nil
}

// withdrawOne has the last city withdraw its last public practice, as a
// city does with one it no longer runs: its tombstone takes it off every
// hub, the regional one included.
func (f *Federation) withdrawOne(ctx context.Context) (country, city, id string, err error) {
	c := f.Cities[len(f.Cities)-1]
	client, done, err := c.client()
	if err != nil {
		return "", "", "", err
	}
	defer done()
	for i := len(c.Sum.Practices) - 1; i > 0; i-- {
		res, err := client.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: c.Sum.Practices[i]})
		if err != nil {
			return "", "", "", fmt.Errorf("%s's practice: %w", c.Spec.ID, err)
		}
		if res.GetPractice().GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC {
			continue
		}
		id = c.Sum.Practices[i]
		if _, err := client.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: id}); err != nil {
			return "", "", "", fmt.Errorf("%s withdraws a practice: %w", c.Spec.ID, err)
		}
		c.Sum.Practices = append(c.Sum.Practices[:i], c.Sum.Practices[i+1:]...)
		return c.Spec.Country, c.Spec.ID, id, nil
	}
	return "", "", "", nil
}

// waitDelivered waits until each national hub holds its cities' shared
// records and the regional hub their public ones, so the welcome text is
// true when it is printed.
func (f *Federation) waitDelivered(ctx context.Context, limit time.Duration) error {
	for _, c := range f.Cities {
		national := f.national(c.Spec.Country)
		for _, level := range []struct {
			hub        *HubRun
			visibility string
		}{{national, "'network', 'public'"}, {f.Regional, "'public'"}} {
			err := waitFor(ctx, limit, level.hub.Hub.Info.GetId()+" to hold "+c.Spec.ID+"'s records", func() (bool, error) {
				var want, have int
				err := c.Node.Store.DB().Read.QueryRowContext(ctx, `SELECT count(*) FROM records
					WHERE visibility IN (`+level.visibility+`) AND kind <> 'partner'`).Scan(&want)
				if err != nil {
					return false, err
				}
				err = level.hub.Hub.Store.DB().Read.QueryRowContext(ctx,
					`SELECT count(*) FROM records WHERE country = ? AND city_id = ?`, c.Spec.Country, c.Spec.ID).Scan(&have)
				return have >= want, err
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// stop shuts the cities down, then the hub; safe to call twice.
func (f *Federation) stop() error {
	var err error
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = errors.Join(f.CityWeb.Shutdown(ctx), f.HubWeb.Shutdown(ctx), f.RegionalWeb.Shutdown(ctx))
	f.CityWeb, f.HubWeb, f.RegionalWeb = nil, nil, nil
	for _, c := range f.Cities {
		err = errors.Join(err, c.Node.Shutdown(ctx), <-c.served)
	}
	f.Cities = nil
	for _, h := range append(f.Nationals, f.Regional) {
		if h != nil {
			err = errors.Join(err, h.Hub.Shutdown(ctx), <-h.served)
		}
	}
	f.Nationals, f.Regional, f.Hub = nil, nil, nil
	return err
}

// startWeb serves the first national hub's pages, the regional hub's
// and the first city's.
func (f *Federation) startWeb(o options, log *slog.Logger) error {
	for _, w := range []struct {
		listen string
		hub    *hub.Hub
		srv    **webui.Server
	}{{o.hubHTTP, f.Hub, &f.HubWeb}, {o.regionalHTTP, f.Regional.Hub, &f.RegionalWeb}} {
		if w.listen == "" {
			continue
		}
		addr, err := freeAddr(w.listen)
		if err != nil {
			return err
		}
		if *w.srv, err = hubweb.Start(addr, "", nil, "", w.hub, log); err != nil {
			return err
		}
	}
	if o.nodeHTTP != "" && len(f.Cities) > 0 {
		addr, err := freeAddr(o.nodeHTTP)
		if err != nil {
			return err
		}
		c := f.Cities[0]
		if f.CityWeb, err = nodeweb.Start(addr, "", nil, "", c.Node, log); err != nil {
			return err
		}
	}
	return nil
}
