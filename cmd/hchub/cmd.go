package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/natsserver"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/hub/web"
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
	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"
)

// Default addresses: loopback until the network's IT team decides
// otherwise.
const (
	DefaultListen     = "127.0.0.1:7500"
	DefaultNATSListen = "127.0.0.1:4222"
	// A client may search a few times a second, and a page of results
	// with its records at once, but not flood the hub's one database.
	DefaultSearchRate  = 5
	DefaultSearchBurst = 20
	// A city applies once; a few applications an hour from one address
	// leave room for a coordinator's office helping several, and none
	// for a flood. The hub holds at most DefaultMaxPending applications
	// awaiting its coordinator.
	DefaultJoinRate   = 10
	DefaultJoinBurst  = 5
	DefaultMaxPending = 1000
)

// Main is the hchub program, separate from main so tests run it in-process.
type Main struct {
	stdout, stderr io.Writer
	// Ready, when set, receives the gRPC and NATS addresses once serving.
	Ready func(addr, natsURL string)
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
		Use:           "hchub",
		Short:         "Run a Healthy Cities network hub",
		Long:          "hchub admits member cities, ingests what they share over NATS JetStream,\nand serves search, statistics and the partner finder over gRPC.",
		Version:       version.String(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(m.stdout)
	root.SetErr(m.stderr)
	root.SetArgs(args)
	root.AddCommand(m.initCommand(), m.runCommand(), m.recoverCommand())
	return root.ExecuteContext(ctx)
}

func (m *Main) initCommand() *cobra.Command {
	var f hubSettingFlags
	var coordinator, passwordFile string
	cmd := &cobra.Command{
		Use:   "init --dir DIR --id ID --name NAME --level national|regional [--country CC] [--parent ADDR] [--coordinator NAME] [--coordinator-password-file FILE]",
		Short: "Create a hub's data folder: database, identity key, admin token and config file",
		Long: `Create a hub's data folder. A national hub names its country; with --parent it
becomes a member of that (regional) hub: on its first run it applies by itself,
and once the parent's coordinator approves it, it forwards its members' public
records with their original signatures and vouches for its members' keys.

The folder holds the SQLite read model, the hub's identity key (identity.nk),
the coordinator's admin token (admin.token) and the config file (` + ConfigFile + `)
listing every setting of hchub run with its default. init refuses a folder
that already holds a hub.

It also creates the first account of the web pages (hchub run --http), a
coordinator named by --coordinator ("coordinator" unless given), who
approves members, issues feed subscribers and adds the other coordinators'
and readers' accounts in the browser. Its password is read from
--coordinator-password-file (the first line; at least 8 characters), or
else generated and printed once: note it.`,
		Example: `  hchub init --dir /var/lib/hchub --id eu-net --name "WHO European Healthy Cities Network" --level regional
  hchub init --dir /var/lib/hchub --id se-net --name "Healthy Cities Sweden" --level national --country se --parent eu-hub.example.org:7500
  hchub init --dir /var/lib/hchub --id se-net --name "Healthy Cities Sweden" --level national --country se --coordinator anna --coordinator-password-file ./admin-password`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := f.options()
			if err != nil {
				return err
			}
			o.Coordinator = coordinator
			generated := passwordFile == ""
			if generated {
				o.CoordinatorPassword = accounts.GeneratePassword()
			} else {
				b, err := os.ReadFile(passwordFile)
				if err != nil {
					return fmt.Errorf("--coordinator-password-file: %w", err)
				}
				o.CoordinatorPassword, _, _ = strings.Cut(strings.TrimRight(string(b), "\r\n"), "\n")
			}
			dir := f.dir
			if err := hub.Init(cmd.Context(), dir, o); err != nil {
				return describe(err)
			}
			// The config file lists every run setting, so it is built
			// from the run command's own flags.
			if err := config.Write(filepath.Join(dir, ConfigFile), "hchub configuration for "+dir, m.runCommand().Flags(), config.DirFlag, config.ConfigFlag); err != nil {
				return fmt.Errorf("writing the config file: %w", err)
			}
			// A folder made for the daemon's user (install -d -o hcnet)
			// and initialised as root: the files go to that user.
			if err := owner.Match(dir); err != nil {
				return err
			}
			fmt.Fprintf(m.stdout, "Initialised %s hub %s in %s\n  admin token: %s (the coordinator's key to approve members)\n  settings:    %s (every setting of hchub run)\n",
				f.level, o.ID, dir, hub.TokenFile, ConfigFile)
			if o.Parent != "" {
				fmt.Fprintf(m.stdout, "  parent:      %s (applies on first run; the parent's coordinator approves %s/%s)\n", o.Parent, o.Country, o.ID)
			}
			if generated {
				// The hub has no hcctl user commands: a lost password is
				// replaced on the Accounts page, reached with the token.
				fmt.Fprintf(m.stdout, "Web sign-in: account %q (coordinator), password %s\n  (shown once: note it now; if it is lost, sign in with the admin token, %s, and add another account on the Accounts page)\n",
					o.Coordinator, o.CoordinatorPassword, filepath.Join(dir, hub.TokenFile))
			} else {
				fmt.Fprintf(m.stdout, "Web sign-in: account %q (coordinator), password from %s\n", o.Coordinator, passwordFile)
			}
			fmt.Fprintf(m.stdout, "Next: hchub run --dir %s\n", dir)
			return nil
		},
	}
	f.add(cmd, "data folder to create (required)",
		"hub id: lower-case letters, digits, hyphens (required)",
		"gRPC address of the parent hub to join and forward public records to")
	cmd.Flags().StringVar(&coordinator, "coordinator", "coordinator", "name of the first coordinator account of the web pages")
	cmd.Flags().StringVar(&passwordFile, "coordinator-password-file", "", "file whose first line is the coordinator's password (default: generate one and print it once)")
	return cmd
}

// ConfigFile is the config file hchub init writes in the data folder.
const ConfigFile = "hchub.toml"

const runLong = `Serve the hub. By default nats-server runs inside hchub with JetStream, its store
in DIR/nats, and members authenticate with their identity nkeys. With --nats-url the
hub uses an existing NATS deployment instead (the hub authenticates with --nats-creds;
member credentials are then managed in that deployment). It stops on SIGINT or
SIGTERM, letting running calls finish for up to --shutdown-grace.

Every flag can also be set by an environment variable (HCNET_ and the flag name in
upper case, "-" as "_": HCNET_NATS_URL) or in the config file DIR/` + ConfigFile + `
(or --config FILE), which hchub init writes with every setting and its default. A
flag wins over the environment, the environment over the file, the file over the
default.

--metrics ADDR serves Prometheus metrics at http://ADDR/metrics on a listener of its
own: ingest counters, records held per kind, members by status, the record stream's
size and the ingest consumer's lag, and every gRPC method's calls and latency
(search included). The gRPC health service says NOT_SERVING while the hub is
disconnected from NATS or its database does not answer (checked every
--health-interval).

--http ADDR serves the network's web pages and its Atom feed (/feed.atom). The feed's
links are absolute: with --public-url URL (the address readers use, such as
https://hub.example.org behind a reverse proxy) they start with it; without it they
start with the Host the request named, and so the pages answer only to hosts naming
this server (the --http address, or each of the machine's addresses when it listens on
all of them, and loopback names) and refuse others with 421 Misdirected Request.
--trusted-proxies CIDR,... names the reverse proxies whose X-Forwarded-Proto and
X-Forwarded-Host are believed; from any other address they are ignored.
The pages are open to all; coordinators and readers sign in at /signin with
their accounts (hchub init makes the first coordinator, who adds the others
on /accounts) to decide on members, issue feed subscribers and read the
applications and the quarantine. With https in --public-url the session
cookie is Secure.

TLS: --tls-cert and --tls-key serve gRPC over TLS; --tls-client-ca FILE also
requires a client certificate issued by a CA in FILE (mutual TLS). Towards a
parent hub: --parent-ca FILE (--parent-tls: the system's CAs), and
--parent-cert with --parent-key for a parent that requires mutual TLS.

Each client (its certificate's subject under mutual TLS, else its IP address)
may make --search-rate read calls a second (search, get, stats, find partners,
the start of a feed), --search-burst at once; beyond that a call is refused
with RESOURCE_EXHAUSTED and the delay to retry after. Likewise each may send
--join-rate new membership applications an hour, --join-burst at once, and
the hub takes at most --max-pending applications awaiting the coordinator
(hcctl hub delete removes one).`

func (m *Main) runCommand() *cobra.Command {
	var c hub.Config
	var srvTLS tlsconf.Server
	parentTLS := tlsconf.Client{Flags: "parent-"}
	var cfg, listen, logFormat, metricsAddr, httpAddr, publicURL, trustedProxies, lang string
	var grace, healthEvery time.Duration
	cmd := &cobra.Command{
		Use:   "run --dir DIR [--listen 127.0.0.1:7500] [--nats-listen 127.0.0.1:4222 | --nats-url URL --nats-creds FILE] [--metrics 127.0.0.1:9500]",
		Short: "Serve the hub until SIGINT or SIGTERM",
		Long:  runLong,
		Example: `  hchub run --dir /var/lib/hchub
  hchub run --dir ./se-net --listen 127.0.0.1:7500 --nats-listen 127.0.0.1:4222
  HCNET_DIR=/var/lib/hchub HCNET_METRICS=127.0.0.1:9500 hchub run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			src, file, err := config.ResolveRun(cmd.Flags(), m.getenv, ConfigFile)
			if err != nil {
				return err
			}
			// Cobra checks this for command-line flags only.
			if c.NATSURL != "" && src["nats-listen"] != config.FromDefault {
				return fmt.Errorf("--nats-listen (from %s) and --nats-url (from %s) exclude each other: the embedded server or an existing deployment", src["nats-listen"], src["nats-url"])
			}
			c.Log = newLogger(m.stderr, logFormat)
			c.Log.Info("hchub starting", "version", version.String(), "config", file)
			ctx := cmd.Context()
			if c.TLS, err = srvTLS.Config(); err != nil {
				return err
			}
			if c.ParentTLS, err = parentTLS.Config(); err != nil {
				return err
			}
			if err := (rpcserver.RateLimit{Rate: c.SearchRate, Burst: c.SearchBurst}).Validate(); err != nil {
				return fmt.Errorf("--search-rate, --search-burst: %w", err)
			}
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
			if c.JoinRate < 0 || math.IsNaN(c.JoinRate) || math.IsInf(c.JoinRate, 0) || c.JoinBurst < 1 || c.MaxPending < 0 {
				return fmt.Errorf("--join-rate %v, --join-burst %d, --max-pending %d: want a rate ≥ 0 (0 for no limit), a burst ≥ 1 and a cap ≥ 0 (0 for none)", c.JoinRate, c.JoinBurst, c.MaxPending)
			}
			if c.MemberRate < 0 || c.MemberBurst < 1 {
				return fmt.Errorf("--member-rate %v, --member-burst %d: want a rate ≥ 0 (0 for no limit) and a burst ≥ 1", c.MemberRate, c.MemberBurst)
			}
			if c.FeedConsumerIdle <= 0 {
				return fmt.Errorf("--feed-consumer-idle %v: want a duration above 0, such as 168h", c.FeedConsumerIdle)
			}
			if q := c.Quarantine; q.Retention <= 0 || q.Rows < 1 || q.Bytes < 1 {
				return fmt.Errorf("--quarantine-retention %v, --quarantine-rows %d, --quarantine-bytes %d: each must be above zero", q.Retention, q.Rows, q.Bytes)
			}
			if q := c.Quarantine; q.TotalRows < 1 || q.TotalBytes < 1 || q.PruneInterval <= 0 {
				return fmt.Errorf("--quarantine-total-rows %d, --quarantine-total-bytes %d, --quarantine-prune-interval %v: each must be above zero", q.TotalRows, q.TotalBytes, q.PruneInterval)
			}
			if q := c.Quarantine; q.RowRetention < q.Retention {
				return fmt.Errorf("--quarantine-row-retention %v: must be at least --quarantine-retention %v (a row outlives its envelope)", q.RowRetention, q.Retention)
			}
			d := daemon.New(c.Log, grace)
			// Undoes whatever setup opened when a later step fails;
			// after Run it has nothing left to close.
			defer d.Close(context.Background())
			h, err := hub.Open(ctx, c)
			if errors.Is(err, natsserver.ErrAddrInUse) {
				return fmt.Errorf("%w: choose another address with --nats-listen", err)
			}
			if err != nil {
				return err
			}
			lis, err := net.Listen("tcp", listen)
			if err != nil {
				h.Shutdown(ctx)
				return fmt.Errorf("--listen %s: %w", listen, err)
			}
			d.OnStop(daemon.CloseListener(lis))
			d.OnStop(h.Shutdown)
			d.Go(func(context.Context) error { return h.Serve(lis) })
			obs, err := metrics.Observe(metrics.Options{
				Addr: metricsAddr, Collectors: []prometheus.Collector{metrics.NewHubCollector(h)},
				Ready: h.Ready, SetServing: h.SetServing, HealthEvery: healthEvery, Log: c.Log,
			})
			if err != nil {
				return fmt.Errorf("--metrics: %w", err)
			}
			// Closed before the hub, so the watcher cannot report on a
			// closing hub.
			d.OnStop(obs.Close)
			rpcserver.WarnPlaintext(c.Log, lis.Addr().String(), c.TLS != nil)
			ui, err := web.Start(httpAddr, publicURL, proxies, lang, h, c.Log)
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
					m.Ready(lis.Addr().String(), h.Info.GetNatsUrl())
				}
				if m.MetricsReady != nil && obs.Addr != "" {
					m.MetricsReady(obs.Addr)
				}
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.Dir, config.DirFlag, "", "the hub's data folder (required)")
	f.StringVar(&cfg, config.ConfigFlag, "", "config file (default DIR/"+ConfigFile+"; optional there, required when given)")
	f.StringVar(&listen, "listen", DefaultListen, "gRPC listen address")
	f.StringVar(&c.NATSListen, "nats-listen", DefaultNATSListen, "embedded NATS listen address; members connect here")
	f.StringVar(&c.NATSMonitor, "nats-monitor", "", "serve the embedded NATS server's monitoring endpoint (/varz, /connz, /jsz) here, for the NATS Prometheus exporter and the nats CLI's server reports (off when empty; e.g. 127.0.0.1:8222); it names members' connections, so keep it private")
	f.StringVar(&c.NATSURL, "nats-url", "", "use an existing NATS deployment instead of the embedded server")
	f.StringVar(&c.NATSCreds, "nats-creds", "", "credentials file for --nats-url")
	f.StringVar(&c.NATSAdvertise, "nats-advertise", "", "NATS URL handed to members when they join (default: the embedded server's listen address, or --nats-url)")
	f.IntVar(&c.Replicas, "replicas", 1, "replicas of the record stream (3 on a NATS cluster)")
	f.StringVar(&c.Replica, "replica", "", "this hub's name when several hubs read one stream on a NATS cluster (needs --nats-url): it ingests through its own consumer hub-ingest-NAME and does not forward to a parent; empty for a single hub or the primary")
	f.Var(config.Choice(&logFormat, "text", "text", "json"), "log-format", "log format: text or json")
	f.DurationVar(&grace, "shutdown-grace", 10*time.Second, "how long running calls may finish on shutdown")
	f.StringVar(&metricsAddr, "metrics", "", "serve Prometheus metrics at http://ADDR/metrics (off when empty)")
	f.DurationVar(&healthEvery, "health-interval", metrics.HealthInterval, "how often NATS and the database are checked for gRPC health")
	srvTLS.AddFlags(f)
	parentTLS.AddFlags(f, "the parent hub", "a parent")
	f.Float64Var(&c.SearchRate, "search-rate", DefaultSearchRate, "read calls a second each client may make (search, get, stats, find partners, feed starts); 0 turns the limit off")
	f.IntVar(&c.SearchBurst, "search-burst", DefaultSearchBurst, "read calls a client may make at once before --search-rate applies")
	f.Float64Var(&c.MemberRate, "member-rate", 0, "records a second each member (a city, or a country's member hubs) may have ingested; records over it come again later, none is lost; 0 turns the limit off")
	f.IntVar(&c.MemberBurst, "member-burst", 10000, "records a member may have ingested at once before --member-rate applies (a node catching up after an outage)")
	f.DurationVar(&c.FeedConsumerIdle, "feed-consumer-idle", feed.DefaultConsumerIdle, "how long a feed subscriber's consumer of the public stream may go unused before the NATS server deletes it (the subscriber creates it again and backfills)")
	f.Float64Var(&c.JoinRate, "join-rate", DefaultJoinRate, "new membership applications an hour each client (IP address, or client certificate) may send; 0 turns the limit off")
	f.IntVar(&c.JoinBurst, "join-burst", DefaultJoinBurst, "new membership applications a client may send at once before --join-rate applies")
	f.IntVar(&c.MaxPending, "max-pending", DefaultMaxPending, "applications awaiting the coordinator the hub takes before refusing new ones; 0 for no cap")
	f.DurationVar(&c.Quarantine.Retention, "quarantine-retention", store.DefaultQuarantineRetention, "how long the quarantine keeps a refused message's envelope; its subject, reason, time and size stay")
	f.IntVar(&c.Quarantine.Rows, "quarantine-rows", store.DefaultQuarantineRows, "refused messages the quarantine keeps per origin (country and city of the subject); the oldest go beyond that")
	f.Int64Var(&c.Quarantine.Bytes, "quarantine-bytes", store.DefaultQuarantineBytes, "bytes of refused envelopes the quarantine keeps per origin; the oldest envelopes are dropped beyond that, their rows kept")
	f.DurationVar(&c.Quarantine.RowRetention, "quarantine-row-retention", store.DefaultQuarantineRowRetention, "how long the quarantine keeps a refused message's row (subject, reason, time and size) at all; at least --quarantine-retention")
	f.IntVar(&c.Quarantine.TotalRows, "quarantine-total-rows", store.DefaultQuarantineTotalRows, "refused messages the quarantine keeps in all, whatever their origins; the oldest go beyond that")
	f.Int64Var(&c.Quarantine.TotalBytes, "quarantine-total-bytes", store.DefaultQuarantineTotalBytes, "bytes of refused envelopes the quarantine keeps in all; the oldest envelopes are dropped beyond that, their rows kept")
	f.DurationVar(&c.Quarantine.PruneInterval, "quarantine-prune-interval", store.DefaultQuarantinePruneInterval, "the least time between two prunes of the quarantine: a prune holds up ingest while it reads the whole quarantine")
	f.Var(byteSize{&c.MemberQuota}, "member-quota", "bytes each member city may hold at the hub (the sizes of its records as received, e.g. 256MiB); its records past it are refused (quarantined with the reason, payload not kept) and counted in hcnet_hub_ingest_over_quota_total; 0 turns the quota off")
	f.StringVar(&httpAddr, "http", "", "serve the network's web pages at http://ADDR/ (off when empty; e.g. 127.0.0.1:8500)")
	f.StringVar(&lang, "lang", i18n.English, "the web pages' language for browsers that ask for none of the network's ("+i18n.Codes()+"); each reader may choose another")
	f.StringVar(&publicURL, "public-url", "", "where readers reach the web pages (https://hub.example.org), behind a proxy or under a DNS name: the Atom feed's links start with it, and the pages also answer to its host; without it they answer only to the --http address and loopback names (others get 421)")
	f.StringVar(&trustedProxies, "trusted-proxies", "", "comma-separated addresses or CIDR prefixes of the reverse proxies in front of the web pages (10.0.0.0/8,::1): only from them are X-Forwarded-Proto and X-Forwarded-Host believed")
	cmd.MarkFlagsMutuallyExclusive("nats-listen", "nats-url")
	cmd.MarkFlagsMutuallyExclusive("nats-monitor", "nats-url")
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
	msg := "invalid flags:"
	for _, v := range vs {
		msg += "\n  --" + v.Field + ": " + v.Description
	}
	return fmt.Errorf("%s", msg)
}
