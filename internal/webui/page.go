package webui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
)

//go:embed assets
var assets embed.FS

// Static serves the embedded stylesheet under /static/.
func Static() http.Handler {
	sub, _ := fs.Sub(assets, "assets")
	files := http.FileServer(http.FS(sub))
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, ".css") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
}

// Alternate is a <link rel="alternate">, such as a feed.
type Alternate struct{ Type, Label, Href string }

// Page is what the layout needs; Data is the page's own.
type Page struct {
	Site, Title string
	Nav         []NavItem
	Alternates  []Alternate
	SignedIn    bool
	CSRF        string
	Notice      string
	Footer      string
	Data        any
	// Who is the signed-in account's name and Role its role, shown in
	// the header; Who is empty for the admin token.
	Who, Role string
	// Tagline is a smaller line under the site's name saying what the
	// site is, when the name alone (a city's) does not.
	Tagline string
	// CanEdit says the signed-in person may change records: pages offer
	// forms, add and edit links only then. The server refuses a change
	// without it whatever the page showed; this only spares people the
	// buttons they cannot use.
	CanEdit bool
	// Lang is the page's language (i18n.Choose), Here its own address,
	// where the language switcher comes back to.
	Lang, Here string
	// SignIn, for a visitor, is the address of the sign-in page, shown
	// in the header's corner where the signed-in see who they are.
	SignIn string
}

// Renderer renders pages: the shared layout around one page template,
// in the page's language.
type Renderer struct {
	// pages are each page's template by language, then by name: every
	// language has its own copy whose t, tn, ts, day, date, num and pct
	// speak it.
	pages map[string]map[string]*template.Template
	log   *slog.Logger
}

// Funcs are the helpers every template may use.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"words": Words,
		"ts":    timestamp(english),
		"day":   english.Date,
		"date":  english.DateOf,
		// The language's functions; the English ones stand in while
		// parsing, and each language's copy of a page gets its own.
		"t":          english.T,
		"tn":         english.N,
		"num":        english.Number,
		"pct":        english.Percent,
		"qty":        english.Quantity,
		"languages":  func() []LanguageLink { return languageLinks(i18n.English) },
		"switchHref": SwitchHref,
		"short":      vocabularyFuncs(english)["short"],
		"term":       english.Term,
		"sdg":        vocabularyFuncs(english)["sdg"],
		"join":       strings.Join,
		"field":      func(f *Form, name string) FieldRef { return FieldRef{Form: f, Name: name} },
		"dict":       dict,
		"describedby": func(m map[string]any) string {
			name, _ := m["Name"].(string)
			var ids []string
			if h, _ := m["Hint"].(string); h != "" {
				ids = append(ids, name+"-hint")
			}
			if f, _ := m["F"].(*Form); f != nil && f.Invalid(name) {
				ids = append(ids, name+"-error")
			}
			return strings.Join(ids, " ")
		},
	}
}

// english is the translator the templates are parsed with.
var english = func() *i18n.Translator {
	c, err := i18n.Shared()
	if err != nil {
		// The catalogue is part of the binary; every test loads it.
		panic(err)
	}
	return c.In(i18n.English)
}()

// languageFuncs are the functions that speak a language.
func languageFuncs(tr *i18n.Translator) template.FuncMap {
	m := template.FuncMap{
		"t": tr.T, "tn": tr.N, "num": tr.Number, "pct": tr.Percent, "qty": tr.Quantity, "day": tr.Date, "date": tr.DateOf, "ts": timestamp(tr),
		"languages": func() []LanguageLink { return languageLinks(tr.Lang()) },
	}
	for k, f := range vocabularyFuncs(tr) {
		m[k] = f
	}
	return m
}

// timestamp writes a protobuf time in a language, empty when unset.
func timestamp(tr *i18n.Translator) func(*timestamppb.Timestamp) string {
	return func(t *timestamppb.Timestamp) string {
		if t == nil || (t.GetSeconds() == 0 && t.GetNanos() == 0) {
			return ""
		}
		return tr.Time(t.AsTime())
	}
}

// dict builds a map from key, value pairs so a template can pass several
// arguments to another.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// Option is one choice of a select or a group of checkboxes. Term, when
// set, is the vocabulary's id for it: the page shows it in the reader's
// language, Label being its English.
type Option struct{ Value, Label, Term string }

// EnumOptions lists an enum's values (but unspecified) as choices, in the
// vocabulary's order, labelled in words.
func EnumOptions(ed protoreflect.EnumDescriptor) []Option {
	var out []Option
	for _, n := range record.ShortNames(ed) {
		out = append(out, Option{Value: n, Label: Words(n), Term: TermID(ed, n)})
	}
	return out
}

// Words turns a short name into words: "urban_planning" → "urban planning".
func Words(s string) string { return strings.ReplaceAll(s, "_", " ") }

// NewRenderer parses the layout with the package's templates: files under
// partials/ are shared by every page, each file under pages/ is a page
// defining "main", named after its file without ".html".
func NewRenderer(fsys fs.FS, funcs template.FuncMap, log *slog.Logger) (*Renderer, error) {
	base := template.New("").Funcs(Funcs())
	if funcs != nil {
		base = base.Funcs(funcs)
	}
	base, err := base.ParseFS(assets, "assets/*.html")
	if err != nil {
		return nil, err
	}
	if partials, _ := fs.Glob(fsys, "partials/*.html"); len(partials) > 0 {
		if base, err = base.ParseFS(fsys, partials...); err != nil {
			return nil, err
		}
	}
	files, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, err
	}
	cat, err := i18n.Shared()
	if err != nil {
		return nil, err
	}
	r := &Renderer{pages: map[string]map[string]*template.Template{}, log: log}
	for _, l := range i18n.Languages {
		r.pages[l.Code] = map[string]*template.Template{}
	}
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(fsys, f)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(path.Base(f), ".html")
		for _, l := range i18n.Languages {
			c, err := t.Clone()
			if err != nil {
				return nil, err
			}
			r.pages[l.Code][name] = c.Funcs(languageFuncs(cat.In(l.Code)))
		}
	}
	return r, nil
}

// Render writes a page with the status, or a plain 500 when the template
// fails: rendering into a buffer first never sends half a page.
func (r *Renderer) Render(w http.ResponseWriter, status int, name string, p Page) {
	if !i18n.Known(p.Lang) {
		p.Lang = i18n.English
	}
	t := r.pages[p.Lang][name]
	if t == nil {
		r.log.Error("no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		r.log.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// Has reports whether the page template exists (for tests).
func (r *Renderer) Has(name string) bool { return r.pages[i18n.English][name] != nil }

// Errorf is a plain-text error page for the rare case there is no page.
func Errorf(w http.ResponseWriter, status int, format string, args ...any) {
	http.Error(w, fmt.Sprintf(format, args...), status)
}
