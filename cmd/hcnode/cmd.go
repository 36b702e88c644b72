package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/version"
	"github.com/hcnet/hcnet/node"
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
}

// NewMain builds the program writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{stdout: stdout, stderr: stderr}
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
	var dir string
	var o node.InitOptions
	cmd := &cobra.Command{
		Use:     "init --dir DIR --city ID --name NAME --country CC",
		Short:   "Create a node's data folder: database, identity key and admin token",
		Example: `  hcnode init --dir /var/lib/hcnode --city malmo --name "Malmö" --country se`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := node.Init(cmd.Context(), dir, o); err != nil {
				return describe(err)
			}
			fmt.Fprintf(m.stdout, "Initialised node %s/%s in %s\n", strings.ToLower(o.Country), o.CityID, dir)
			fmt.Fprintf(m.stdout, "  database:     %s\n  identity key: %s (keep it safe: it is the city's identity)\n  admin token:  %s\n",
				node.DBFile, node.IdentityFile, node.TokenFile)
			fmt.Fprintf(m.stdout, "Next: hcnode run --dir %s\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "data folder to create (required)")
	cmd.Flags().StringVar(&o.CityID, "city", "", "city id: lower-case letters, digits, hyphens (required)")
	cmd.Flags().StringVar(&o.Name, "name", "", "the city's name (required)")
	cmd.Flags().StringVar(&o.Country, "country", "", "ISO 3166-1 alpha-2 country code, e.g. se (required)")
	for _, f := range []string{"dir", "city", "name", "country"} {
		cmd.MarkFlagRequired(f)
	}
	return cmd
}

func (m *Main) runCommand() *cobra.Command {
	var dir, listen, logFormat string
	var grace time.Duration
	cmd := &cobra.Command{
		Use:   "run --dir DIR [--listen 127.0.0.1:7400]",
		Short: "Serve the node until SIGINT or SIGTERM",
		Example: `  hcnode run --dir /var/lib/hcnode
  hcnode run --dir ./malmo --listen 127.0.0.1:0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := newLogger(m.stderr, logFormat)
			ctx := cmd.Context()
			n, err := node.Open(ctx, dir, log)
			if err != nil {
				return err
			}
			lis, err := net.Listen("tcp", listen)
			if err != nil {
				n.Shutdown(ctx)
				return err
			}
			served := make(chan error, 1)
			go func() { served <- n.Serve(lis) }()
			if m.Ready != nil {
				m.Ready(lis.Addr().String())
			}
			select {
			case err := <-served:
				n.Shutdown(context.Background())
				return err
			case <-ctx.Done():
			}
			log.Info("shutting down", "grace", grace)
			sctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			if err := n.Shutdown(sctx); err != nil {
				return err
			}
			<-served
			log.Info("stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "the node's data folder (required)")
	cmd.Flags().StringVar(&listen, "listen", DefaultListen, "gRPC listen address")
	cmd.Flags().StringVar(&logFormat, "log-format", "text", "log format: text or json")
	cmd.Flags().DurationVar(&grace, "shutdown-grace", 10*time.Second, "how long running calls may finish on shutdown")
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
