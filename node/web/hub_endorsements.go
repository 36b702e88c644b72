package web

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// endorsedOnHubPage is what the hub page needs to name the endorsements
// it lists: the success each names, by endorsement id, and the names the
// hub gave those successes and their cities.
type endorsedOnHubPage struct {
	refs  map[string]*hcnetv1.SuccessRef
	names map[string]*hcnetv1.NamingSuccess
}

// endorsedSuccesses reads them when the deliveries hold an endorsement,
// so the page asks the hub nothing when there is none to name.
func (h *Handler) endorsedSuccesses(ctx context.Context, ds []*hcnetv1.Delivery) (endorsedOnHubPage, error) {
	out := endorsedOnHubPage{refs: map[string]*hcnetv1.SuccessRef{}}
	has := false
	for _, d := range ds {
		has = has || record.Kind(d.GetKind()) == record.KindEndorsement
	}
	if !has {
		return out, nil
	}
	es, err := allEndorsements(ctx, h.city)
	if err != nil {
		return out, err
	}
	refs := make([]*hcnetv1.SuccessRef, 0, len(es))
	for _, e := range es {
		out.refs[e.GetId()] = e.GetSuccess()
		refs = append(refs, e.GetSuccess())
	}
	out.names = h.withOwnSuccesses(ctx, h.successNames(ctx), refs...)
	return out, nil
}
