// Package hubchain follows a shared record up the chain of hubs (the
// node's hub, its parent, and so on) and says which version each holds:
// hcctl record status and the node's web pages ask the same way.
package hubchain

import (
	"context"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// MaxHubs bounds the walk up the parents, in case two hubs name each
// other.
const MaxHubs = 5

// Holding is one hub on the way up and the version it holds.
type Holding struct {
	Addr    string `json:"addr"`
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	Held    bool   `json:"held"`
	Version int64  `json:"version,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Dial connects to one hub; every hub on the way is reached with the
// same transport settings.
type Dial func(addr string) (*grpc.ClientConn, error)

// Holds asks the hub at addr for the record (country/city/id) and for
// its parent's address, empty at the top of the chain or when the hub
// cannot be reached; what went wrong is in the Holding's Error.
func Holds(ctx context.Context, dial Dial, addr, qualifiedID string) (Holding, string) {
	h := Holding{Addr: addr}
	conn, err := dial(addr)
	if err != nil {
		h.Error = err.Error()
		return h, ""
	}
	defer conn.Close()
	hub := hcnetv1.NewHubServiceClient(conn)
	info, err := hub.GetHub(ctx, &hcnetv1.GetHubRequest{})
	if err != nil {
		h.Error = "cannot reach the hub: " + status.Convert(err).Message()
		return h, ""
	}
	h.ID, h.Name = info.GetId(), info.GetName()
	rec, err := hub.GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: qualifiedID})
	switch status.Code(err) {
	case codes.OK:
		h.Held, h.Version = true, rec.GetRecord().GetVersion()
	case codes.NotFound:
	default:
		h.Error = status.Convert(err).Message()
	}
	return h, info.GetParentAddr()
}

// Walk asks each hub from addr upwards, as far as the record's
// visibility lets it travel: a network record stops at the first hub.
// It returns the hubs asked and the parent a network record was not
// forwarded to, if any.
func Walk(ctx context.Context, dial Dial, addr, qualifiedID string, visibility hcnetv1.Visibility) (hubs []Holding, notForwardedTo string) {
	for i := 0; addr != "" && i < MaxHubs; i++ {
		h, parent := Holds(ctx, dial, addr, qualifiedID)
		hubs = append(hubs, h)
		if visibility == hcnetv1.Visibility_VISIBILITY_NETWORK {
			return hubs, parent
		}
		addr = parent
	}
	return hubs, ""
}
