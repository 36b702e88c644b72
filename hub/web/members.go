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
	// Deletable counts the applications (pending or rejected) that have
	// a Delete button, so the words on what deleting does show only
	// where there is something to delete.
	Deletable int
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
		if st := rep.Member.GetStatus(); st == hcnetv1.MemberStatus_MEMBER_STATUS_PENDING || st == hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED {
			d.Deletable++
		}
		// A network is counted by its cities, each judged on its own.
		// A city the coordinator approved directly is counted once, as
		// a member.
		for _, c := range rep.Cities {
			if rep.Approved && c.Vouch.GetOverriddenBy() == hcnetv1.MemberStatus_MEMBER_STATUS_UNSPECIFIED {
				d.count(c.Light)
			}
		}
		if rep.Member.GetHub() && rep.Approved {
			continue
		}
		if rep.Light == "grey" && rep.Member.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_PENDING {
			d.Pending++
			continue
		}
		d.count(rep.Light)
	}
	h.pages.Render(w, http.StatusOK, "members", h.page(r, "/members", h.tr(r).T("Members"), d))
}

// count adds one member's light to the page's totals.
func (d *membersData) count(light string) {
	switch light {
	case "green":
		d.Green++
	case "amber":
		d.Amber++
	case "red":
		d.Red++
	default:
		d.Rest++
	}
}
