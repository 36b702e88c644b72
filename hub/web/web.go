package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

//go:embed templates
var templates embed.FS

const callTimeout = 15 * time.Second

// FeedPath is where the Atom feed of the network's public records is
// served (feed.Atom), and what the pages link to.
const FeedPath = "/feed.atom"

// Options are the optional parts of the pages.
type Options struct {
	// Adoptions lists the practices adopted from a practice
	// (store.Store.AdoptionsOf); without it a practice page shows only
	// where it was adopted from.
	Adoptions func(ctx context.Context, country, city, id string) ([]*hcnetv1.SearchHit, error)
	// Feed serves FeedPath (feed.Atom); without it the path is 404.
	Feed http.Handler
	// Now is the clock the reporting status is judged by.
	Now func() time.Time
	Log *slog.Logger
	// Lang is the pages' language for readers whose browser asks for
	// none of the network's languages (hchub run --lang); English when
	// empty.
	Lang string
	// Accounts and Token, both set, let coordinators and readers sign in
	// (with their account, or the hub's admin token): the pages then
	// call the admin methods with Token on a signed-in person's behalf.
	// Without them the pages are the public ones only.
	Accounts *accounts.Store
	Token    string
	// Origin is where the pages are reached: it says when the session
	// cookie is Secure and which address a sign-in came from.
	Origin *webui.Origin
}

// Handler serves the pages.
type Handler struct {
	hub   hcnetv1.HubServiceClient
	opts  Options
	log   *slog.Logger
	pages *webui.Renderer
	mux   *http.ServeMux
	words *i18n.Catalogue
	// sessions are nil when nobody can sign in (Options.Accounts).
	sessions *webui.Sessions

	mu   sync.Mutex
	info *hcnetv1.GetHubResponse
}

// New serves the pages of the hub behind c.
func New(c hcnetv1.HubServiceClient, o Options) (*Handler, error) {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	sub, _ := fs.Sub(templates, "templates")
	pages, err := webui.NewRenderer(sub, funcs(), o.Log)
	if err != nil {
		return nil, err
	}
	words, err := i18n.Shared()
	if err != nil {
		return nil, err
	}
	h := &Handler{hub: c, opts: o, log: o.Log, pages: pages, mux: http.NewServeMux(), words: words}
	m := h.mux
	m.Handle("GET /static/", webui.Static())
	m.HandleFunc("GET /lang", webui.ChooseLanguage)
	m.HandleFunc("GET /{$}", h.home)
	m.HandleFunc("GET /members", h.members)
	m.HandleFunc("GET /search", h.search)
	m.HandleFunc("GET /stats", h.stats)
	m.HandleFunc("GET /partners", h.partners)
	m.HandleFunc("GET /records/{country}/{city}/{id}", h.record)
	m.HandleFunc("GET /cities/{country}/{city}", h.city)
	m.HandleFunc("GET /cities/{country}/{city}/equity", h.equityMatrix)
	m.HandleFunc("GET /gaps", h.gaps)
	m.HandleFunc("GET /report", h.report)
	m.HandleFunc("GET /report.csv", h.reportCSV)
	m.HandleFunc("GET "+comparePath, h.compare)
	m.HandleFunc("GET "+comparePath+".csv", h.compareCSV)
	if o.Feed != nil {
		m.Handle("GET "+FeedPath, o.Feed)
	}
	if o.Accounts != nil && o.Token != "" {
		h.sessions = webui.NewKeptSessions(webui.AccountKeeper{Store: o.Accounts})
		if o.Origin != nil {
			h.sessions.Secure = o.Origin.SecureCookies
		}
		h.coordinationRoutes()
	}
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	webui.Secure(h.mux).ServeHTTP(w, r)
}

func (h *Handler) call(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), callTimeout)
}

// hubInfo is the hub's name and id, asked once.
func (h *Handler) hubInfo(ctx context.Context) *hcnetv1.GetHubResponse {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.info == nil {
		if info, err := h.hub.GetHub(ctx, &hcnetv1.GetHubRequest{}); err == nil {
			h.info = info
		} else {
			return &hcnetv1.GetHubResponse{Name: "hchub"}
		}
	}
	return h.info
}

// tr speaks the request's language: the reader's choice, their
// browser's, else the hub's default.
func (h *Handler) tr(r *http.Request) *i18n.Translator {
	return h.words.In(i18n.Choose(r, h.opts.Lang))
}

func (h *Handler) page(r *http.Request, current, title string, data any) webui.Page {
	info := h.hubInfo(r.Context())
	tr := h.tr(r)
	p := webui.Page{
		Site: info.GetName(), Title: title, Data: data,
		Nav: webui.Nav(current,
			webui.NavItem{Href: "/search", Label: "Search"},
			webui.NavItem{Href: "/members", Label: "Members"},
			webui.NavItem{Href: "/partners", Label: "Partner finder"},
			webui.NavItem{Href: "/stats", Label: "Statistics", Group: "Figures"},
			webui.NavItem{Href: comparePath, Label: "Compare indicators", Group: "Figures"},
			webui.NavItem{Href: "/gaps", Label: "Equity gaps", Group: "Figures"},
			webui.NavItem{Href: "/report", Label: "Annual report", Group: "Figures"},
		),
		Alternates: []webui.Alternate{{Type: "application/atom+xml", Label: tr.T("Practices shared in {{.Hub}}", "Hub", info.GetName()), Href: FeedPath}},
		Footer:     tr.T("hcnet hub {{.ID}} · what member cities chose to share with the network.", "ID", info.GetId()),
		Lang:       tr.Lang(), Here: r.URL.RequestURI(),
	}
	h.signedInPage(r, &p, current)
	return p
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	tr := h.tr(r)
	code, msg := http.StatusInternalServerError, tr.T("Something went wrong; the hub's log has the details.")
	switch status.Code(err) {
	case codes.NotFound:
		code, msg = http.StatusNotFound, tr.T("The hub holds no such record. It may have been withdrawn by its city.")
	case codes.InvalidArgument:
		// The hub's own words, as hcctl shows them.
		code, msg = http.StatusBadRequest, status.Convert(err).Message()
	case codes.ResourceExhausted:
		code, msg = http.StatusTooManyRequests, tr.T("The hub is busy with many requests. Try again in a few seconds.")
	case codes.Unavailable, codes.DeadlineExceeded:
		code, msg = http.StatusServiceUnavailable, tr.T("The hub is not answering. Try again in a moment.")
	}
	if code == http.StatusInternalServerError {
		h.log.Error("web page", "path", r.URL.Path, "err", err)
	}
	h.pages.Render(w, code, "problem", h.page(r, "", tr.T("Problem"), map[string]string{"Message": msg}))
}
