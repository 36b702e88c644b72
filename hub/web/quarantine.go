package web

import (
	"net/http"
	"net/url"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// quarantinePageSize is how many refused messages a page lists.
const quarantinePageSize = 100

type quarantineData struct {
	Records []*hcnetv1.QuarantinedRecord
	// Next is the link to the older ones, empty on the last page.
	Next string
}

// quarantine lists the messages the hub refused at ingest, newest first,
// each with why (hcctl hub quarantine): a record whose signature did not
// verify, from a city that is not a member, over its quota. Nothing in
// them was believed, so the page shows what they claim only as claims.
func (h *Handler) quarantine(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.admin(r)
	defer cancel()
	res, err := h.hub.ListQuarantine(ctx, &hcnetv1.ListQuarantineRequest{PageSize: quarantinePageSize, PageToken: r.URL.Query().Get("page")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := quarantineData{Records: res.GetRecords()}
	if t := res.GetNextPageToken(); t != "" {
		d.Next = "/quarantine?" + url.Values{"page": {t}}.Encode()
	}
	h.pages.Render(w, http.StatusOK, "quarantine", h.page(r, "/quarantine", h.tr(r).T("Quarantine"), d))
}
