package node

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A hub's refusal of a comparison keeps its kind and words up to the
// officer, as a refused join does; only a hub that is away or fails
// without saying why reads as Unavailable (try again later).
func TestSyncKeepsTheKindOfTheHubsRefusal(t *testing.T) {
	ctx := context.Background()
	n, err := Open(ctx, initDir(t), quietLog)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Shutdown(context.Background()) })
	for _, c := range []struct {
		code codes.Code
		want errs.Kind
	}{
		{codes.Unauthenticated, errs.Unauthenticated},
		{codes.PermissionDenied, errs.Denied},
		{codes.InvalidArgument, errs.Invalid},
		{codes.Unavailable, errs.Unavailable},
		{codes.Internal, errs.Unavailable},
	} {
		words := "the hub says " + c.code.String()
		hub := func(context.Context, *hcnetv1.ReconcileRequest) (*hcnetv1.ReconcileResponse, error) {
			return nil, status.Error(c.code, words)
		}
		_, err := n.Store.Sync(ctx, hub, nil)
		if got := errs.KindOf(err); got != c.want {
			t.Errorf("hub answering %v: sync failed as %v (%v), want %v", c.code, got, err, c.want)
		}
		if err == nil || !strings.Contains(err.Error(), words) {
			t.Errorf("hub answering %v: %v does not carry the hub's words %q", c.code, err, words)
		}
	}
}
