package web

import (
	"context"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// withOwnSuccesses adds to names (by successKey) the successes of this
// city that the endorsements refs name, as the node holds them: the hub
// names the successes of other cities that name this one, never this
// city's own, which its endorsements may name too. names may be nil; a
// success the node cannot read keeps being named by its id.
func (h *Handler) withOwnSuccesses(ctx context.Context, names map[string]*hcnetv1.NamingSuccess, refs ...*hcnetv1.SuccessRef) map[string]*hcnetv1.NamingSuccess {
	if names == nil {
		names = map[string]*hcnetv1.NamingSuccess{}
	}
	var city *hcnetv1.City
	for _, ref := range refs {
		if names[successKey(ref)].GetSuccess().GetTitle() != "" {
			continue
		}
		if city == nil {
			res, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{})
			if err != nil {
				h.log.Debug("this city's own successes are named by id", "err", err)
				return names
			}
			city = res.GetCity()
		}
		if ref.GetCountry() != city.GetCountry() || ref.GetCityId() != city.GetId() {
			continue
		}
		res, err := h.city.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: ref.GetSuccessId()})
		if err != nil {
			continue
		}
		names[successKey(ref)] = &hcnetv1.NamingSuccess{Country: city.GetCountry(), CityId: city.GetId(), CityName: city.GetName(), Success: res.GetSuccess()}
	}
	return names
}
