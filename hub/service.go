package hub

import (
	"log/slog"

	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/hub/upstream"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Service implements hcnet.v1.HubService. Handlers return errs errors;
// the server's interceptor turns them into gRPC statuses. Membership
// methods are in service_members.go; search, records, stats and the
// partner finder in service_read.go.
type Service struct {
	hcnetv1.UnimplementedHubServiceServer
	store   *store.Store
	log     *slog.Logger
	info    *hcnetv1.GetHubResponse
	members *members.Members
	// subscribers are the NATS feed's (service_feed.go).
	subscribers *members.Subscribers
	// token is the admin token: ListMembers shows applications to its
	// holder only.
	token string
	// parent joins and reports the hub's parent (service_parent.go).
	parent *upstream.Upstream
}
