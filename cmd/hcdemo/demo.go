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
	"text/template"
	"time"

	"github.com/hcnet/hcnet/internal/sample"
	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Main is the hcdemo program; tests run it in-process.
type Main struct {
	stdout, stderr io.Writer
	// Ready, when set, is called once the demo serves, with its folder and
	// node address.
	Ready func(dir, addr string)
}

// NewMain builds the program writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main { return &Main{stdout: stdout, stderr: stderr} }

type options struct {
	dir, listen, city string
	keep, verbose     bool
}

func (m *Main) parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("hcdemo", flag.ContinueOnError)
	fs.SetOutput(m.stderr)
	fs.StringVar(&o.dir, "dir", "", "data folder for the demo (default: a new temporary folder)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:7400", "node gRPC address; a busy port falls back to a free one")
	fs.StringVar(&o.city, "city", sample.Cities[0].ID, "sample city to load (one of: "+cityIDs()+")")
	fs.BoolVar(&o.keep, "keep", false, "keep the data folder after Ctrl-C")
	fs.BoolVar(&o.verbose, "v", false, "log every call")
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

// Run starts the demo and serves until ctx ends.
func (m *Main) Run(ctx context.Context, args []string) error {
	o, err := m.parseFlags(args)
	if err != nil {
		return err
	}
	spec, ok := sample.Lookup(o.city)
	if !ok {
		return fmt.Errorf("no sample city %q (one of: %s)", o.city, cityIDs())
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
	dir := filepath.Join(root, spec.ID)
	if err := node.Init(ctx, dir, node.InitOptions{CityID: spec.ID, Name: spec.Name, Country: spec.Country}); err != nil {
		return err
	}
	n, err := node.Open(ctx, dir, log)
	if err != nil {
		return err
	}
	lis, err := listen(o.listen)
	if err != nil {
		n.Shutdown(ctx)
		return err
	}
	served := make(chan error, 1)
	go func() { served <- n.Serve(lis) }()
	stop := func() error {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := n.Shutdown(sctx)
		return errors.Join(err, <-served)
	}

	addr := lis.Addr().String()
	token, err := node.ReadToken(dir)
	if err != nil {
		return errors.Join(err, stop())
	}
	sum, err := loadSample(ctx, addr, token, spec)
	if err != nil {
		return errors.Join(err, stop())
	}
	if err := m.printWelcome(welcome{Addr: addr, Dir: dir, Root: root, Keep: o.keep || o.dir != "", City: spec, Sum: sum}); err != nil {
		return errors.Join(err, stop())
	}
	if m.Ready != nil {
		m.Ready(dir, addr)
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		served <- err
	}
	fmt.Fprintln(m.stdout, "\nStopping the demo ...")
	if err := stop(); err != nil {
		return err
	}
	fmt.Fprintln(m.stdout, "Stopped cleanly.")
	return nil
}

// listen takes the asked address, or any free loopback port when it is
// taken (a second demo, or a real node on 7400).
func listen(addr string) (net.Listener, error) {
	lis, err := net.Listen("tcp", addr)
	if err == nil {
		return lis, nil
	}
	return net.Listen("tcp", "127.0.0.1:0")
}

func loadSample(ctx context.Context, addr, token string, spec sample.CitySpec) (sample.Summary, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer(token)))
	if err != nil {
		return sample.Summary{}, err
	}
	defer conn.Close()
	return sample.Load(ctx, hcnetv1.NewCityServiceClient(conn), spec)
}

type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}
func (bearer) RequireTransportSecurity() bool { return false }

type welcome struct {
	Addr, Dir, Root string
	Keep            bool
	City            sample.CitySpec
	Sum             sample.Summary
}

var welcomeText = template.Must(template.New("welcome").Parse(`
hcnet demo: the Healthy City node of {{.City.Name}} ({{.City.Country}}/{{.City.ID}}) is running.

  node (gRPC):  {{.Addr}}
  data folder:  {{.Dir}}{{if not .Keep}}   (removed when the demo stops; --keep keeps it){{end}}
  loaded:       {{len .Sum.Partners}} partners, {{len .Sum.Partnerships}} partnerships, 1 health plan,
                {{len .Sum.Indicators}} indicators with {{.Sum.Measurements}} measurements, {{len .Sum.Practices}} practices,
                a success and an endorsement

Try, in another terminal:

  go run ./cmd/hcctl --dir {{.Dir}} city get
  go run ./cmd/hcctl --dir {{.Dir}} partnership list
  go run ./cmd/hcctl --dir {{.Dir}} partnership list --sdg 3 -o json
  go run ./cmd/hcctl --dir {{.Dir}} practice list --query "{{.City.Name}}"
  go run ./cmd/hcctl --dir {{.Dir}} indicator list
  go run ./cmd/hcctl --dir {{.Dir}} export --kind partners > partners.csv

or any gRPC tool, through reflection:

  grpcurl -plaintext -H "authorization: Bearer $(cat {{.Dir}}/admin.token)" {{.Addr}} list
  grpcurl -plaintext -H "authorization: Bearer $(cat {{.Dir}}/admin.token)" {{.Addr}} hcnet.v1.CityService/ListPartnerships

Press Ctrl-C to stop.
`))

func (m *Main) printWelcome(w welcome) error {
	return welcomeText.Execute(m.stdout, w)
}
