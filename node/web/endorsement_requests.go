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
	// Given are the endorsements given, as listPage's rows are.
	Given []givenRow
}

// givenRow is an endorsement given: Title names the success, and Ref
// gives its id too when Title is its title, since the id is how the
// partner city's node knows it.
type givenRow struct {
	listRow
	Ref string
}

// waitingSuccess is one partner city's success that names this city.
type waitingSuccess struct {
	Country, City, ID, Title, CityName, Outcome, Date string
	// Public is set for a public success: its endorsement is public too,
	// so that it travels as far as the success does.
	Public bool
}

// waitingSuccesses lists the successes waiting for this city's
// endorsement, given the endorsements it gave, or says why they cannot
// be listed now. The hub's answer names the successes given already
// too, so names holds every success it listed by successKey.
func (h *Handler) waitingSuccesses(ctx context.Context, r *http.Request, given []*hcnetv1.Endorsement) (waiting []waitingSuccess, names map[string]*hcnetv1.NamingSuccess, unasked string, err error) {
	tr := h.tr(r)
	res, err := h.city.ListEndorsementRequests(ctx, &hcnetv1.ListEndorsementRequestsRequest{IncludeEndorsed: true})
	switch status.Code(err) {
	case codes.OK:
	case codes.Unavailable, codes.DeadlineExceeded, codes.Unauthenticated:
		st, serr := h.city.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		switch {
		case serr != nil || st.GetHub() == nil:
			return nil, nil, tr.T("This node is not told of such successes: it has joined no hub, which would list those that wait for its endorsement. Join a hub on the Hub page; meanwhile a partner city can send a link that fills the endorsement form in."), nil
		case st.GetHub().GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
			return nil, nil, tr.T("The city's hub has not approved its membership yet, so it cannot list the partner cities' successes that wait for this city's endorsement."), nil
		}
		return nil, nil, tr.T("The city's hub could not be asked for the partner cities' successes that wait for this city's endorsement. Try again later; the endorsements this city has given are listed below."), nil
	default:
		return nil, nil, "", err
	}
	done := map[string]bool{}
	for _, e := range given {
		done[successKey(e.GetSuccess())] = true
	}
	names = map[string]*hcnetv1.NamingSuccess{}
	for _, n := range res.GetSuccesses() {
		s := n.GetSuccess()
		key := successKey(&hcnetv1.SuccessRef{Country: n.GetCountry(), CityId: n.GetCityId(), SuccessId: s.GetId()})
		names[key] = n
		if done[key] {
			continue
		}
		name := n.GetCityName()
		if name == "" {
			name = n.GetCountry() + "/" + n.GetCityId()
		}
		waiting = append(waiting, waitingSuccess{
			Country: n.GetCountry(), City: n.GetCityId(), ID: s.GetId(), Title: s.GetTitle(), CityName: name,
			Outcome: s.GetOutcome(), Date: dayOf(tr, s.GetDate()), Public: s.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PUBLIC,
		})
	}
	return waiting, names, "", nil
}

// successKey is an endorsed success's identity, COUNTRY/CITY/ID.
func successKey(s *hcnetv1.SuccessRef) string {
	return s.GetCountry() + "/" + s.GetCityId() + "/" + s.GetSuccessId()
}

// successNames asks the hub, through the node, for the successes that
// name this city, endorsed or not, by successKey; empty when the hub
// cannot be asked, since the names only make the pages easier to read.
func (h *Handler) successNames(ctx context.Context) map[string]*hcnetv1.NamingSuccess {
	names := map[string]*hcnetv1.NamingSuccess{}
	res, err := h.city.ListEndorsementRequests(ctx, &hcnetv1.ListEndorsementRequestsRequest{IncludeEndorsed: true})
	if err != nil {
		h.log.Debug("the successes naming this city are not known now", "err", err)
		return names
	}
	for _, n := range res.GetSuccesses() {
		names[successKey(&hcnetv1.SuccessRef{Country: n.GetCountry(), CityId: n.GetCityId(), SuccessId: n.GetSuccess().GetId()})] = n
	}
	return names
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
