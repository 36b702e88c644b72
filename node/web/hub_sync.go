package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// syncPageLimit is how long the page waits for a comparison with the
// hub: under the web server's write timeout, so the officer reads the
// outcome rather than a dropped connection. The node also compares by
// itself every 10 minutes while connected.
const syncPageLimit = 50 * time.Second

// syncHub compares the node's shared records with what its hub holds
// and re-sends what the hub lacks (CityService.Sync, as hcctl sync
// does), then shows the outcome on the hub page: how many records were
// sent again, or why the comparison did not happen, in the words of the
// node or the hub.
func (h *Handler) syncHub(w http.ResponseWriter, r *http.Request) {
	tr := h.tr(r)
	ctx, cancel := h.call(r)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, syncPageLimit)
	defer cancel2()
	res, err := syncSummary(ctx, h.city)
	var msg string
	switch st := status.Convert(err); {
	case err == nil:
		msg = tr.T("Delivery checked. Shared records compared with the hub: {{.Compared}}; already there: {{.Present}}; sent again: {{.Repaired}}.",
			"Compared", res.GetCompared(), "Present", res.GetAlreadyPresent(), "Repaired", res.GetRepaired())
	case st.Code() == codes.DeadlineExceeded:
		msg = tr.T("The check took longer than a page can wait and was stopped; nothing is lost. The node compares with its hub by itself every 10 minutes.")
	case st.Code() == codes.Unavailable:
		msg = tr.T("The check did not run: {{.Reason}}", "Reason", st.Message())
	case st.Code() == codes.Internal || st.Code() == codes.Unknown:
		h.fail(w, r, err)
		return
	default:
		// The node took the admin token, so any other refusal is the
		// hub's, in its own words (errs.Refusal keeps them).
		msg = tr.T("The hub refused the check: {{.Reason}}", "Reason", st.Message())
	}
	h.sessions.SetFlash(h.sessions.Get(r), msg)
	http.Redirect(w, r, "/hub", http.StatusSeeOther)
}

// syncSummary follows the node's stream to its summary.
func syncSummary(ctx context.Context, c hcnetv1.CityServiceClient) (*hcnetv1.SyncResponse, error) {
	stream, err := c.Sync(ctx, &hcnetv1.SyncRequest{})
	if err != nil {
		return nil, err
	}
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil, status.Error(codes.Internal, "the node ended the sync without a summary")
		}
		if err != nil {
			return nil, err
		}
		if m.GetDone() {
			return m, nil
		}
	}
}
