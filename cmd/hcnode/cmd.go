package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/config"
	"github.com/hcnet/hcnet/internal/daemon"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/hcnet/hcnet/internal/owner"
	"github.com/hcnet/hcnet/internal/rpcserver"
	"github.com/hcnet/hcnet/internal/tlsconf"
	"github.com/hcnet/hcnet/internal/version"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node"
	"github.com/hcnet/hcnet/node/web"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"
)

// DefaultListen keeps a node on loopback unless its IT team decides
// otherwise: the admin token is the only lock on the data.
const DefaultListen = "127.0.0.1:7400"

// Main is the hcnode program, separate from main so tests run it in-process.
type Main struct {
	stdout, stderr io.Writer
	// Ready, when set, receives the listen address once the node serves.
	Ready func(addr string)
	// MetricsReady, when set, receives the metrics address (with
	// --metrics).
	MetricsReady func(addr string)
	// Getenv reads the environment (HCNET_… settings).
	Getenv func(string) string
}

func (m *Main) getenv(name string) string {
	if m.Getenv == nil {
		return ""
	}
	return m.Getenv(name)
}

// NewMain builds the program writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{stdout: stdout, stderr: stderr, Getenv: os.Getenv}
}

// Run parses args and runs the command until ctx ends.
func (m *Main) Run(ctx context.Context, args []string) error {
	root := &cobra.Command{
		Use:           "hcnode",
		Short:         "Run a Healthy City's node",
		Long:          "hcnode holds a city's partners, partnerships, health plan, indicators, good practices and successes,\nand serves them to the city's tools (hcctl, web pages) over gRPC.",
		Version:       version.String(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(m.stdout)
	root.SetErr(m.stderr)
	root.SetArgs(args)
	root.AddCommand(m.initCommand(), m.runCommand())
	return root.ExecuteContext(ctx)
}

func (m *Main) initCommand() *cobra.Command {
	var dir, passwordFile string
	var o node.InitOptions
	cmd := &cobra.Command{
		Use:   "init --dir DIR --city ID --name NAME --country CC [--admin NAME] [--admin-password-file FILE]",
		Short: "Create a node's data folder: database, identity key, admin token and config file",
		Long: `Create the node's data folder: the SQLite database with the city's profile,
the city's identity key (identity.nk), the admin token every API call needs
(admin.token) and the config file (` + ConfigFile + `) listing every setting of
hcnode run with its default. It refuses a folder that already holds a node.
--city and --country are the city's identity in the federation and cannot
be changed later.

It also creates the first account of the web pages, an admin named by
--admin ("admin" unless given). Its password is read from
--admin-password-file (the first line; at least 8 characters), or else
generated and printed once: note it, or change it later with
hcctl user passwd. The admin adds the officers' own accounts (hcctl user
add, or the web pages).`,
		Example: `  hcnode init --dir /var/lib/hcnode --city malmo --name "Malmö" --country se
  hcnode init --dir /var/lib/hcnode --city malmo --name "Malmö" --country se --admin it-team --admin-password-file ./admin-password`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			generated := passwordFile == ""
			if generated {
				o.AdminPassword = accounts.GeneratePassword()
			} else {
				b, err := os.ReadFile(passwordFile)
				if err != nil {
					return fmt.Errorf("--admin-password-file: %w", err)
				}
				o.AdminPassword, _, _ = strings.Cut(strings.TrimRight(string(b), "\r\n"), "\n")
			}
			if err := node.Init(cmd.Context(), dir, o); err != nil {
				return describe(err)
			}
			// The config file lists every run setting, so it is built
			// from the run command's own flags.
			if err := config.Write(filepath.Join(dir, ConfigFile), "hcnode configuration for "+dir, m.runCommand().Flags(), config.DirFlag, config.ConfigFlag); err != nil {
				return fmt.Errorf("writing the config file: %w", err)
			}
			// A folder made for the daemon's user (install -d -o hcnet)
			// and initialised as root: the files go to that user.
			if err := owner.Match(dir); err != nil {
				return err
			}
			fmt.Fprintf(m.stdout, "Initialised node %s/%s in %s\n", strings.ToLower(o.Country), o.CityID, dir)
			fmt.Fprintf(m.stdout, "  database:     %s\n  identity key: %s (keep it safe: it is the city's identity)\n  admin token:  %s\n  settings:     %s\n",
				node.DBFile, node.IdentityFile, node.TokenFile, ConfigFile)
			if generated {
				fmt.Fprintf(m.stdout, "Web sign-in: account %q (admin), password %s\n  (shown once: note it now, or set another with hcctl user passwd %s)\n", o.Admin, o.AdminPassword, o.Admin)
			} else {
				fmt.Fprintf(m.stdout, "Web sign-in: account %q (admin), password from %s\n", o.Admin, passwordFile)
			}
			fmt.Fprintf(m.stdout, "Next: hcnode run --dir %s\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "data folder to create (required)")
	cmd.Flags().StringVar(&o.CityID, "city", "", "city id: lower-case letters, digits, hyphens (required)")
	cmd.Flags().StringVar(&o.Name, "name", "", "the city's name (required)")
	cmd.Flags().StringVar(&o.Country, "country", "", "ISO 3166-1 alpha-2 country code, e.g. se (required)")
	cmd.Flags().StringVar(&o.Admin, "admin", "admin", "name of the first admin account of the web pages")
	cmd.Flags().StringVar(&passwordFile, "admin-password-file", "", "file whose first line is the admin's password (default: generate one and print it once)")
	for _, f := range []string{"dir", "city", "name", "country"} {
		cmd.MarkFlagRequired(f)
	}
	return cmd
}

// ConfigFile is the config file hcnode init writes in the data folder.
const ConfigFile = "hcnode.toml"

const runLong = `Serve the node's CityService over gRPC (with health checking and
reflection) until SIGINT or SIGTERM, then let running calls finish for up
to --shutdown-grace. While it runs, the node writes its address to
DIR/node.addr so hcctl --dir finds it, and delivers what the city shares
to its hub once it has joined one.

Every flag can also be set by an environment variable (HCNET_ and the flag
name in upper case, "-" as "_": HCNET_LISTEN) or in the config file
DIR/` + ConfigFile + ` (or --config FILE), which hcnode init writes with every
setting and its default. A flag wins over the environment, the environment
over the file, the file over the default.

--metrics ADDR serves Prometheus metrics at http://ADDR/metrics on a
listener of its own: the outbox (depth, oldest age), deliveries, the hub
connection, and every gRPC method's calls and latency. The gRPC health
service says NOT_SERVING while the database does not answer (checked every
--health-interval).

TLS: --tls-cert and --tls-key serve gRPC over TLS; --tls-client-ca FILE
also requires a client certificate issued by a CA in FILE (mutual TLS).
Towards the hub: --hub-ca FILE reaches it over TLS trusting the CAs in
FILE (--hub-tls: the system's CAs), and --hub-cert with --hub-key present
a client certificate to a hub that requires one. The web pages (--http)
reach the node in-process and need none of these.

--http ADDR serves the officers' web pages. They answer only to hosts naming
this server (the --http address, or each of the machine's addresses when it
listens on all of them, and loopback names) and refuse others with 421
Misdirected Request, which keeps a page on loopback out of reach of DNS
rebinding. Behind a reverse proxy or under a DNS name, --public-url URL (the
address officers use, such as https://malmo.example.org) adds its host, and
when it is https the session cookie is Secure. --trusted-proxies CIDR,...
names the proxies whose X-Forwarded-Proto, X-Forwarded-Host and
X-Forwarded-For are believed; from any other address they are ignored.`

func (m *Main) runCommand() *cobra.Command {
	var dir, cfg, listen, logFormat, metricsAddr, httpAddr, publicURL, trustedProxies, lang string
	var grace, healthEvery time.Duration
	var srvTLS tlsconf.Server
	hubTLS := tlsconf.Client{Flags: "hub-"}
	cmd := &cobra.Command{
		Use:   "run --dir DIR [--listen 127.0.0.1:7400] [--metrics 127.0.0.1:9400]",
		Short: "Serve the node until SIGINT or SIGTERM",
		Long:  runLong,
		Example: `  hcnode run --dir /var/lib/hcnode
  hcnode run --dir ./malmo --listen 127.0.0.1:0 --log-format json
  HCNET_DIR=/var/lib/hcnode HCNET_METRICS=127.0.0.1:9400 hcnode run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, file, err := config.ResolveRun(cmd.Flags(), m.getenv, ConfigFile)
			if err != nil {
				return err
			}
			log := newLogger(m.stderr, logFormat)
			log.Info("hcnode starting", "version", version.String(), "config", file)
			ctx := cmd.Context()
			if publicURL, err = webui.ParsePublicURL(publicURL); err != nil {
				return fmt.Errorf("--public-url: %w", err)
			}
			if !i18n.Known(lang) {
				return fmt.Errorf("--lang: %q is not one of the network's languages (%s)", lang, i18n.Codes())
			}
			proxies, err := webui.ParseTrustedProxies(trustedProxies)
			if err != nil {
				return fmt.Errorf("--trusted-proxies: %w", err)
			}
			var o node.Options
			if o.TLS, err = srvTLS.Config(); err != nil {
				return err
			}
			if o.HubTLS, err = hubTLS.Config(); err != nil {
				return err
			}
			d := daemon.New(log, grace)
			// Undoes whatever setup opened when a later step fails;
			// after Run it has nothing left to close.
			defer d.Close(context.Background())
			n, err := node.OpenWith(ctx, dir, log, o)
			if err != nil {
				return err
			}
			lis, err := net.Listen("tcp", listen)
			if err != nil {
				n.Shutdown(ctx)
				return fmt.Errorf("--listen %s: %w", listen, err)
			}
			d.OnStop(daemon.CloseListener(lis))
			d.OnStop(n.Shutdown)
			d.Go(func(context.Context) error { return n.Serve(lis) })
			rpcserver.WarnPlaintext(log, lis.Addr().String(), o.TLS != nil)
			obs, err := metrics.Observe(metrics.Options{
				Addr: metricsAddr, Collectors: []prometheus.Collector{metrics.NewNodeCollector(n.Sharing)},
				Ready: n.Ready, SetServing: n.SetServing, HealthEvery: healthEvery, Log: log,
			})
			if err != nil {
				return fmt.Errorf("--metrics: %w", err)
			}
			// Closed before the node, so the watcher cannot report on
			// a closing node.
			d.OnStop(obs.Close)
			ui, err := web.Start(httpAddr, publicURL, proxies, lang, n, log)
			if err != nil {
				return fmt.Errorf("--http: %w", err)
			}
			d.OnStop(func(ctx context.Context) error {
				// A page still loading when the grace period ends is
				// cut; that is no failure of the stop.
				ui.Shutdown(ctx)
				return nil
			})
			return d.Run(ctx, func() {
				if m.Ready != nil {
					m.Ready(lis.Addr().String())
				}
				if m.MetricsReady != nil && obs.Addr != "" {
					m.MetricsReady(obs.Addr)
				}
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&dir, config.DirFlag, "", "the node's data folder (required)")
	f.StringVar(&cfg, config.ConfigFlag, "", "config file (default DIR/"+ConfigFile+"; optional there, required when given)")
	f.StringVar(&listen, "listen", DefaultListen, "gRPC listen address; keep it on loopback unless TLS is in front")
	f.Var(config.Choice(&logFormat, "text", "text", "json"), "log-format", "log format: text or json")
	f.DurationVar(&grace, "shutdown-grace", 10*time.Second, "how long running calls may finish on shutdown")
	f.StringVar(&metricsAddr, "metrics", "", "serve Prometheus metrics at http://ADDR/metrics (off when empty)")
	f.DurationVar(&healthEvery, "health-interval", metrics.HealthInterval, "how often the database is checked for gRPC health")
	srvTLS.AddFlags(f)
	hubTLS.AddFlags(f, "the hub", "a hub")
	f.StringVar(&httpAddr, "http", "", "serve the officers' web pages at http://ADDR/ (off when empty; keep it on loopback, e.g. 127.0.0.1:8400)")
	f.StringVar(&lang, "lang", i18n.English, "the web pages' language for browsers that ask for none of the network's ("+i18n.Codes()+"); each reader may choose another")
	f.StringVar(&publicURL, "public-url", "", "where officers reach the web pages (https://malmo.example.org), behind a proxy or under a DNS name: the pages also answer to its host, and when it is https the session cookie is Secure; without it they answer only to the --http address and loopback names (others get 421)")
	f.StringVar(&trustedProxies, "trusted-proxies", "", "comma-separated addresses or CIDR prefixes of the reverse proxies in front of the web pages (10.0.0.0/8,::1): only from them are X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-For believed")
	// Last, so every flag above shows its environment variable in --help.
	config.Document(f)
	return cmd
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// describe turns field violations into one line per bad flag.
func describe(err error) error {
	vs := errs.ViolationsOf(err)
	if len(vs) == 0 {
		return err
	}
	flag := map[string]string{"id": "--city", "name": "--name", "country": "--country"}
	msg := "invalid flags:"
	for _, v := range vs {
		name := flag[v.Field]
		if name == "" {
			name = v.Field
		}
		msg += "\n  " + name + ": " + v.Description
	}
	return fmt.Errorf("%s", msg)
}
