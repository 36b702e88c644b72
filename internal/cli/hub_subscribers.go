package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"text/tabwriter"

	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
)

// hubSubscriberCommands adds hub subscriber add|list|revoke: the
// coordinator's read-only NATS credentials for peers who follow the
// public feed.
func (a *app) hubSubscriberCommands(hub *cobra.Command) {
	cmd := group("subscriber", "Issue, list and revoke read-only NATS credentials for the public feed",
		`A subscriber is a peer (another city, a research group) that follows the
hub's public records over NATS with a standard client. The hub issues an
nkey: the seed goes to the peer, the hub keeps the public key. Subscribers
may read the public feed (subjects hcnet.pub.>, stream HCNET_PUBLIC) and
nothing else; they can publish nothing. Run these as the coordinator, with
the hub's data folder as --dir.`)
	cmd.AddCommand(a.hubSubscriberAddCommand(), a.hubSubscriberListCommand(), a.hubSubscriberRevokeCommand())
	hub.AddCommand(cmd)
}

func (a *app) hubSubscriberAddCommand() *cobra.Command {
	var seedFile string
	var printSeed bool
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Issue read-only NATS credentials to a peer",
		Long: `Issue an nkey to the peer NAME (lower-case letters, digits and hyphens) and
write its seed to NAME.nk (mode 0600; --seed-file to choose the file), or
print it with --print-seed. Hand the seed over securely: whoever holds it
reads the feed, and the hub cannot show it again (revoke and add anew).
The command prints the NATS address, stream and subjects and how to
follow them with the nats command-line tool.`,
		Example: `  hcctl --dir /var/lib/hchub hub subscriber add research-group-lund
  hcctl --dir /var/lib/hchub hub subscriber add lund-uni --seed-file /secure/lund-uni.nk`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("want the subscriber's name (%s)", cmd.UseLine())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if seedFile == "" && !printSeed {
				seedFile = name + ".nk"
			}
			if seedFile != "" {
				// Refuse before asking the hub, so no key is issued for nothing.
				if _, err := os.Stat(seedFile); err == nil {
					return fmt.Errorf("%s exists; refusing to overwrite a seed (choose --seed-file)", seedFile)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return err
				}
			}
			return a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.AddSubscriber(ctx, &hcnetv1.AddSubscriberRequest{Name: name})
				if err != nil {
					return hubAdminError(err, "subscriber add", nil)
				}
				seed := resp.GetSeed()
				if seedFile != "" {
					if err := writeSeed(seedFile, seed); err != nil {
						return fmt.Errorf("the hub issued %s's key, but writing its seed failed (revoke it and add again): %w", name, err)
					}
				}
				if !printSeed {
					resp.Seed = ""
				}
				if a.g.output == formatJSON {
					return writeJSON(a.env.Stdout, resp)
				}
				return printSubscriberHowTo(a, resp, seedFile)
			})
		},
	}
	cmd.Flags().StringVar(&seedFile, "seed-file", "", "write the seed here (default NAME.nk in the current folder)")
	cmd.Flags().BoolVar(&printSeed, "print-seed", false, "print the seed instead of writing a file (it is a secret)")
	return cmd
}

// writeSeed writes a subscriber's seed, its credential, readable by its
// owner alone: also when a file appeared at path after the check for
// one, whose mode a plain write would keep.
func writeSeed(path, seed string) error {
	return writePrivate(path, func(w io.Writer) error {
		_, err := io.WriteString(w, seed+"\n")
		return err
	})
}

// printSubscriberHowTo tells the coordinator what to hand the peer.
func printSubscriberHowTo(a *app, r *hcnetv1.AddSubscriberResponse, seedFile string) error {
	w := a.env.Stdout
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "subscriber:\t%s\n", r.GetName())
	fmt.Fprintf(tw, "public key:\t%s\n", r.GetPublicKey())
	if seedFile != "" {
		fmt.Fprintf(tw, "seed:\twritten to %s (mode 0600)\n", seedFile)
	}
	fmt.Fprintf(tw, "NATS:\t%s\n", r.GetNatsUrl())
	fmt.Fprintf(tw, "stream:\t%s\n", r.GetStream())
	fmt.Fprintf(tw, "subjects:\t%s (hcnet.pub.<country>.<city>.<kind>.<id>)\n", r.GetSubjects())
	fmt.Fprintf(tw, "inbox prefix:\t%s\n", subject.FeedInbox(r.GetName()))
	fmt.Fprintf(tw, "consumer:\t%s (its only one; deleted when unused for a while)\n", subject.FeedConsumer(r.GetName()))
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.GetSeed() != "" {
		fmt.Fprintf(a.env.Stderr, "warning: the seed below is a secret; hand it over securely, it is not shown again\n")
		fmt.Fprintf(w, "seed:         %s\n", r.GetSeed())
	}
	nk := seedFile
	if nk == "" {
		nk = r.GetName() + ".nk"
	}
	base := fmt.Sprintf("nats --server %s --nkey %s --inbox-prefix %s", r.GetNatsUrl(), nk, subject.FeedInbox(r.GetName()))
	fmt.Fprintf(w, `
Follow it with the nats tool (the seed file is what --nkey reads):
  live records:          %[1]s sub 'hcnet.pub.>'
  its consumer:          %[1]s consumer add %[2]s %[4]s --pull --deliver all --ack explicit --filter 'hcnet.pub.>' --defaults
  the next 100:          %[1]s consumer next %[2]s %[4]s --count 100
  one record's latest:   %[1]s stream get %[2]s --last-for 'hcnet.pub.se.malmo.practice.ID'
A message is the city's signed envelope (hcnet.v1.Envelope); a withdrawal
has an empty body and the header %[3]s. See the README, "Following a hub's feed".
`, base, r.GetStream(), subject.WithdrawnHeader, subject.FeedConsumer(r.GetName()))
	return nil
}

func (a *app) hubSubscriberListCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the subscribers issued credentials, revoked ones too",
		Example: `  hcctl --dir /var/lib/hchub hub subscriber list`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.ListSubscribers(ctx, &hcnetv1.ListSubscribersRequest{})
				if err != nil {
					return hubAdminError(err, "subscriber list", nil)
				}
				if len(resp.GetSubscribers()) == 0 && a.g.output == formatTable {
					fmt.Fprintln(a.env.Stdout, "no subscribers; issue one with hcctl hub subscriber add NAME")
					return nil
				}
				return printList(a, resp, resp.GetSubscribers(), subscriberColumns)
			})
		},
	}
}

var subscriberColumns = []column[*hcnetv1.Subscriber]{
	{name: "name", value: (*hcnetv1.Subscriber).GetName},
	{name: "status", value: func(s *hcnetv1.Subscriber) string {
		if s.GetRevoked() {
			return "revoked"
		}
		return "active"
	}},
	{name: "issued", value: func(s *hcnetv1.Subscriber) string { return timeCell(s.GetCreateTime()) }},
	{name: "public key", value: (*hcnetv1.Subscriber).GetPublicKey},
}

func (a *app) hubSubscriberRevokeCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "revoke NAME",
		Short:   "Withdraw a subscriber's credentials; its connection is dropped",
		Example: `  hcctl --dir /var/lib/hchub hub subscriber revoke research-group-lund`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("want the subscriber's name (%s)", cmd.UseLine())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.RevokeSubscriber(ctx, &hcnetv1.RevokeSubscriberRequest{Name: args[0]})
				if err != nil {
					return hubAdminError(err, "subscriber revoke", nil)
				}
				if a.g.output == formatJSON {
					return writeJSON(a.env.Stdout, resp)
				}
				fmt.Fprintf(a.env.Stdout, "revoked %s: it can no longer connect\n", resp.GetSubscriber().GetName())
				return nil
			})
		},
	}
}
