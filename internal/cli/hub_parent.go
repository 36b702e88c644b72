package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// hubParentCommands adds hub parent [set ADDR]: the coordinator joins
// the running hub to a parent network and follows how it stands.
func (a *app) hubParentCommands(hub *cobra.Command) {
	cmd := &cobra.Command{
		Use:   "parent",
		Short: "Show the hub's parent hub and how forwarding to it stands",
		Long: `A national hub forwards its members' public records to a parent (a regional
network such as the WHO European one). Without a subcommand this shows the
parent, the hub's membership status there (pending until the parent's
coordinator approves it), whether the hub is connected to it, and how many
envelopes wait for it. Run these as the coordinator, with the hub's data
folder as --dir. See the README, "Regional hubs".`,
		Example: `  hcctl --dir /var/lib/hchub hub parent`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.GetParent(ctx, &hcnetv1.GetParentRequest{})
				if err != nil {
					return hubAdminError(err, "parent", nil)
				}
				return a.printParent(resp, resp.GetParent())
			})
		},
	}
	cmd.AddCommand(a.hubParentSetCommand(), a.hubParentLeaveCommand())
	hub.AddCommand(cmd)
}

func (a *app) hubParentSetCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "set ADDR",
		Short: "Join the running hub to the parent hub at ADDR",
		Long: `Make the running hub apply to the parent hub at ADDR (its gRPC address), as
hchub init --parent does for a new hub; the hub keeps running. The parent's
coordinator approves the application (hub approve COUNTRY/HUB-ID
--member-hub, run against the parent); from
then on the hub forwards every public record its members shared, those it
held before joining too, and attests its members' keys. The hub must have a
country (hchub init --country): a parent accepts a national hub's word for
the cities of its country only. A hub that has a parent already keeps it:
to move to another parent, leave this one first (hcctl hub parent leave).

  hcctl --dir /var/lib/hchub hub parent set eu-hub.example.org:7500`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("want the parent hub's address (%s)", cmd.UseLine())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.SetParent(ctx, &hcnetv1.SetParentRequest{Addr: args[0]})
				if err != nil {
					return a.parentSetError(ctx, c, err)
				}
				return a.printParent(resp, resp.GetParent())
			})
		},
	}
}

// printParent shows a hub's link to its parent.
func (a *app) printParent(resp proto.Message, p *hcnetv1.ParentLink) error {
	if a.g.output == formatJSON {
		return writeJSON(a.env.Stdout, resp)
	}
	w := a.env.Stdout
	if p == nil {
		fmt.Fprintln(w, "no parent hub; join one with hcctl hub parent set ADDR")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "parent:\t%s\n", p.GetAddr())
	fmt.Fprintf(tw, "hub:\t%s (%s)\n", p.GetHubId(), p.GetHubName())
	fmt.Fprintf(tw, "status:\t%s\n", record.ShortName(p.GetStatus()))
	fmt.Fprintf(tw, "connected:\t%t\n", p.GetConnected())
	fmt.Fprintf(tw, "waiting:\t%d envelopes\n", p.GetOutboxDepth())
	if p.GetLastError() != "" {
		fmt.Fprintf(tw, "last error:\t%s\n", p.GetLastError())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if p.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_PENDING {
		fmt.Fprintf(w, "pending: the parent's coordinator approves this hub (hcctl --hub %s --dir THEIR-HUBDIR hub approve COUNTRY/HUB-ID --member-hub); forwarding starts by itself\n", p.GetAddr())
	}
	return nil
}

func (a *app) hubParentLeaveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "leave",
		Short: "Stop forwarding to the parent hub and forget it",
		Long: `Stop forwarding to the parent hub and forget it; the hub keeps running.
Envelopes still waiting for the parent are dropped. The parent keeps the
copies it holds and still lists this hub as a member: ask its coordinator
to revoke the hub (hub revoke COUNTRY/HUB-ID) if it should no longer vouch
for the country's cities there. Joining a parent again later forwards
every public record once more.

  hcctl --dir /var/lib/hchub hub parent leave`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.LeaveParent(ctx, &hcnetv1.LeaveParentRequest{})
				if err != nil {
					return hubAdminError(err, "parent leave", nil)
				}
				if a.g.output == formatJSON {
					return writeJSON(a.env.Stdout, resp)
				}
				fmt.Fprintf(a.env.Stdout, "left %s: nothing more is forwarded there; it keeps the copies it holds\n", resp.GetAddr())
				return nil
			})
		},
	}
}

// parentSetError tells the hub refusing the admin token from the parent
// refusing the hub's application: both are Unauthenticated, and the hub
// answering another admin call with the same token means the refusal
// came from the parent, in its own words.
func (a *app) parentSetError(ctx context.Context, c hcnetv1.HubServiceClient, err error) error {
	if st, ok := status.FromError(err); ok && (st.Code() == codes.Unauthenticated || st.Code() == codes.PermissionDenied) {
		ctx, cancel := a.call(ctx)
		defer cancel()
		if _, perr := c.GetParent(ctx, &hcnetv1.GetParentRequest{}); perr == nil {
			return wrapOp(errs.FromStatus(err), "parent set", nil)
		}
	}
	return hubAdminError(err, "parent set", nil)
}
