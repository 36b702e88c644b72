package web

import (
	"net/http"
)

type membersData struct {
	Reports                 []Reporting
	Green, Amber, Red, Rest int
}

func (h *Handler) members(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	reps, err := h.reports(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := membersData{Reports: reps}
	for _, rep := range reps {
		switch rep.Light {
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
	h.pages.Render(w, http.StatusOK, "members", h.page(r, "/members", "Members", d))
}
