package fedtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestNamingQueryIsAnsweredOnce: a city's signed question for the
// successes that name it, captured on the wire and sent again, is refused
// as a replay; the city's next question, signed afresh, is answered, and
// so is the node's own, which signs every time.
func TestNamingQueryIsAnsweredOnce(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)

	sign := func() *hcnetv1.ListSuccessesNamingRequest {
		t.Helper()
		req, err := envelope.SignNaming(nodeKey(t, n), &hcnetv1.SuccessesNamingQuery{Country: "se", CityId: "malmo"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	captured := sign()
	if _, err := h.Client(t).ListSuccessesNaming(ctx, captured); err != nil {
		t.Fatalf("the city's query: %v", err)
	}
	_, err := h.Client(t).ListSuccessesNaming(ctx, captured)
	if status.Code(err) != codes.Unauthenticated || !strings.Contains(status.Convert(err).Message(), "replayed") {
		t.Fatalf("the captured query sent again: %v; want Unauthenticated, replayed", err)
	}
	if _, err := h.Client(t).ListSuccessesNaming(ctx, sign()); err != nil {
		t.Fatalf("a fresh query: %v", err)
	}
	for i := range 2 {
		if _, err := n.Client(t).ListEndorsementRequests(ctx, &hcnetv1.ListEndorsementRequestsRequest{}); err != nil {
			t.Fatalf("the node's own question, asked %d times: %v", i+1, err)
		}
	}
}
