package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The translations of the kinds that keep their free text in an
// original language plus translations (partnerships, plans with their
// goals, indicators, successes, the city profile). One set of pages
// serves them all: the registry says which fields a kind translates,
// the table below only how to read and save a record of each kind. A
// translation is saved as a new version of the record carrying its
// original language and all its translations, at the version the form
// was opened on, so a stale form never overwrites a change made since.

// textsKind is how the translation pages reach the records of one kind.
type textsKind struct {
	kind record.Kind
	// page is the record's page, where its "Texts by language" section
	// is; "{id}" in it stands for the record's id.
	page string
	// list is the navigation entry the pages sit under.
	list string
	get  func(ctx context.Context, c hcnetv1.CityServiceClient, id string) (proto.Message, error)
	// update saves m's original language and translations at m's
	// version.
	update func(ctx context.Context, c hcnetv1.CityServiceClient, m proto.Message, mask *fieldmaskpb.FieldMask) error
}

var textsKinds = []textsKind{
	{kind: record.KindPartnership, page: "/partnerships/{id}", list: "/",
		get: func(ctx context.Context, c hcnetv1.CityServiceClient, id string) (proto.Message, error) {
			res, err := c.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
			return res.GetPartnership(), err
		},
		update: func(ctx context.Context, c hcnetv1.CityServiceClient, m proto.Message, mask *fieldmaskpb.FieldMask) error {
			_, err := c.UpdatePartnership(ctx, &hcnetv1.UpdatePartnershipRequest{Partnership: m.(*hcnetv1.Partnership), UpdateMask: mask})
			return err
		}},
	{kind: record.KindHealthPlan, page: "/plans/{id}", list: "/plans",
		get: func(ctx context.Context, c hcnetv1.CityServiceClient, id string) (proto.Message, error) {
			res, err := c.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: id})
			return res.GetHealthPlan(), err
		},
		update: func(ctx context.Context, c hcnetv1.CityServiceClient, m proto.Message, mask *fieldmaskpb.FieldMask) error {
			_, err := c.UpdateHealthPlan(ctx, &hcnetv1.UpdateHealthPlanRequest{HealthPlan: m.(*hcnetv1.HealthPlan), UpdateMask: mask})
			return err
		}},
	{kind: record.KindIndicator, page: "/indicators/{id}", list: "/indicators",
		get: func(ctx context.Context, c hcnetv1.CityServiceClient, id string) (proto.Message, error) {
			res, err := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
			return res.GetIndicator(), err
		},
		update: func(ctx context.Context, c hcnetv1.CityServiceClient, m proto.Message, mask *fieldmaskpb.FieldMask) error {
			_, err := c.UpdateIndicator(ctx, &hcnetv1.UpdateIndicatorRequest{Indicator: m.(*hcnetv1.Indicator), UpdateMask: mask})
			return err
		}},
	{kind: record.KindSuccess, page: "/successes/{id}", list: "/successes",
		get: func(ctx context.Context, c hcnetv1.CityServiceClient, id string) (proto.Message, error) {
			res, err := c.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id})
			return res.GetSuccess(), err
		},
		update: func(ctx context.Context, c hcnetv1.CityServiceClient, m proto.Message, mask *fieldmaskpb.FieldMask) error {
			_, err := c.UpdateSuccess(ctx, &hcnetv1.UpdateSuccessRequest{Success: m.(*hcnetv1.Success), UpdateMask: mask})
			return err
		}},
	// The city profile is one record with no id in its address.
	{kind: record.KindCity, page: "/city", list: "/city",
		get: func(ctx context.Context, c hcnetv1.CityServiceClient, _ string) (proto.Message, error) {
			res, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
			return res.GetCity(), err
		},
		update: func(ctx context.Context, c hcnetv1.CityServiceClient, m proto.Message, mask *fieldmaskpb.FieldMask) error {
			_, err := c.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{City: m.(*hcnetv1.City), UpdateMask: mask})
			return err
		}},
}

// textsMask is what a translation changes of a record, and nothing else.
var textsMask = &fieldmaskpb.FieldMask{Paths: []string{"original_language", "translations"}}

// textsRoutes registers each kind's translation pages: editors and
// admins only, as every other change.
func (h *Handler) textsRoutes(m *http.ServeMux) {
	for _, k := range textsKinds {
		base := k.page + "/translations/"
		m.HandleFunc("GET "+base+"new", h.edit(h.recordTranslationForm(k)))
		m.HandleFunc("POST "+base+"new", h.auth(h.saveRecordTranslation(k)))
		m.HandleFunc("GET "+base+"{lang}/edit", h.edit(h.recordTranslationForm(k)))
		m.HandleFunc("POST "+base+"{lang}/edit", h.auth(h.saveRecordTranslation(k)))
		m.HandleFunc("GET "+base+"{lang}/remove", h.edit(h.confirmRemoveRecordTranslation(k)))
		m.HandleFunc("POST "+base+"{lang}/remove", h.auth(h.removeRecordTranslation(k)))
	}
}

// load reads the record id; with lang given, it must have a text in
// that language, or the answer is NotFound.
func (k textsKind) load(ctx context.Context, c hcnetv1.CityServiceClient, id, lang string) (proto.Message, error) {
	m, err := k.get(ctx, c, id)
	if err != nil || lang == "" {
		return m, err
	}
	if _, ok := record.Lookup(k.kind).Translations(m)[lang]; !ok {
		return nil, status.Errorf(codes.NotFound, "%s %s has no text in %q", k.kind, id, lang)
	}
	return m, nil
}

// atVersion is a copy of m to save at version, the one the page was
// opened at, so that a change made since is refused, not overwritten.
func atVersion(m proto.Message, version int64) proto.Message {
	upd := proto.Clone(m)
	meta := record.GetMeta(upd)
	meta.Version = version
	record.SetMeta(upd, meta)
	return upd
}

// pageOf is the record's page.
func (k textsKind) pageOf(id string) string { return strings.Replace(k.page, "{id}", id, 1) }

// textInput is the form's name of a text field's input.
func textInput(key string) string { return "text." + key }

// textsFormData is the translation form's.
type textsFormData struct {
	Form *webui.Form
	// Action is where the form posts; Back the record's page.
	Action, Back, Record string
	Version              int64
	// Lang is the language edited, "" for a new translation; AskOriginal
	// says the record does not yet say what language it was written in.
	Lang        string
	AskOriginal bool
	Have        []string
	Fields      []textInputField
	// Choices are the languages the form offers for the original and
	// for a new translation: the network's, less those the record has a
	// text in.
	Choices []webui.Option
}

// textInputField is one translatable field on the form, with its
// original text as the hint.
type textInputField struct {
	Name, Label, Original string
	Long                  bool
}

// recordTitle is what a person calls the record, in its original text.
func recordTitle(m proto.Message) string {
	if t := record.Lookup(kindOf(m)).Text(m, "").Title; t != "" {
		return t
	}
	return record.GetMeta(m).ID
}

func kindOf(m proto.Message) record.Kind {
	in, err := record.Of(m)
	if err != nil {
		return ""
	}
	return in.Kind
}

func (h *Handler) recordTranslationForm(k textsKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, lang := r.PathValue("id"), r.PathValue("lang")
		ctx, cancel := h.call(r)
		defer cancel()
		m, err := k.load(ctx, h.city, id, lang)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		v := url.Values{}
		if lang != "" {
			for key, text := range record.Lookup(k.kind).Translations(m)[lang].GetFields() {
				v.Set(textInput(key), text)
			}
		}
		h.renderRecordTranslation(w, r, k, m, http.StatusOK, webui.NewForm(v), record.GetMeta(m).Version)
	}
}

func (h *Handler) renderRecordTranslation(w http.ResponseWriter, r *http.Request, k textsKind, m proto.Message, code int, f *webui.Form, version int64) {
	tr := h.tr(r)
	info := record.Lookup(k.kind)
	id, lang := r.PathValue("id"), r.PathValue("lang")
	base := k.pageOf(id) + "/translations/"
	d := textsFormData{Form: f, Back: k.pageOf(id), Record: recordTitle(m), Version: version, Lang: lang,
		AskOriginal: info.OriginalLanguage(m) == "", Action: base + "new"}
	if lang != "" {
		d.Action = base + lang + "/edit"
	}
	taken := recordLanguages(info, m)
	for _, l := range taken {
		d.Have = append(d.Have, languageIn(tr, l))
	}
	d.Choices = languageChoices(taken...)
	for _, tf := range info.TextFields(m) {
		d.Fields = append(d.Fields, textInputField{Name: textInput(tf.Key), Label: textLabel(tr, tf), Original: tf.Text, Long: tf.Max > 300})
	}
	title := tr.T("New translation")
	if lang != "" {
		title = tr.T("Edit the {{.Language}} text", "Language", languageIn(tr, lang))
	}
	h.pages.Render(w, code, "record_translation_form", h.page(r, k.list, title, d))
}

// textLabels are the labels the records' own forms give their
// translatable fields, so a translation's form speaks of them alike.
var textLabels = map[string]string{
	"title": "Title", "name": "Name", "description": "Description", "outcome": "Outcome",
	"hot_local_issue": "Hot local issue", "participatory_platform": "Participatory platform",
}

// textLabel names a translatable field in tr's language, with the part
// of the record it belongs to ("Title — goal “Fewer falls”").
func textLabel(tr *i18n.Translator, tf record.TextField) string {
	english, ok := textLabels[tf.Field]
	if !ok {
		english = webui.Words(tf.Field)
	}
	label := formLabel(tr, english)
	if tf.Part != "" {
		return tr.T("{{.Field}} of “{{.Part}}”", "Field", label, "Part", tf.Part)
	}
	return label
}

// recordLanguages are the languages m has text in, the original first.
func recordLanguages(info *record.Info, m proto.Message) []string {
	var out []string
	orig := info.OriginalLanguage(m)
	if orig != "" {
		out = append(out, orig)
	}
	for _, l := range sortedKeysOf(info.Translations(m)) {
		if l != orig {
			out = append(out, l)
		}
	}
	return out
}

// checkLanguage says what is wrong with a language tag chosen on a
// form, "" when nothing is; required is what to say when none was.
func checkLanguage(tr *i18n.Translator, tag, required string) string {
	if tag == "" {
		return required
	}
	if _, err := language.Parse(tag); err != nil || len(tag) > 35 {
		return tr.T("“{{.Tag}}” is not a language tag such as sv or fi", "Tag", tag)
	}
	return ""
}

func (h *Handler) saveRecordTranslation(k textsKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, lang := r.PathValue("id"), r.PathValue("lang")
		f := webui.NewForm(r.PostForm)
		version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
		ctx, cancel := h.call(r)
		defer cancel()
		cur, err := k.load(ctx, h.city, id, lang)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		info := record.Lookup(k.kind)
		tr := h.tr(r)
		orig := info.OriginalLanguage(cur)
		have := info.Translations(cur)
		if orig == "" {
			orig = strings.TrimSpace(f.Get("original_language"))
			if p := checkLanguage(tr, orig, tr.T("is required: choose the language the record was first written in")); p != "" {
				f.Add("original_language", tr.T("Original language"), p)
			}
		}
		if lang == "" {
			lang = strings.TrimSpace(f.Get("language"))
			_, exists := have[lang]
			switch p := checkLanguage(tr, lang, tr.T("is required: choose the language of the translation")); {
			case p != "":
				f.Add("language", tr.T("Language"), p)
			case lang == orig:
				f.Add("language", tr.T("Language"), tr.T("is the language the record was first written in: its text is the record's own"))
			case exists:
				f.Add("language", tr.T("Language"), tr.T("the record has a {{.Language}} text already: edit that one instead", "Language", languageIn(tr, lang)))
			}
		}
		fields := map[string]string{}
		tfs := info.TextFields(cur)
		for _, tf := range tfs {
			if v := strings.TrimSpace(f.Get(textInput(tf.Key))); v != "" {
				fields[tf.Key] = v
				if n := len([]rune(v)); n > tf.Max {
					f.Add(textInput(tf.Key), textLabel(tr, tf), tr.T("is {{.Length}} characters long; at most {{.Max}} are allowed", "Length", n, "Max", tf.Max))
				}
			}
		}
		if len(fields) == 0 && len(tfs) > 0 {
			f.Add(textInput(tfs[0].Key), textLabel(tr, tfs[0]), tr.T("is empty, as is every other text: write at least one of them in the translation"))
		}
		if !f.HasErrors() {
			upd := atVersion(cur, version)
			info.SetTranslation(upd, orig, lang, fields)
			err := k.update(ctx, h.city, upd, textsMask)
			switch status.Code(err) {
			case codes.OK:
				h.sessions.SetFlash(h.sessions.Get(r), tr.T("The {{.Language}} text of “{{.Title}}” was saved.", "Language", languageIn(tr, lang), "Title", recordTitle(cur)))
				http.Redirect(w, r, k.pageOf(id)+"#texts", http.StatusSeeOther)
				return
			case codes.Aborted:
				f.Add("", "", tr.T("Nothing was saved: someone changed this record since you opened the form. Reload the form to see the record as it is now."))
			default:
				vs, _, ok := webui.Refusals(err)
				if !ok {
					h.fail(w, r, err)
					return
				}
				for _, v := range vs {
					// A text's violation goes next to its input
					// (…translations["sv"].fields["title"]).
					in, label := "", ""
					for _, tf := range tfs {
						if strings.HasSuffix(v.Field, fmt.Sprintf("fields[%q]", tf.Key)) {
							in, label = textInput(tf.Key), textLabel(tr, tf)
						}
					}
					if in == "" {
						f.Add("", "", v.Field+": "+webui.Said(tr, v, nil))
						continue
					}
					f.Add(in, label, webui.Said(tr, v, nil))
				}
			}
		}
		h.renderRecordTranslation(w, r, k, cur, formStatus, f, version)
	}
}

// sortedKeysOf are a map's keys in order.
func sortedKeysOf[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

func (h *Handler) confirmRemoveRecordTranslation(k textsKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.renderRemoveRecordTranslation(w, r, k, http.StatusOK, "")
	}
}

func (h *Handler) renderRemoveRecordTranslation(w http.ResponseWriter, r *http.Request, k textsKind, code int, problem string) {
	id, lang := r.PathValue("id"), r.PathValue("lang")
	ctx, cancel := h.call(r)
	defer cancel()
	m, err := k.load(ctx, h.city, id, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	meta := record.GetMeta(m)
	d := deleteData{
		Noun: tr.Term(translationNoun, "translation"), Title: languageIn(tr, lang), Version: meta.Version, Problem: problem,
		Action: k.pageOf(id) + "/translations/" + lang + "/remove", Cancel: k.pageOf(id),
		Gone: tr.T("The record keeps its other texts; where it is shared, its next version goes without this one."),
	}
	if meta.Visibility == hcnetv1.Visibility_VISIBILITY_PRIVATE {
		d.Gone = tr.T("The record keeps its other texts; it is private and never left this node.")
	}
	h.pages.Render(w, code, "delete", h.page(r, k.list, tr.T("Remove the {{.Language}} text of “{{.Title}}”", "Language", languageIn(tr, lang), "Title", recordTitle(m)), d))
}

// removeRecordTranslation removes a translation at the version the
// confirmation showed.
func (h *Handler) removeRecordTranslation(k textsKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, lang := r.PathValue("id"), r.PathValue("lang")
		version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
		ctx, cancel := h.call(r)
		defer cancel()
		cur, err := k.load(ctx, h.city, id, lang)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		tr := h.tr(r)
		upd := atVersion(cur, version)
		// No field at all removes the translation.
		record.Lookup(k.kind).SetTranslation(upd, "", lang, nil)
		switch err := k.update(ctx, h.city, upd, textsMask); status.Code(err) {
		case codes.OK:
			h.sessions.SetFlash(h.sessions.Get(r), tr.T("The {{.Language}} text of “{{.Title}}” was removed.", "Language", languageIn(tr, lang), "Title", recordTitle(cur)))
			http.Redirect(w, r, k.pageOf(id)+"#texts", http.StatusSeeOther)
		case codes.Aborted:
			h.renderRemoveRecordTranslation(w, r, k, http.StatusConflict, tr.T("Nothing was removed: someone changed this record since you opened this page. Check it below, then confirm again."))
		default:
			h.fail(w, r, err)
		}
	}
}
