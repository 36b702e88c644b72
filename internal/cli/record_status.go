package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/hcnet/hcnet/internal/hubchain"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func (a *app) recordGroupCommand() *cobra.Command {
	cmd := group("record", "Follow a record on the node and beyond", "Follow a record: who changed it on the node and when, and which hubs hold which version of it.")
	cmd.AddCommand(a.recordStatusCommand(), a.recordHistoryCommand())
	return cmd
}

// deliveryStatus is what record status finds, as -o json prints it.
type deliveryStatus struct {
	ID         string       `json:"id"`
	Kind       string       `json:"kind"`
	Version    int64        `json:"version"`
	Visibility string       `json:"visibility"`
	Hubs       []hubHolding `json:"hubs"`
	Note       string       `json:"note,omitempty"`
}

// hubHolding is one hub on the way up and the version it holds.
type hubHolding = hubchain.Holding

func (a *app) recordStatusCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "status ID",
		Short: "Show which hubs hold which version of a shared record",
		Long: `Show a record's version and visibility on the node, then, hub by hub up
the chain (the node's hub, its parent, and so on), which version each one
holds, or "not held". A private record never leaves the node; a network
record stops at the node's own (national) hub by design; a public record
travels up to the top of the chain. A hub behind the node's version will
catch up when the outbox is delivered (hcctl status) or after hcctl sync.`,
		Example: `  hcctl record status $PRACTICE_ID
  hcctl record status $PRACTICE_ID -o json`,
		Args: idArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			st, err := a.deliveryStatus(ctx, c, args[0])
			if err != nil {
				return wrapOp(err, "record status", nil)
			}
			if a.g.output == formatJSON || a.g.output == formatCSV {
				// One record with a list of hubs has no one-row CSV form.
				b, err := json.MarshalIndent(st, "", "  ")
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(a.env.Stdout, "%s\n", b)
				return err
			}
			return a.printDeliveryStatus(st)
		},
	}
}

// nodeRecord finds a record of any shared kind (or a partner) by id.
func nodeRecord(ctx context.Context, c hcnetv1.CityServiceClient, id string) (string, interface {
	GetVersion() int64
	GetVisibility() hcnetv1.Visibility
}, error) {
	type found interface {
		GetVersion() int64
		GetVisibility() hcnetv1.Visibility
	}
	city, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		return "", nil, err
	}
	if city.GetCity().GetId() == id {
		return string(record.KindCity), city.GetCity(), nil
	}
	lookups := []struct {
		kind record.Kind
		get  func() (found, error)
	}{
		{record.KindPractice, func() (found, error) {
			r, err := c.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
			return r.GetPractice(), err
		}},
		{record.KindPartnership, func() (found, error) {
			r, err := c.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
			return r.GetPartnership(), err
		}},
		{record.KindHealthPlan, func() (found, error) {
			r, err := c.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: id})
			return r.GetHealthPlan(), err
		}},
		{record.KindIndicator, func() (found, error) {
			r, err := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
			return r.GetIndicator(), err
		}},
		{record.KindSuccess, func() (found, error) {
			r, err := c.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id})
			return r.GetSuccess(), err
		}},
		{record.KindEndorsement, func() (found, error) {
			r, err := c.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: id})
			return r.GetEndorsement(), err
		}},
		{record.KindPartner, func() (found, error) {
			r, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: id})
			return r.GetPartner(), err
		}},
	}
	for _, l := range lookups {
		m, err := l.get()
		switch status.Code(err) {
		case codes.OK:
			return string(l.kind), m, nil
		case codes.NotFound:
			continue
		}
		return "", nil, err
	}
	return "", nil, status.Errorf(codes.NotFound, "no record with id %s on this node", id)
}

// deliveryStatus looks the record up on the node, then on each hub up
// the chain while the record's visibility lets it travel there.
func (a *app) deliveryStatus(ctx context.Context, c hcnetv1.CityServiceClient, id string) (*deliveryStatus, error) {
	kind, m, err := nodeRecord(ctx, c, id)
	if err != nil {
		return nil, err
	}
	out := &deliveryStatus{ID: id, Kind: kind, Version: m.GetVersion(), Visibility: record.ShortName(m.GetVisibility())}
	switch {
	case !record.Lookup(record.Kind(kind)).Shared:
		out.Note = "partners are not shared on their own: they travel inside the partnerships that name them"
		return out, nil
	case m.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PRIVATE:
		out.Note = "private records never leave the node"
		return out, nil
	}
	st, err := c.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
	if err != nil {
		return nil, err
	}
	addr := st.GetHub().GetHubAddr()
	if addr == "" {
		out.Note = "the node has not joined a hub"
		return out, nil
	}
	city, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		return nil, err
	}
	qualified := city.GetCity().GetCountry() + "/" + city.GetCity().GetId() + "/" + id
	creds, err := a.transport()
	if err != nil {
		return nil, err
	}
	dial := func(addr string) (*grpc.ClientConn, error) {
		return grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	}
	hubs, parent := hubchain.Walk(ctx, dial, addr, qualified, m.GetVisibility())
	out.Hubs = hubs
	if m.GetVisibility() == hcnetv1.Visibility_VISIBILITY_NETWORK && len(hubs) > 0 {
		out.Note = "network records stop at the national hub by design"
		if parent != "" {
			out.Note += "; they are not forwarded to its parent " + parent
		}
	}
	return out, nil
}

func (a *app) printDeliveryStatus(st *deliveryStatus) error {
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "record:\t%s %s\n", st.Kind, st.ID)
	fmt.Fprintf(tw, "node:\tversion %d, %s\n", st.Version, st.Visibility)
	for _, h := range st.Hubs {
		name := h.Addr
		if h.ID != "" {
			name = h.ID + " (" + h.Addr + ")"
		}
		var what string
		switch {
		case h.Error != "":
			what = "unknown: " + h.Error
		case !h.Held:
			what = "not held"
		case h.Version == st.Version:
			what = "version " + strconv.FormatInt(h.Version, 10) + " (current)"
		case h.Version < st.Version:
			what = "version " + strconv.FormatInt(h.Version, 10) + " (behind the node's " + strconv.FormatInt(st.Version, 10) + ")"
		default:
			what = "version " + strconv.FormatInt(h.Version, 10) + " (ahead of the node's)"
		}
		fmt.Fprintf(tw, "hub %s:\t%s\n", name, what)
	}
	if st.Note != "" {
		fmt.Fprintf(tw, "note:\t%s\n", st.Note)
	}
	return tw.Flush()
}
