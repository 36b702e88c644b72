package web

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/actor"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

//go:embed templates
var templates embed.FS

// callTimeout bounds each call to the node, so a stuck call fails the
// page instead of hanging it.
const callTimeout = 10 * time.Second

// Options are the optional parts of the pages.
type Options struct {
	// Pending lists the ids of records whose envelopes still wait in the
	// outbox, with the oldest one's time (node.Store.PendingRecords).
	// Without it practices show no per-record delivery status.
	Pending func(ctx context.Context) (map[string]time.Time, error)
	Log     *slog.Logger
	// Origin is where the pages are reached (Start builds it from
	// --public-url and --trusted-proxies): it says when the session cookie
	// is Secure and which address a sign-in came from. Without it, the
	// cookie is Secure over TLS and the address is the TCP peer's.
	Origin *webui.Origin
	// Accounts are the node's named accounts: with them officers sign in
	// with a name and password, their sessions outlive a restart, and
	// failed sign-ins are counted in the database. Without them only the
	// admin token signs in.
	Accounts *accounts.Store
	// Backup writes a consistent copy of the node's database to an
	// existing empty file (node.Store.Backup); with it, admins download
	// backups from the pages. BackupDir is where the copy is made before
	// it is sent (the node's data folder: the copy is as large as the
	// database and as private).
	Backup    func(ctx context.Context, path string) error
	BackupDir string
	// Lang is the pages' language for readers whose browser asks for
	// none of the network's languages (hcnode run --lang); English when
	// empty.
	Lang string
	// DialHub reaches a hub with the node's transport settings towards
	// its hub (node.Node's Sharing.Dial); without it, in plaintext.
	DialHub func(addr string) (*grpc.ClientConn, error)
}

// Handler serves the pages.
type Handler struct {
	city     hcnetv1.CityServiceClient
	token    string
	opts     Options
	log      *slog.Logger
	sessions *webui.Sessions
	pages    *webui.Renderer
	mux      *http.ServeMux
	signins  *signInLimit
	lastName atomic.Pointer[string] // the city's name the node last gave
	words    *i18n.Catalogue
	held     heldFiles // uploaded files waiting for their confirmation
}

// New serves the pages of the node behind city, signing in with token;
// every call to the node carries the token.
func New(city hcnetv1.CityServiceClient, token string, o Options) (*Handler, error) {
	if token == "" {
		return nil, errors.New("web: the node's admin token is required")
	}
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	sub, _ := fs.Sub(templates, "templates")
	pages, err := webui.NewRenderer(sub, nil, log)
	if err != nil {
		return nil, err
	}
	words, err := i18n.Shared()
	if err != nil {
		return nil, err
	}
	sessions := webui.NewSessions()
	if o.Accounts != nil {
		sessions = webui.NewKeptSessions(webui.AccountKeeper{Store: o.Accounts})
	}
	h := &Handler{city: city, token: token, opts: o, log: log, sessions: sessions, pages: pages, mux: http.NewServeMux(), signins: newSignInLimit(o.Accounts), words: words}
	if o.Origin != nil {
		h.sessions.Secure = o.Origin.SecureCookies
	}
	h.routes()
	return h, nil
}

// tr speaks the request's language: the reader's choice, their
// browser's, else the node's default.
func (h *Handler) tr(r *http.Request) *i18n.Translator {
	return h.words.In(i18n.Choose(r, h.opts.Lang))
}

// client is the address a request came from, for the sign-in limit and
// the log.
func (h *Handler) client(r *http.Request) string {
	if h.opts.Origin != nil {
		return h.opts.Origin.ClientAddr(r)
	}
	return r.RemoteAddr
}

func (h *Handler) routes() {
	m := h.mux
	m.Handle("GET /static/", webui.Static())
	m.HandleFunc("GET /lang", webui.ChooseLanguage)
	m.HandleFunc("GET /signin", h.signInPage)
	m.HandleFunc("POST /signin", h.signIn)
	m.HandleFunc("POST /signout", h.signOut)
	m.HandleFunc("GET /{$}", h.auth(h.dashboard))
	m.HandleFunc("GET /accounts", h.admin(h.accountsPage))
	m.HandleFunc("POST /accounts", h.admin(h.addAccount))
	m.HandleFunc("POST /accounts/{name}/remove", h.admin(h.removeAccount))
	m.HandleFunc("POST /accounts/{name}/role", h.admin(h.setRole))
	m.HandleFunc("GET /accounts/{name}/password", h.admin(h.accountPasswordPage))
	m.HandleFunc("POST /accounts/{name}/password", h.admin(h.setAccountPassword))
	m.HandleFunc("GET /password", h.own(h.passwordPage))
	m.HandleFunc("POST /password", h.own(h.changePassword))
	m.HandleFunc("GET /partnerships/new", h.edit(h.partnershipForm))
	m.HandleFunc("POST /partnerships/new", h.auth(h.savePartnership))
	m.HandleFunc("GET /partnerships/{id}/edit", h.edit(h.partnershipForm))
	m.HandleFunc("POST /partnerships/{id}/edit", h.auth(h.savePartnership))
	m.HandleFunc("GET /partnerships", h.auth(h.partnerships))
	m.HandleFunc("GET /partnerships/{id}", h.auth(h.partnership))
	m.HandleFunc("GET /partnerships/{id}/delete", h.edit(h.confirmDelete(h.partnershipDeletion())))
	m.HandleFunc("POST /partnerships/{id}/delete", h.auth(h.deleteRecord(h.partnershipDeletion())))
	m.HandleFunc("GET /partners", h.auth(h.partners))
	m.HandleFunc("GET /partners/new", h.edit(h.partnerForm))
	m.HandleFunc("POST /partners/new", h.auth(h.savePartner))
	m.HandleFunc("GET /partners/{id}", h.auth(h.partner))
	m.HandleFunc("GET /partners/{id}/edit", h.edit(h.partnerForm))
	m.HandleFunc("POST /partners/{id}/edit", h.auth(h.savePartner))
	m.HandleFunc("GET /partners/{id}/delete", h.edit(h.confirmDelete(h.partnerDeletion())))
	m.HandleFunc("POST /partners/{id}/delete", h.auth(h.deleteRecord(h.partnerDeletion())))
	m.HandleFunc("GET /plans", h.auth(h.plans))
	m.HandleFunc("GET /plans/{id}", h.auth(h.plan))
	m.HandleFunc("GET /plans/new", h.edit(h.planForm))
	m.HandleFunc("POST /plans/new", h.auth(h.savePlan))
	m.HandleFunc("GET /plans/{id}/edit", h.edit(h.planForm))
	m.HandleFunc("POST /plans/{id}/edit", h.auth(h.savePlan))
	m.HandleFunc("GET /plans/{id}/delete", h.edit(h.confirmDelete(h.planDeletion())))
	m.HandleFunc("POST /plans/{id}/delete", h.auth(h.deleteRecord(h.planDeletion())))
	m.HandleFunc("GET /plans/{id}/goals/new", h.edit(h.goalForm))
	m.HandleFunc("POST /plans/{id}/goals/new", h.auth(h.saveGoal))
	m.HandleFunc("GET /plans/{id}/goals/{goal}/edit", h.edit(h.goalForm))
	m.HandleFunc("POST /plans/{id}/goals/{goal}/edit", h.auth(h.saveGoal))
	m.HandleFunc("GET /plans/{id}/goals/{goal}/delete", h.edit(h.confirmRemoveStep(goalStep)))
	m.HandleFunc("POST /plans/{id}/goals/{goal}/delete", h.auth(h.removeStep(goalStep)))
	m.HandleFunc("GET /plans/{id}/actions/new", h.edit(h.actionForm))
	m.HandleFunc("POST /plans/{id}/actions/new", h.auth(h.saveAction))
	m.HandleFunc("GET /plans/{id}/actions/{action}/edit", h.edit(h.actionForm))
	m.HandleFunc("POST /plans/{id}/actions/{action}/edit", h.auth(h.saveAction))
	m.HandleFunc("POST /plans/{id}/actions/{action}/status", h.auth(h.actionStatus))
	m.HandleFunc("GET /plans/{id}/actions/{action}/delete", h.edit(h.confirmRemoveStep(actionStep)))
	m.HandleFunc("POST /plans/{id}/actions/{action}/delete", h.auth(h.removeStep(actionStep)))
	m.HandleFunc("GET /indicators", h.auth(h.indicators))
	m.HandleFunc("GET /indicators/new", h.edit(h.indicatorForm))
	m.HandleFunc("POST /indicators/new", h.auth(h.saveIndicator))
	m.HandleFunc("GET /indicators/{id}/edit", h.edit(h.indicatorForm))
	m.HandleFunc("POST /indicators/{id}/edit", h.auth(h.saveIndicator))
	m.HandleFunc("GET /indicators/{id}/delete", h.edit(h.confirmDelete(h.indicatorDeletion())))
	m.HandleFunc("POST /indicators/{id}/delete", h.auth(h.deleteRecord(h.indicatorDeletion())))
	m.HandleFunc("GET /indicators/{id}", h.auth(h.indicator))
	m.HandleFunc("POST /indicators/{id}", h.auth(h.recordMeasurement))
	m.HandleFunc("GET /successes", h.auth(h.successes))
	m.HandleFunc("GET /successes/new", h.edit(h.successForm))
	m.HandleFunc("POST /successes/new", h.auth(h.saveSuccess))
	m.HandleFunc("GET /successes/{id}", h.auth(h.success))
	m.HandleFunc("GET /successes/{id}/edit", h.edit(h.successForm))
	m.HandleFunc("POST /successes/{id}/edit", h.auth(h.saveSuccess))
	m.HandleFunc("GET /successes/{id}/delete", h.edit(h.confirmDelete(h.successDeletion())))
	m.HandleFunc("POST /successes/{id}/delete", h.auth(h.deleteRecord(h.successDeletion())))
	m.HandleFunc("GET /endorsements", h.auth(h.endorsements))
	m.HandleFunc("GET /endorsements/new", h.edit(h.endorsementForm))
	m.HandleFunc("POST /endorsements/endorse", h.auth(h.endorse))
	m.HandleFunc("POST /endorsements/new", h.auth(h.saveEndorsement))
	m.HandleFunc("GET /endorsements/{id}", h.auth(h.endorsement))
	m.HandleFunc("GET /endorsements/{id}/edit", h.edit(h.endorsementForm))
	m.HandleFunc("POST /endorsements/{id}/edit", h.auth(h.saveEndorsement))
	m.HandleFunc("GET /endorsements/{id}/delete", h.edit(h.confirmDelete(h.endorsementDeletion())))
	m.HandleFunc("POST /endorsements/{id}/delete", h.auth(h.deleteRecord(h.endorsementDeletion())))
	m.HandleFunc("GET /practices", h.auth(h.practices))
	m.HandleFunc("GET /practices/new", h.edit(h.practiceForm))
	m.HandleFunc("POST /practices/new", h.auth(h.savePractice))
	m.HandleFunc("GET /practices/{id}/edit", h.edit(h.practiceForm))
	m.HandleFunc("POST /practices/{id}/edit", h.auth(h.savePractice))
	m.HandleFunc("GET /city", h.auth(h.cityProfile))
	m.HandleFunc("GET /city/edit", h.edit(h.cityForm))
	m.HandleFunc("POST /city/edit", h.auth(h.saveCity))
	m.HandleFunc("GET /practices/{id}", h.auth(h.practice))
	m.HandleFunc("GET /practices/{id}/delete", h.edit(h.confirmDelete(h.practiceDeletion())))
	m.HandleFunc("POST /practices/{id}/delete", h.auth(h.deleteRecord(h.practiceDeletion())))
	m.HandleFunc("GET /practices/{id}/translations/new", h.edit(h.translationForm))
	m.HandleFunc("POST /practices/{id}/translations/new", h.auth(h.saveTranslation))
	m.HandleFunc("GET /practices/{id}/translations/{lang}/edit", h.edit(h.translationForm))
	m.HandleFunc("POST /practices/{id}/translations/{lang}/edit", h.auth(h.saveTranslation))
	m.HandleFunc("GET /practices/{id}/translations/{lang}/remove", h.edit(h.confirmRemoveTranslation))
	m.HandleFunc("POST /practices/{id}/translations/{lang}/remove", h.auth(h.removeTranslation))
	h.textsRoutes(m)
	m.HandleFunc("GET /shared/{kind}/{id}", h.auth(h.sharedPreview))
	m.HandleFunc("GET /hub", h.auth(h.hubPage))
	m.HandleFunc("GET /hub/records/{id}", h.auth(h.hubChain))
	m.HandleFunc("POST /hub/join", h.hubAdmin(h.joinHub))
	m.HandleFunc("GET /backup", h.backupAdmin(h.backupPage))
	m.HandleFunc("POST /backup", h.backupAdmin(h.downloadBackup))
	m.HandleFunc("GET /backup/records.jsonl", h.admin(h.exportAll))
	m.HandleFunc("POST /hub/sync", h.auth(h.syncHub))
	m.HandleFunc("GET /spreadsheets", h.auth(h.spreadsheets))
	m.HandleFunc("GET /spreadsheets/{file}", h.auth(h.download))
	m.HandleFunc("GET /spreadsheets/{sheet}/upload", h.edit(h.uploadForm))
	m.HandleFunc("POST /spreadsheets/{sheet}/upload", h.limitUpload(h.auth(h.checkUpload)))
	m.HandleFunc("POST /spreadsheets/{sheet}/confirm", h.auth(h.confirmUpload))
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	webui.Secure(h.mux).ServeHTTP(w, r)
}

// call is the context of one call to the node: the admin token, whom the
// call acts for (the signed-in account, which the node's history names),
// and a deadline.
func (h *Handler) call(r *http.Request) (context.Context, context.CancelFunc) {
	ctx := metadata.AppendToOutgoingContext(r.Context(), "authorization", "Bearer "+h.token)
	who := actor.Token
	if sess := h.sessions.Get(r); sess != nil && sess.SignedIn && sess.Name != "" {
		who = sess.Name
	}
	ctx = actor.Outgoing(ctx, who)
	return context.WithTimeout(ctx, callTimeout)
}

// page builds the layout's data for a signed-in page.
func (h *Handler) page(r *http.Request, current, title string, data any) webui.Page {
	sess := h.sessions.Get(r)
	tr := h.tr(r)
	p := webui.Page{
		Site: h.siteName(r), Tagline: tr.T(tagline), Title: title, Data: data,
		Footer: tr.T("hcnet city node · the city decides, record by record, what leaves the node."),
		Lang:   tr.Lang(), Here: r.URL.RequestURI(),
	}
	if sess != nil {
		p.SignedIn, p.CSRF = sess.SignedIn, sess.CSRF
		p.Who, p.Role = sess.Name, sess.Role
		p.CanEdit = sess.SignedIn && role(sess).CanEdit()
		p.Notice = h.sessions.TakeFlash(sess)
	}
	p.Nav = h.nav(sess, r.URL.Path, current)
	return p
}

// fail shows an error the node returned: not found as 404, the node being
// away as 503, a full disk (the node's only ResourceExhausted) as 507,
// anything else as 500 with the cause in the log only.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := http.StatusInternalServerError, "Something went wrong; the node's log has the details."
	switch status.Code(err) {
	case codes.NotFound:
		code, msg = http.StatusNotFound, "There is no such record on this node."
	case codes.Unavailable, codes.DeadlineExceeded:
		code, msg = http.StatusServiceUnavailable, "The node is not answering. Try again in a moment."
	case codes.ResourceExhausted:
		code, msg = http.StatusInsufficientStorage, "Disk full: nothing was saved. Free space in the node's data folder, then try again."
	}
	if code == http.StatusInternalServerError {
		h.log.Error("web page", "path", r.URL.Path, "err", err)
	}
	tr := h.tr(r)
	p := h.page(r, "", tr.T("Problem"), map[string]string{"Message": tr.T(msg)})
	h.pages.Render(w, code, "problem", p)
}
