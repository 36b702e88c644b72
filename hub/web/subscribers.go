package web

import (
	"net/http"
	"strings"

	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

type subscribersData struct {
	Subscribers []*hcnetv1.Subscriber
	Form        *webui.Form
	// Issued is the credential just issued, shown this once: the hub
	// keeps only the public key.
	Issued              *hcnetv1.AddSubscriberResponse
	Inbox, Consumer     string
	WithdrawnHeader     string
	PublicRecordsFilter string
}

// subscribersPage lists the peers that follow the hub's NATS feed, with a
// form to issue one a credential.
func (h *Handler) subscribersPage(w http.ResponseWriter, r *http.Request) {
	h.renderSubscribers(w, r, http.StatusOK, webui.NewForm(nil), nil)
}

func (h *Handler) renderSubscribers(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, issued *hcnetv1.AddSubscriberResponse) {
	ctx, cancel := h.admin(r)
	defer cancel()
	res, err := h.hub.ListSubscribers(ctx, &hcnetv1.ListSubscribersRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := subscribersData{Subscribers: res.GetSubscribers(), Form: f, Issued: issued, WithdrawnHeader: subject.WithdrawnHeader}
	if issued != nil {
		d.Inbox, d.Consumer = subject.FeedInbox(issued.GetName()), subject.FeedConsumer(issued.GetName())
	}
	// The credential's page must not stay in a cache or the history.
	w.Header().Set("Cache-Control", "no-store")
	h.pages.Render(w, code, "subscribers", h.page(r, "/subscribers", h.tr(r).T("Feed subscribers"), d))
}

// addSubscriber issues a read-only NATS credential, as hcctl hub
// subscriber add does, and shows its seed once.
func (h *Handler) addSubscriber(w http.ResponseWriter, r *http.Request) {
	f := webui.NewForm(r.PostForm)
	name := strings.TrimSpace(f.Get("name"))
	ctx, cancel := h.admin(r)
	defer cancel()
	res, err := h.hub.AddSubscriber(ctx, &hcnetv1.AddSubscriberRequest{Name: name})
	if err != nil {
		switch status.Code(err) {
		case codes.InvalidArgument, codes.AlreadyExists, codes.FailedPrecondition:
			f.Add("name", h.tr(r).T("Name"), refusal(h.tr(r), err))
			h.renderSubscribers(w, r, http.StatusUnprocessableEntity, f, nil)
		default:
			h.fail(w, r, err)
		}
		return
	}
	h.log.Info("web: feed subscriber issued", "subscriber", name, "by", h.signedIn(r).Name)
	h.renderSubscribers(w, r, http.StatusCreated, webui.NewForm(nil), res)
}

// revokeSubscriber withdraws a subscriber's credential.
func (h *Handler) revokeSubscriber(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctx, cancel := h.admin(r)
	defer cancel()
	tr := h.tr(r)
	sess := h.signedIn(r)
	msg := tr.T("Subscriber {{.Name}} is revoked: its credential no longer reads the feed.", "Name", name)
	if _, err := h.hub.RevokeSubscriber(ctx, &hcnetv1.RevokeSubscriberRequest{Name: name}); err != nil {
		switch status.Code(err) {
		case codes.InvalidArgument, codes.NotFound, codes.FailedPrecondition:
			msg = tr.T("Nothing was changed for {{.Name}}: {{.Reason}}", "Name", name, "Reason", refusal(tr, err))
		default:
			h.fail(w, r, err)
			return
		}
	} else {
		h.log.Info("web: feed subscriber revoked", "subscriber", name, "by", sess.Name)
	}
	h.sessions.SetFlash(sess, msg)
	http.Redirect(w, r, "/subscribers", http.StatusSeeOther)
}
