package web

import (
	"net/http"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// decide takes a coordinator's decision on a member (approve, reject,
// revoke, or delete an application) through the hub's own admin methods, as hcctl hub approve does;
// a refusal is shown in the hub's words on the members page.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request) {
	country, city, verb := r.PathValue("country"), r.PathValue("city"), r.PathValue("verb")
	ctx, cancel := h.admin(r)
	defer cancel()
	var m *hcnetv1.Member
	var err error
	switch verb {
	case "approve":
		// A member hub's application is approved only as one: the
		// form says which it is, and the hub refuses a mismatch.
		var res *hcnetv1.ApproveMemberResponse
		res, err = h.hub.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: country, CityId: city, Hub: r.PostFormValue("member_hub") == "true"})
		m = res.GetMember()
	case "reject":
		var res *hcnetv1.RejectMemberResponse
		res, err = h.hub.RejectMember(ctx, &hcnetv1.RejectMemberRequest{Country: country, CityId: city})
		m = res.GetMember()
	case "revoke":
		var res *hcnetv1.RevokeMemberResponse
		res, err = h.hub.RevokeMember(ctx, &hcnetv1.RevokeMemberRequest{Country: country, CityId: city})
		m = res.GetMember()
	case "delete":
		// A pending or rejected application only: the hub refuses the
		// others, so the id is free to apply again (hcctl hub delete).
		var res *hcnetv1.DeleteMemberResponse
		res, err = h.hub.DeleteMember(ctx, &hcnetv1.DeleteMemberRequest{Country: country, CityId: city})
		m = res.GetMember()
	default:
		http.NotFound(w, r)
		return
	}
	sess := h.signedIn(r)
	tr := h.tr(r)
	if err != nil {
		switch status.Code(err) {
		case codes.InvalidArgument, codes.FailedPrecondition, codes.NotFound, codes.AlreadyExists, codes.Aborted:
			h.sessions.SetFlash(sess, tr.T("Nothing was changed for {{.City}}: {{.Reason}}", "City", country+"/"+city, "Reason", refusal(tr, err)))
			http.Redirect(w, r, "/members", http.StatusSeeOther)
		default:
			h.fail(w, r, err)
		}
		return
	}
	h.log.Info("web: membership decided", "city", country+"/"+city, "decision", verb, "by", sess.Name)
	name := m.GetName()
	if name == "" {
		name = country + "/" + city
	}
	var done string
	switch verb {
	case "approve":
		done = tr.T("{{.Name}} is approved: its node connects and starts delivering by itself within seconds.", "Name", name)
	case "reject":
		done = tr.T("{{.Name}} is rejected; it may still be approved later.", "Name", name)
	case "delete":
		done = tr.T("The application of {{.Name}} is deleted: the id {{.City}} is free to apply again, with any key.", "Name", name, "City", country+"/"+city)
	default:
		done = tr.T("{{.Name}} is revoked: its node can no longer publish; what it shared before stays.", "Name", name)
	}
	h.sessions.SetFlash(sess, done)
	http.Redirect(w, r, "/members", http.StatusSeeOther)
}

// refusal is the hub's own words for why it refused: each field's
// violation when it named some, in tr's language when the hub sent its
// message, else the hub's message.
func refusal(tr *i18n.Translator, err error) string {
	var out []string
	if vs, _, ok := webui.Refusals(err); ok {
		for _, v := range vs {
			out = append(out, webui.Said(tr, v, nil))
		}
	}
	if len(out) == 0 {
		return status.Convert(err).Message()
	}
	return strings.Join(out, "; ")
}

type revokeData struct {
	Member *hcnetv1.Member
}

// confirmRevoke asks before a revocation: it cuts a city off from the
// network until a coordinator approves it again.
func (h *Handler) confirmRevoke(w http.ResponseWriter, r *http.Request) {
	country, city := r.PathValue("country"), r.PathValue("city")
	ctx, cancel := h.admin(r)
	defer cancel()
	res, err := h.hub.ListMembers(ctx, &hcnetv1.ListMembersRequest{Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, m := range res.GetMembers() {
		if m.GetCountry() == country && m.GetCityId() == city {
			h.pages.Render(w, http.StatusOK, "revoke", h.page(r, "/members", h.tr(r).T("Revoke {{.Name}}?", "Name", m.GetName()), revokeData{Member: m}))
			return
		}
	}
	h.pages.Render(w, http.StatusNotFound, "problem", h.page(r, "/members", h.tr(r).T("Not a member"), map[string]string{
		"Message": h.tr(r).T("{{.City}} is not an approved member of this hub, so there is nothing to revoke.", "City", country+"/"+city),
	}))
}
