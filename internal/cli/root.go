package cli

import (
	"time"

	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/hcnet/hcnet/internal/version"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"
)

// app is one run of hcctl: its environment, global flags and the node
// connection, made on first use.
type app struct {
	env  Env
	g    globals
	addr string
	conn *grpc.ClientConn
	svc  hcnetv1.CityServiceClient
	// partners resolves organisation names given to --partner; loaded
	// from the node on first use.
	partners *csvio.Directory
	// peer is "hub" once a command has called a hub, so its errors name
	// the hub; they name the node otherwise.
	peer string
}

func newApp(env Env) *app { return &app{env: env} }

// Output formats of -o.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatCSV   = "csv"
)

const rootLong = `hcctl records and reads a Healthy City's data on its node (hcnode): the
city profile, partners, partnerships for health, the city health plan with
its goals, actions and indicators, good practices and successes.

It talks to the node over gRPC with the node's admin token. By default it
finds both in the node's data folder:

  hcctl --dir /var/lib/hcnode partner list

The node address is --node, else $HCNET_NODE, else the node.addr file a
running node writes in its data folder (--dir or $HCNET_DIR), else
127.0.0.1:7400. The token is --token, else $HCNET_TOKEN, else the data
folder's admin.token.

A node or hub serving TLS is reached with --ca FILE (the CA that issued its
certificate; --tls trusts the system's CAs), and one that requires client
certificates (mutual TLS) with --cert FILE --key FILE as well; or with
HCNET_CA, HCNET_TLS, HCNET_CERT and HCNET_KEY.

Enumerations are written in short form ("urban_planning", "across_sectors");
list flags can be repeated or given a comma-separated list.`

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "hcctl",
		Short: "Record and read a Healthy City's partnerships, plan and practices",
		Long:  rootLong,
		Example: `  hcctl --dir ./malmo city get
  hcctl partner add --organisation "Malmö stad" --kind local_government_department --sector urban_planning --visibility network
  hcctl partnership list --sector health -o json
  hcctl export --kind partners > partners.csv`,
		Version:       version.String(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			switch a.g.output {
			case formatTable, formatJSON, formatCSV:
				return nil
			}
			return usagef("-o %q: the output formats are table, json and csv", a.g.output)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.g.node, "node", "", "node address host:port (default $HCNET_NODE, else DIR/node.addr, else "+defaultNode+")")
	pf.StringVar(&a.g.dir, "dir", "", "the node's data folder, for its admin.token and node.addr (default $HCNET_DIR)")
	pf.StringVar(&a.g.token, "token", "", "admin token (default $HCNET_TOKEN, else DIR/admin.token)")
	pf.StringVarP(&a.g.output, "output", "o", formatTable, "output format: table, json or csv")
	pf.DurationVar(&a.g.timeout, "timeout", 10*time.Second, "deadline of each call to the node")
	pf.BoolVar(&a.g.tls, "tls", false, "talk to the node or hub over TLS, trusting the system's CAs (default $HCNET_TLS; implied by --ca, --cert)")
	pf.StringVar(&a.g.ca, "ca", "", "talk over TLS trusting the CAs in this PEM file (default $HCNET_CA)")
	pf.StringVar(&a.g.cert, "cert", "", "client certificate (PEM) for a server with mutual TLS (default $HCNET_CERT); needs --key")
	pf.StringVar(&a.g.key, "key", "", "the private key of --cert (PEM) (default $HCNET_KEY)")
	_ = root.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{formatTable, formatJSON, formatCSV}, cobra.ShellCompDirectiveNoFileComp))
	_ = root.MarkPersistentFlagDirname("dir")

	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usagef("%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	root.AddCommand(
		a.cityCommand(),
		a.partnerCommand(),
		a.partnershipCommand(),
		a.planCommand(),
		a.indicatorCommand(),
		a.practiceCommand(),
		a.successCommand(),
		a.endorsementCommand(),
		a.importCommand(),
		a.exportAll(a.exportCommand()),
		a.backupCommand(),
		a.restoreCommand(),
		a.hubCommand(),
		a.feedCommand(),
		a.statusCommand(),
		a.syncCommand(),
		a.recordGroupCommand(),
		a.userCommand(),
	)
	return root
}

// group is a command that only holds subcommands. NoArgs makes a mistyped
// subcommand an "unknown command" error instead of printing help and
// succeeding.
func group(use, short, long string) *cobra.Command {
	return &cobra.Command{
		Use: use, Short: short, Long: long,
		// Runnable, so that cobra checks Args and a mistyped subcommand is
		// an error rather than a help page and success.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
}

// idArg takes exactly one record id.
func idArg(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("want one record id (%s), got %d arguments\nRun '%s --help' for usage.", cmd.UseLine(), len(args), cmd.CommandPath())
	}
	return nil
}

// noArgs refuses positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) != 0 {
		return usagef("%s takes no arguments, got %q\nRun '%s --help' for usage.", cmd.Name(), args, cmd.CommandPath())
	}
	return nil
}
