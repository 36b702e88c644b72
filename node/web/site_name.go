package web

import (
	"context"
	"net/http"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// tagline says what the site is under the city's name.
const tagline = "Healthy City node"

// nameTimeout bounds asking the node for the city's name: the header is
// not worth holding a page that already has its answer.
const nameTimeout = 2 * time.Second

// siteName is the city's name from its profile, asked on every page so a
// renamed city shows at once. When the node does not answer, the name
// it last gave stands in, else the tagline.
func (h *Handler) siteName(r *http.Request) string {
	ctx, cancel := h.call(r)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, nameTimeout)
	defer cancel2()
	res, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if name := res.GetCity().GetName(); err == nil && name != "" {
		h.lastName.Store(&name)
		return name
	}
	if last := h.lastName.Load(); last != nil {
		return *last
	}
	return tagline
}
