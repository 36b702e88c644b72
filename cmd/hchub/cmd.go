package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/version"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
)

// Default addresses: loopback until the network's IT team decides
// otherwise.
const (
	DefaultListen     = "127.0.0.1:7500"
	DefaultNATSListen = "127.0.0.1:4222"
)

// Main is the hchub program, separate from main so tests run it in-process.
type Main struct {
	stdout, stderr io.Writer
	// Ready, when set, receives the gRPC and NATS addresses once serving.
	Ready func(addr, natsURL string)
}

// NewMain builds the program writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main { return &Main{stdout: stdout, stderr: stderr} }

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
	root.AddCommand(m.initCommand(), m.runCommand())
	return root.ExecuteContext(ctx)
}

func (m *Main) initCommand() *cobra.Command {
	var dir, level string
	var o hub.InitOptions
	cmd := &cobra.Command{
		Use:   "init --dir DIR --id ID --name NAME --level national|regional [--country CC] [--parent ADDR]",
		Short: "Create a hub's data folder: database, identity key and admin token",
		Long: `Create a hub's data folder. A national hub names its country; with --parent it
becomes a member of that (regional) hub: on its first run it applies by itself,
and once the parent's coordinator approves it, it forwards its members' public
records with their original signatures and vouches for its members' keys.`,
		Example: `  hchub init --dir /var/lib/hchub --id eu-net --name "WHO European Healthy Cities Network" --level regional
  hchub init --dir /var/lib/hchub --id se-net --name "Healthy Cities Sweden" --level national --country se --parent eu-hub.example.org:7500`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := record.ParseEnum[hcnetv1.HubLevel](level)
			if err != nil {
				return fmt.Errorf("--level: %w", err)
			}
			o.Level = l
			o.Country = strings.ToLower(o.Country)
			if err := hub.Init(cmd.Context(), dir, o); err != nil {
				return describe(err)
			}
			fmt.Fprintf(m.stdout, "Initialised %s hub %s in %s\n  admin token: %s (the coordinator's key to approve members)\n",
				level, o.ID, dir, hub.TokenFile)
			if o.Parent != "" {
				fmt.Fprintf(m.stdout, "  parent:      %s (applies on first run; the parent's coordinator approves %s/%s)\n", o.Parent, o.Country, o.ID)
			}
			fmt.Fprintf(m.stdout, "Next: hchub run --dir %s\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "data folder to create (required)")
	cmd.Flags().StringVar(&o.ID, "id", "", "hub id: lower-case letters, digits, hyphens (required)")
	cmd.Flags().StringVar(&o.Name, "name", "", "the network's name (required)")
	cmd.Flags().StringVar(&level, "level", "national", "national or regional")
	cmd.Flags().StringVar(&o.Country, "country", "", "ISO 3166-1 alpha-2 country of a national hub's cities (required with --parent)")
	cmd.Flags().StringVar(&o.Parent, "parent", "", "gRPC address of the parent hub to join and forward public records to")
	for _, f := range []string{"dir", "id", "name"} {
		cmd.MarkFlagRequired(f)
	}
	return cmd
}

func (m *Main) runCommand() *cobra.Command {
	var c hub.Config
	var listen, logFormat string
	var grace time.Duration
	cmd := &cobra.Command{
		Use:   "run --dir DIR [--listen 127.0.0.1:7500] [--nats-listen 127.0.0.1:4222 | --nats-url URL --nats-creds FILE]",
		Short: "Serve the hub until SIGINT or SIGTERM",
		Long: `Serve the hub. By default nats-server runs inside hchub with JetStream, its store
in DIR/nats, and members authenticate with their identity nkeys. With --nats-url the
hub uses an existing NATS deployment instead (the hub authenticates with --nats-creds;
member credentials are then managed in that deployment).`,
		Example: `  hchub run --dir /var/lib/hchub
  hchub run --dir ./se-net --listen 127.0.0.1:7500 --nats-listen 127.0.0.1:4222`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c.Log = newLogger(m.stderr, logFormat)
			ctx := cmd.Context()
			h, err := hub.Open(ctx, c)
			if err != nil {
				return err
			}
			lis, err := net.Listen("tcp", listen)
			if err != nil {
				h.Shutdown(ctx)
				return err
			}
			served := make(chan error, 1)
			go func() { served <- h.Serve(lis) }()
			if m.Ready != nil {
				m.Ready(lis.Addr().String(), h.Info.GetNatsUrl())
			}
			select {
			case err := <-served:
				h.Shutdown(context.Background())
				return err
			case <-ctx.Done():
			}
			c.Log.Info("shutting down", "grace", grace)
			sctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			if err := h.Shutdown(sctx); err != nil {
				return err
			}
			<-served
			c.Log.Info("stopped")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.Dir, "dir", "", "the hub's data folder (required)")
	f.StringVar(&listen, "listen", DefaultListen, "gRPC listen address")
	f.StringVar(&c.NATSListen, "nats-listen", DefaultNATSListen, "embedded NATS listen address")
	f.StringVar(&c.NATSURL, "nats-url", "", "use an existing NATS deployment instead of the embedded server")
	f.StringVar(&c.NATSCreds, "nats-creds", "", "credentials file for --nats-url")
	f.IntVar(&c.Replicas, "replicas", 1, "replicas of the record stream (3 on a NATS cluster)")
	f.StringVar(&logFormat, "log-format", "text", "log format: text or json")
	f.DurationVar(&grace, "shutdown-grace", 10*time.Second, "how long running calls may finish on shutdown")
	cmd.MarkFlagsMutuallyExclusive("nats-listen", "nats-url")
	cmd.MarkFlagRequired("dir")
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
