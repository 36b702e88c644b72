package web

import (
	"net/http"
	"time"

	"github.com/hcnet/hcnet/internal/i18n"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Delivery is where a practice stands on its way to the hub.
type Delivery struct {
	// Light is green (delivered), amber (waiting) or grey (not shared).
	Light, Text string
}

type practiceRow struct {
	Practice *hcnetv1.Practice
	Title    string
	Delivery Delivery
}

type practicesData struct {
	Status    *hcnetv1.GetStatusResponse
	Practices []practiceRow
	Known     bool
}

// practices lists the city's good practices with their delivery status: a
// shared practice is delivered when no envelope of it waits in the
// outbox, that is once the hub has acknowledged its latest version.
func (h *Handler) practices(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	st, err := h.city.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var pending map[string]time.Time
	if h.opts.Pending != nil {
		if pending, err = h.opts.Pending(ctx); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	tr := h.tr(r)
	d := practicesData{Status: st, Known: h.opts.Pending != nil}
	ps, err := allPractices(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, p := range ps {
		d.Practices = append(d.Practices, practiceRow{Practice: p, Title: practiceTitle(p), Delivery: delivery(tr, p, st, pending, d.Known)})
	}
	h.pages.Render(w, http.StatusOK, "practices", h.page(r, "/practices", tr.T("Practices"), d))
}

func delivery(tr *i18n.Translator, p *hcnetv1.Practice, st *hcnetv1.GetStatusResponse, pending map[string]time.Time, known bool) Delivery {
	if p.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PRIVATE {
		return Delivery{"grey", tr.T("Private: stays on this node")}
	}
	if !known {
		return Delivery{"grey", tr.T("Shared (delivery not tracked here)")}
	}
	since, waiting := pending[p.GetId()]
	switch {
	case !waiting:
		if hub := st.GetHub().GetHubName(); hub != "" {
			return Delivery{"green", tr.T("Delivered to {{.Hub}}", "Hub", hub)}
		}
		return Delivery{"green", tr.T("Delivered to the hub")}
	case st.GetHub() == nil:
		return Delivery{"amber", tr.T("Waiting: the node has not joined a hub yet")}
	case st.GetHub().GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
		return Delivery{"amber", tr.T("Waiting for the hub to approve the city")}
	}
	return Delivery{"amber", tr.T("Waiting since {{.Time}}", "Time", tr.Time(since))}
}

// practiceTitle is the title in the original language, else any.
func practiceTitle(p *hcnetv1.Practice) string {
	if t := p.GetTexts()[p.GetOriginalLanguage()].GetTitle(); t != "" {
		return t
	}
	for _, t := range p.GetTexts() {
		if t.GetTitle() != "" {
			return t.GetTitle()
		}
	}
	return "(untitled)"
}
