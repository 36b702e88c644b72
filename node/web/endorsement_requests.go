package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The successes waiting for this city's endorsement: the node asks its
// hub, which holds every success shared with it, for those that name the
// city, and an editor endorses one with one click.

// endorsementsPage is the endorsements list with, above it, the partner
// cities' successes waiting for this city's endorsement.
type endorsementsPage struct {
	listPage
	Waiting []waitingSuccess
	// Unasked says in plain words why the waiting successes could not be
	// listed; empty when the hub answered.
	Unasked string
}

// waitingSuccess is one partner city's success that names this city.
type waitingSuccess struct {
	Country, City, ID, Title, CityName, Outcome, Date string
	// Public is set for a public success: its endorsement is public too,
	// so that it travels as far as the success does.
	Public bool
}

// waitingSuccesses lists the successes waiting for this city's
// endorsement, or says why they cannot be listed now.
func (h *Handler) waitingSuccesses(ctx context.Context, r *http.Request) ([]waitingSuccess, string, error) {
	tr := h.tr(r)
	res, err := h.city.ListEndorsementRequests(ctx, &hcnetv1.ListEndorsementRequestsRequest{})
	switch status.Code(err) {
	case codes.OK:
	case codes.Unavailable, codes.DeadlineExceeded, codes.Unauthenticated:
		st, serr := h.city.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		switch {
		case serr != nil || st.GetHub() == nil:
			return nil, tr.T("This node is not told of such successes: it has joined no hub, which would list those that wait for its endorsement. Join a hub on the Hub page; meanwhile a partner city can send a link that fills the endorsement form in."), nil
		case st.GetHub().GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
			return nil, tr.T("The city's hub has not approved its membership yet, so it cannot list the partner cities' successes that wait for this city's endorsement."), nil
		}
		return nil, tr.T("The city's hub could not be asked for the partner cities' successes that wait for this city's endorsement. Try again later; the endorsements this city has given are listed below."), nil
	default:
		return nil, "", err
	}
	var out []waitingSuccess
	for _, n := range res.GetSuccesses() {
		s := n.GetSuccess()
		name := n.GetCityName()
		if name == "" {
			name = n.GetCountry() + "/" + n.GetCityId()
		}
		out = append(out, waitingSuccess{
			Country: n.GetCountry(), City: n.GetCityId(), ID: s.GetId(), Title: s.GetTitle(), CityName: name,
			Outcome: s.GetOutcome(), Date: dayOf(tr, s.GetDate()), Public: s.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PUBLIC,
		})
	}
	return out, "", nil
}

// endorse endorses a partner city's success with one click: an
// endorsement dated today, network-visible, or public for a public
// success. The form's problems (a success named wrongly) are the
// endorsement form's to show, so it is shown with them.
func (h *Handler) endorse(w http.ResponseWriter, r *http.Request) {
	tr := h.tr(r)
	vis := hcnetv1.Visibility_VISIBILITY_NETWORK
	if r.PostFormValue("visibility") == "public" {
		vis = hcnetv1.Visibility_VISIBILITY_PUBLIC
	}
	e := &hcnetv1.Endorsement{
		Success: &hcnetv1.SuccessRef{
			Country:   strings.ToLower(strings.TrimSpace(r.PostFormValue("country"))),
			CityId:    strings.TrimSpace(r.PostFormValue("city")),
			SuccessId: strings.TrimSpace(r.PostFormValue("success")),
		},
		Date: time.Now().UTC().Format("2006-01-02"), Visibility: vis,
	}
	ctx, cancel := h.call(r)
	defer cancel()
	_, err := h.city.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: e})
	if status.Code(err) == codes.InvalidArgument {
		q := url.Values{"country": {e.GetSuccess().GetCountry()}, "city": {e.GetSuccess().GetCityId()}, "success": {e.GetSuccess().GetSuccessId()}}
		http.Redirect(w, r, "/endorsements/new?"+q.Encode(), http.StatusSeeOther)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	title := strings.TrimSpace(r.PostFormValue("title"))
	if title == "" {
		title = e.GetSuccess().GetSuccessId()
	}
	h.sessions.SetFlash(h.sessions.Get(r), tr.T("Endorsed “{{.Title}}” of {{.City}}. The endorsement goes to the hub with the city's next delivery.",
		"Title", title, "City", strings.TrimSpace(r.PostFormValue("city_name"))))
	http.Redirect(w, r, "/endorsements", http.StatusSeeOther)
}

// Visibility names the visibility a one-click endorsement of the success
// takes, in the form's words.
func (s waitingSuccess) Visibility() string {
	if s.Public {
		return record.ShortName(hcnetv1.Visibility_VISIBILITY_PUBLIC)
	}
	return record.ShortName(hcnetv1.Visibility_VISIBILITY_NETWORK)
}
