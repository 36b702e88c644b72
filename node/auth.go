package node

import (
	"context"
	"crypto/subtle"
	"strings"

	"github.com/hcnet/hcnet/internal/errs"
	"google.golang.org/grpc/metadata"
)

// cityServicePrefix marks the methods that need the admin token. Health
// checks and reflection stay open so probes and generic tools can see the
// node is up and what it speaks, but not its data.
const cityServicePrefix = "/hcnet.v1.CityService/"

// checkToken accepts "authorization: Bearer TOKEN" with the node's token.
func checkToken(ctx context.Context, want string) error {
	md, _ := metadata.FromIncomingContext(ctx)
	vals := md.Get("authorization")
	if len(vals) == 0 {
		return errs.E("", errs.Unauthenticated, "missing admin token: send \"authorization: Bearer TOKEN\" (hcctl: --dir, --token or HCNET_TOKEN)")
	}
	got, ok := strings.CutPrefix(vals[0], "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) != 1 {
		return errs.E("", errs.Unauthenticated, "wrong admin token")
	}
	return nil
}
