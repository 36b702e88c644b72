package web

import (
	"net/http"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

type membersData struct {
	Reports                 []Reporting
	Green, Amber, Red, Rest int
	// Pending counts the applications awaiting a decision, which only a
	// signed-in person sees.
	Pending int
	// Coordinator shows each member's decisions (approve, reject,
	// revoke); the server checks the role again on each.
	Coordinator bool
}

// members lists the members. A signed-in coordinator or reader also sees
// the applications (pending, rejected), which stay off the public page:
// the list is then asked with the hub's admin token.
func (h *Handler) members(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	sess := h.signedIn(r)
	if sess != nil {
		cancel()
		ctx, cancel = h.admin(r)
	}
	defer cancel()
	reps, err := h.reports(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := membersData{Reports: reps, Coordinator: sess != nil && role(sess).CanCoordinate()}
	for _, rep := range reps {
		switch rep.Light {
		case "green":
			d.Green++
		case "amber":
			d.Amber++
		case "red":
			d.Red++
		case "grey":
			if rep.Member.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_PENDING {
				d.Pending++
				continue
			}
			d.Rest++
		default:
			d.Rest++
		}
	}
	h.pages.Render(w, http.StatusOK, "members", h.page(r, "/members", h.tr(r).T("Members"), d))
}
