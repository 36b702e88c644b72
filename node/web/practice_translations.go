package web

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// A practice's translations: its title, summary and description in a
// language other than the one it was first written in. Each is added,
// edited and removed on its own form, and saved as a new version of the
// practice carrying all of its texts (the "texts" field), at the version
// the form was opened on, so a translation never overwrites a change
// made meanwhile.

// translationNoun is the catalogues' id of the word "translation",
// which cannot be its own id: go-i18n reads a key named translation as
// part of one message, as it does description.
const translationNoun = "Noun.translation"

type translationFormData struct {
	Form *webui.Form
	// ID is the practice's; Lang the language edited, "" for a new one.
	ID, Lang, Practice string
	Version            int64
	// Have are the languages the practice has already; Choices those a
	// new translation may be written in.
	Have    []string
	Choices []webui.Option
}

func (h *Handler) translationForm(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	h.openForm(w, r, formKind{
		load: func(ctx context.Context, id string) (url.Values, int64, error) {
			p, err := h.practiceWithText(ctx, id, lang)
			if err != nil {
				return nil, 0, err
			}
			if lang == "" {
				return url.Values{}, p.GetVersion(), nil
			}
			t := p.GetTexts()[lang]
			return url.Values{"language": {lang}, "title": {t.GetTitle()}, "summary": {t.GetSummary()}, "body": {t.GetBody()}}, p.GetVersion(), nil
		},
		render: h.renderTranslationForm,
	})
}

func (h *Handler) renderTranslationForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := res.GetPractice()
	tr := h.tr(r)
	d := translationFormData{Form: f, ID: id, Lang: r.PathValue("lang"), Practice: practiceTitle(p), Version: version}
	have := sortedLanguages(p)
	for _, l := range have {
		d.Have = append(d.Have, languageIn(tr, l))
	}
	d.Choices = languageChoices(append(have, p.GetOriginalLanguage())...)
	relabel(tr, f, practiceSpec, nil)
	title := tr.T("New translation")
	if d.Lang != "" {
		title = tr.T("Edit the {{.Language}} text", "Language", languageIn(tr, d.Lang))
	}
	h.pages.Render(w, code, "translation_form", h.page(r, "/practices", title, d))
}

func (h *Handler) saveTranslation(w http.ResponseWriter, r *http.Request) {
	id, lang := r.PathValue("id"), r.PathValue("lang")
	f := webui.NewForm(r.PostForm)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	ctx, cancel := h.call(r)
	defer cancel()
	cur, err := h.practiceWithText(ctx, id, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	texts := maps.Clone(cur.GetTexts())
	tr := h.tr(r)
	if lang == "" {
		lang = strings.TrimSpace(f.Get("language"))
		switch _, have := texts[lang]; {
		case lang == "":
			f.Add("language", tr.T("Language"), tr.T("is required: choose the language of the translation"))
		case have:
			f.Add("language", tr.T("Language"), tr.T("the practice has a {{.Language}} text already: edit that one instead", "Language", languageIn(tr, lang)))
		}
	}
	if !f.HasErrors() {
		if texts == nil {
			texts = map[string]*hcnetv1.PracticeText{}
		}
		texts[lang] = &hcnetv1.PracticeText{
			Title:   strings.TrimSpace(f.Get("title")),
			Summary: strings.TrimSpace(f.Get("summary")),
			Body:    strings.TrimSpace(f.Get("body")),
		}
		err = h.setTexts(ctx, cur, version, texts)
		if err == nil {
			h.sessions.SetFlash(h.sessions.Get(r), tr.T("The {{.Language}} text of “{{.Title}}” was saved.", "Language", languageIn(tr, lang), "Title", practiceTitle(cur)))
			http.Redirect(w, r, "/practices/"+id+"#texts", http.StatusSeeOther)
			return
		}
		if !practiceRefused(tr, f, err) {
			h.fail(w, r, err)
			return
		}
	}
	h.renderTranslationForm(w, r, formStatus, f, id, version)
}

// practiceWithText reads the practice id; with lang given, it must have
// a text in that language, or the answer is NotFound.
func (h *Handler) practiceWithText(ctx context.Context, id, lang string) (*hcnetv1.Practice, error) {
	res, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
	if err != nil {
		return nil, err
	}
	if _, ok := res.GetPractice().GetTexts()[lang]; lang != "" && !ok {
		return nil, status.Errorf(codes.NotFound, "practice %s has no text in %q", id, lang)
	}
	return res.GetPractice(), nil
}

// setTexts saves the practice's texts at the version read.
func (h *Handler) setTexts(ctx context.Context, cur *hcnetv1.Practice, version int64, texts map[string]*hcnetv1.PracticeText) error {
	_, err := h.city.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{
		Practice:   &hcnetv1.Practice{Id: cur.GetId(), Version: version, Texts: texts},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"texts"}},
	})
	return err
}

// confirmRemoveTranslation asks before a translation is removed.
func (h *Handler) confirmRemoveTranslation(w http.ResponseWriter, r *http.Request) {
	h.renderRemoveTranslation(w, r, http.StatusOK, "")
}

func (h *Handler) renderRemoveTranslation(w http.ResponseWriter, r *http.Request, code int, problem string) {
	id, lang := r.PathValue("id"), r.PathValue("lang")
	ctx, cancel := h.call(r)
	defer cancel()
	p, err := h.practiceWithText(ctx, id, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	d := deleteData{
		Noun: tr.Term(translationNoun, "translation"), Title: languageIn(tr, lang), Version: p.GetVersion(), Problem: problem,
		Action: "/practices/" + id + "/translations/" + lang + "/remove", Cancel: "/practices/" + id,
		Gone: tr.T("The practice keeps its other texts; where it is shared, its next version goes without this one."),
	}
	if p.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PRIVATE {
		d.Gone = tr.T("The practice keeps its other texts; it is private and never left this node.")
	}
	if lang == p.GetOriginalLanguage() {
		// The original stays: the practice's own form edits it.
		msg := tr.T("The {{.Language}} text is the one the practice was first written in: it stays as long as the practice does. Edit it with the practice, or delete the practice.", "Language", languageIn(tr, lang))
		h.pages.Render(w, http.StatusConflict, "problem", h.page(r, "/practices", tr.T("The original text stays"), map[string]string{"Message": msg}))
		return
	}
	h.pages.Render(w, code, "delete", h.page(r, "/practices", tr.T("Remove the {{.Language}} text of “{{.Title}}”", "Language", languageIn(tr, lang), "Title", practiceTitle(p)), d))
}

// removeTranslation removes a translation at the version the
// confirmation showed; never the original text.
func (h *Handler) removeTranslation(w http.ResponseWriter, r *http.Request) {
	id, lang := r.PathValue("id"), r.PathValue("lang")
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cur := res.GetPractice()
	tr := h.tr(r)
	if _, have := cur.GetTexts()[lang]; !have || lang == cur.GetOriginalLanguage() {
		h.renderRemoveTranslation(w, r, http.StatusConflict, "")
		return
	}
	texts := maps.Clone(cur.GetTexts())
	delete(texts, lang)
	switch err := h.setTexts(ctx, cur, version, texts); status.Code(err) {
	case codes.OK:
		h.sessions.SetFlash(h.sessions.Get(r), tr.T("The {{.Language}} text of “{{.Title}}” was removed.", "Language", languageIn(tr, lang), "Title", practiceTitle(cur)))
		http.Redirect(w, r, "/practices/"+id+"#texts", http.StatusSeeOther)
	case codes.Aborted:
		h.renderRemoveTranslation(w, r, http.StatusConflict, tr.T("Nothing was removed: someone changed this practice since you opened this page. Check it below, then confirm again."))
	default:
		h.fail(w, r, err)
	}
}
