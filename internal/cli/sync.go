package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
)

// minSyncTimeout is the least time a sync gets: it is one call, but a
// node with many records may need many requests to its hub.
const minSyncTimeout = 5 * time.Minute

func (a *app) syncCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "sync",
		Short: "Compare the node's shared records with its hub and re-send what the hub lacks",
		Long: `Compare what the node shares with what its hub holds, by digests of id
ranges, and re-send every record the hub lacks or holds at an older
version, and a withdrawal of every record the hub still holds that the node
deleted or made private. The node also does this by itself every 10
minutes while it is connected; run it after restoring a hub, or to check.

The summary counts the shared records compared, those the hub already held
at the node's version, and those repaired (queued again for delivery: see
hcctl status for the outbox). A progress bar shows on a terminal. The whole
sync may take --timeout or 5 minutes, whichever is longer.`,
		Example: `  hcctl --dir /var/lib/hcnode sync
  hcctl sync -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), max(a.g.timeout, minSyncTimeout))
			defer cancel()
			res, err := a.sync(ctx, c)
			if err != nil {
				return a.syncError(cmd.Context(), c, err)
			}
			switch a.g.output {
			case formatJSON:
				return writeJSON(a.env.Stdout, res)
			case formatCSV:
				return writeCSV(a.env.Stdout, []*hcnetv1.SyncResponse{res}, syncCSVColumns)
			}
			_, err = fmt.Fprintf(a.env.Stdout, "compared %d, already present %d, repaired %d\n", res.GetCompared(), res.GetAlreadyPresent(), res.GetRepaired())
			return err
		},
	}
}

// sync follows the node's progress with a bar and returns the summary.
func (a *app) sync(ctx context.Context, c hcnetv1.CityServiceClient) (*hcnetv1.SyncResponse, error) {
	stream, err := c.Sync(ctx, &hcnetv1.SyncRequest{})
	if err != nil {
		return nil, err
	}
	bar := a.progress(-1, "comparing with the hub", false)
	defer bar.Close()
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the node ended the sync without a summary")
		}
		if err != nil {
			return nil, err
		}
		if bar.GetMax64() != m.GetTotal() {
			bar.ChangeMax64(m.GetTotal())
		}
		_ = bar.Set64(m.GetCompared())
		if m.GetDone() {
			_ = bar.Finish()
			return m, nil
		}
	}
}

var syncCSVColumns = []column[*hcnetv1.SyncResponse]{
	{name: "total", value: func(s *hcnetv1.SyncResponse) string { return strconv.FormatInt(s.GetTotal(), 10) }},
	{name: "compared", value: func(s *hcnetv1.SyncResponse) string { return strconv.FormatInt(s.GetCompared(), 10) }},
	{name: "already present", value: func(s *hcnetv1.SyncResponse) string { return strconv.FormatInt(s.GetAlreadyPresent(), 10) }},
	{name: "repaired", value: func(s *hcnetv1.SyncResponse) string { return strconv.FormatInt(s.GetRepaired(), 10) }},
}

// syncError keeps a hub's refusal of the comparison as the hub's, with
// its kind and words, rather than reading it as the node refusing the
// admin token or being away; the node says which (node.Store.Sync).
func (a *app) syncError(ctx context.Context, c hcnetv1.CityServiceClient, err error) error {
	if st, ok := a.fromFurtherOn(ctx, c, err); ok {
		if st.Code() != codes.Unavailable {
			return wrapOp(errs.FromStatus(err), "sync", nil)
		}
		return wrapOp(fmt.Errorf("the node could not compare with its hub: %s; `hcctl status` shows the hub link", st.Message()), "sync", nil)
	}
	return wrapOp(err, "sync", nil)
}
