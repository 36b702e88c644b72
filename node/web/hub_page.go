package web

import (
	"html/template"
	"net"
	"net/http"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// hubData is the hub page's: the city's membership of its hub, the
// connection, the outbox, and each shared record's way to the hub.
type hubData struct {
	Status     *hcnetv1.GetStatusResponse
	Membership string
	// Light is the membership's colour (as Delivery's).
	Light      string
	Deliveries []deliveryRow
	// Waiting and Refused count the deliveries in those states.
	Waiting, Refused int
	// Form is the join form, shown to admins only (CanAdmin).
	Form     *webui.Form
	CanAdmin bool
	// Approved says the hub approved the city.
	Approved bool
	// Connected and Delivered are sentences with markup in them.
	Connected, Delivered template.HTML
}

// deliveryRow is one record on the hub page.
type deliveryRow struct {
	Href, Title, Kind, Visibility, Since, Reason string
	Version                                      int64
	State                                        Delivery

	// Chain is the page saying which version each hub up the chain holds.
	Chain string
}

// joinSpec maps JoinHub's field to the form's input, labelled in the
// reader's language.
func joinSpec(tr *i18n.Translator, label string) formSpec {
	return formSpec{labels: map[string]string{"hub_addr": label}, tr: tr}
}

// memberships say what each membership status means for the city's
// records; Text is a message, said in the reader's language.
var memberships = map[hcnetv1.MemberStatus]Delivery{
	hcnetv1.MemberStatus_MEMBER_STATUS_PENDING:  {"amber", "the hub's coordinator has not decided yet. The node asks again by itself and starts delivering once approved."},
	hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED: {"green", "the node delivers what the city shares by itself."},
	hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED: {"red", "the coordinator refused the application. Nothing the city shares is delivered; the coordinator can still admit the city."},
	hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED:  {"red", "the hub withdrew the membership and refuses the city's records; the coordinator can admit the city again."},
}

// hubPage shows the membership and delivery state to every role; the
// join form is an admin's.
func (h *Handler) hubPage(w http.ResponseWriter, r *http.Request) {
	h.renderHub(w, r, http.StatusOK, webui.NewForm(nil))
}

func (h *Handler) renderHub(w http.ResponseWriter, r *http.Request, code int, f *webui.Form) {
	ctx, cancel := h.call(r)
	defer cancel()
	st, err := h.city.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ds, err := h.city.ListDeliveries(ctx, &hcnetv1.ListDeliveriesRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	d := hubData{Status: st, Form: f, CanAdmin: canAdmin(h, r),
		Approved: st.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED,
		// The sentences are the catalogue's own; only the words put
		// into them are escaped.
		Connected: template.HTML(tr.T("{{.Connected}} to the hub's message service",
			"Connected", `<span class="status green">`+template.HTMLEscapeString(tr.T("Connected"))+`</span>`)),
		// The button below the sentence checks delivery; an officer is
		// not sent to the command line for it.
		Delivered: template.HTML(template.HTMLEscapeString(tr.T("Delivered means the hub acknowledged the record's latest version."))),
	}
	if m, ok := memberships[st.GetHub().GetStatus()]; ok {
		d.Light, d.Membership = m.Light, tr.T(m.Text)
	}
	if f.Get("hub_addr") == "" && st.GetHub() != nil {
		f.Values.Set("hub_addr", st.GetHub().GetHubAddr())
	}
	endorsed, err := h.endorsedSuccesses(ctx, ds.GetDeliveries())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, x := range ds.GetDeliveries() {
		v := x.GetVisibility()
		row := deliveryRow{
			Title: x.GetTitle(), Kind: nounOf(tr, record.Kind(x.GetKind())), Version: x.GetVersion(),
			Visibility: tr.Term(webui.TermID(v.Descriptor(), record.ShortName(v)), webui.Words(record.ShortName(v))), Reason: reasonWords(tr, x.GetReason(), st),
		}
		if x.GetEnqueueTime() != nil {
			row.Since = tr.Time(x.GetEnqueueTime().AsTime())
		}
		if ref, ok := endorsed.refs[x.GetId()]; ok {
			row.Title = endorsementOf(tr, ref, endorsed.names)
		}
		if row.Title == "" {
			row.Title = row.Kind + " " + x.GetId()
		}
		if !x.GetWithdrawal() {
			row.Href = sharedHref(record.Kind(x.GetKind()), x.GetId())
			row.Chain = "/hub/records/" + x.GetId()
		}
		withdrawal := x.GetWithdrawal()
		switch x.GetState() {
		case hcnetv1.DeliveryState_DELIVERY_STATE_DELIVERED:
			row.State = Delivery{"green", either(tr, withdrawal, "Delivered", "Delivered (withdrawal)")}
		case hcnetv1.DeliveryState_DELIVERY_STATE_REFUSED:
			row.State = Delivery{"red", either(tr, withdrawal, "Refused", "Refused (withdrawal)")}
			d.Refused++
		default:
			row.State = Delivery{"amber", either(tr, withdrawal, "Waiting", "Waiting (withdrawal)")}
			d.Waiting++
		}
		d.Deliveries = append(d.Deliveries, row)
	}
	h.pages.Render(w, code, "hub", h.page(r, "/hub", tr.T("Hub and delivery"), d))
}

// either is message b when cond holds, else a, in tr's language.
func either(tr *i18n.Translator, cond bool, a, b string) string {
	if cond {
		return tr.T(b)
	}
	return tr.T(a)
}

// canAdmin says whether the signed-in person may manage the node's
// membership.
func canAdmin(h *Handler, r *http.Request) bool {
	sess := h.sessions.Get(r)
	return sess != nil && sess.SignedIn && role(sess).CanAdmin()
}

// hubAdmin is auth for the changes to the city's hub membership: an
// admin's, whatever the page showed.
func (h *Handler) hubAdmin(next http.HandlerFunc) http.HandlerFunc {
	return h.auth(func(w http.ResponseWriter, r *http.Request) {
		if sess := h.sessions.Get(r); sess == nil || !role(sess).CanAdmin() {
			h.refused(w, r, sess, notHub)
			return
		}
		next(w, r)
	})
}

// joinHub applies to the hub at the address given (CityService.JoinHub,
// as hcctl hub join does). Each problem shows next to the address: the
// node's own check of it, a hub it cannot reach, or the hub's refusal in
// the hub's words.
func (h *Handler) joinHub(w http.ResponseWriter, r *http.Request) {
	f := webui.NewForm(r.PostForm)
	tr := h.tr(r)
	label := tr.T("Hub address")
	addr := strings.TrimSpace(f.Get("hub_addr"))
	f.Values.Set("hub_addr", addr)
	if addr == "" {
		f.Add("hub_addr", label, tr.T("is required: the hub's address as host:port, such as hub.healthycities.se:7500"))
		h.renderHub(w, r, formStatus, f)
		return
	}
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: addr})
	if err == nil {
		l := res.GetHub()
		name := l.GetHubName()
		if name == "" {
			name = l.GetHubAddr()
		}
		msg := tr.T("Applied to {{.Hub}}.", "Hub", name)
		if m, ok := memberships[l.GetStatus()]; ok {
			st := record.ShortName(l.GetStatus())
			msg += " " + tr.T("Membership {{.Status}}: {{.Meaning}}", "Status", tr.Term(webui.TermID(l.GetStatus().Descriptor(), st), webui.Words(st)), "Meaning", tr.T(m.Text))
		}
		h.sessions.SetFlash(h.sessions.Get(r), msg)
		http.Redirect(w, r, "/hub", http.StatusSeeOther)
		return
	}
	st := status.Convert(err)
	switch st.Code() {
	case codes.InvalidArgument:
		if !joinSpec(tr, label).refused(f, err) {
			h.fail(w, r, err)
			return
		}
	case codes.Unavailable, codes.DeadlineExceeded:
		host, _, _ := net.SplitHostPort(addr)
		f.Add("hub_addr", label, tr.T("could not be reached: {{.Cause}}. Is hchub running at {{.Host}}, and is this its address as the node sees it?", "Cause", st.Message(), "Host", host))
	case codes.Internal, codes.ResourceExhausted, codes.Unknown:
		h.fail(w, r, err)
		return
	default:
		// The node took the admin token, so any other refusal is the
		// hub's, in its own words (errs.Refusal keeps them).
		f.Add("hub_addr", label, tr.T("the hub refused the application: {{.Cause}}", "Cause", st.Message()))
	}
	h.renderHub(w, r, formStatus, f)
}
