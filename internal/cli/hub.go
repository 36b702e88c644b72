package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// defaultHub is where hchub listens unless told otherwise.
const defaultHub = "127.0.0.1:7500"

const hubLong = `hcctl hub talks to a network's hub (hchub): search what the member cities
share, read one shared record, count what the network does and find cities
that work on a topic. Reading needs no token.

The hub address is --hub, else $HCNET_HUB, else ` + defaultHub + `. A hub
serving TLS needs --ca FILE (or --tls), and one with mutual TLS --cert and
--key too (or HCNET_CA, HCNET_TLS, HCNET_CERT, HCNET_KEY). A hub limits how
often each client reads; over the limit it says when to retry.`

// hubCommand is the parent of every hub command: the read commands here,
// membership commands from hubMemberCommands. --hub is a flag of this
// command and its children only, so it cannot clash with the node flags.
func (a *app) hubCommand() *cobra.Command {
	cmd := group("hub", "Search, read and count what a hub's member cities share", hubLong)
	cmd.PersistentFlags().String("hub", "", "hub address host:port (default $HCNET_HUB, else "+defaultHub+")")
	cmd.AddCommand(a.hubSearchCommand(), a.hubGetCommand(), a.hubStatsCommand(), a.hubFindPartnersCommand())
	a.hubMemberCommands(cmd)
	a.hubSubscriberCommands(cmd)
	a.hubParentCommands(cmd)
	return cmd
}

// hubAddr picks the hub: the --hub flag, then HCNET_HUB, then the default.
func (a *app) hubAddr(cmd *cobra.Command) string {
	if f := cmd.Flags().Lookup("hub"); f != nil && f.Value.String() != "" {
		return f.Value.String()
	}
	if v := a.env.getenv("HCNET_HUB"); v != "" {
		return v
	}
	return defaultHub
}

// withHub runs fn with a client of the hub, closed afterwards, and a
// context with the --timeout deadline. opts add to the dial options (an
// admin command adds its token).
func (a *app) withHub(cmd *cobra.Command, fn func(context.Context, hcnetv1.HubServiceClient) error, opts ...grpc.DialOption) error {
	addr := a.hubAddr(cmd)
	creds, err := a.transport()
	if err != nil {
		return err
	}
	conn, err := grpc.NewClient(addr, append([]grpc.DialOption{grpc.WithTransportCredentials(creds)}, opts...)...)
	if err != nil {
		return fmt.Errorf("hub address %q: %w", addr, err)
	}
	defer conn.Close()
	ctx, cancel := a.call(cmd.Context())
	defer cancel()
	a.peer = "hub"
	err = fn(ctx, hcnetv1.NewHubServiceClient(conn))
	var se interface{ GRPCStatus() *status.Status }
	if errors.As(err, &se) {
		// The shared descriptions speak of the node; these name the hub.
		switch st := se.GRPCStatus(); st.Code() {
		case codes.Unavailable:
			return a.hubUnreachable(addr, st)
		case codes.ResourceExhausted:
			return fmt.Errorf("the hub at %s refused the call: %s", addr, st.Message())
		case codes.DeadlineExceeded:
			return fmt.Errorf("no answer from the hub at %s within %s; try a longer --timeout", addr, a.g.timeout)
		}
	}
	return err
}

// hubUnreachable says that no hub answers at addr and what to check.
func (a *app) hubUnreachable(addr string, st *status.Status) error {
	return fmt.Errorf("cannot reach the hub: is hchub running at %s? (%s); pass --hub or set HCNET_HUB%s", addr, st.Message(), a.tlsHint(st.Message()))
}

// hubArgs joins the words of a search, so that hcctl hub search green roofs
// needs no quotes.
func hubArgs(args []string) string { return strings.TrimSpace(strings.Join(args, " ")) }
