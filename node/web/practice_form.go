package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

var practiceSpec = formSpec{
	prefix: "practice",
	labels: map[string]string{
		"language": "Language", "title": "Title", "summary": "Summary", "body": "Description", "visibility": "Visibility",
		"status": "Status", "problem": "Problem or hot local issue", "activities": "Activities", "results": "Results",
		"lessons_learnt": "Lessons learnt", "transfer_notes": "What to adapt when transferring", "sectors": "Sectors",
		"settings": "Settings", "mechanisms": "Key mechanisms", "sdg_goals": "SDG goals", "sdg_targets": "SDG targets",
		"equity_groups": "Groups reached", "licence": "Licence",
	},
	paths: map[string]string{"sdg.goals": "sdg_goals", "sdg.targets": "sdg_targets", "sdg": "sdg_goals", "original_language": "language"},
}

// practiceInput maps a practice's text paths (texts["sv"].title) to the
// form's inputs; the form edits one language at a time.
func practiceInput(path string) string {
	path = strings.TrimPrefix(path, "practice.")
	if !strings.HasPrefix(path, "texts") {
		return practiceSpec.input(path)
	}
	for _, f := range []string{"title", "summary", "body"} {
		if strings.HasSuffix(path, "]."+f) {
			return f
		}
	}
	if path == "texts" {
		return "title"
	}
	return "language"
}

var practiceMask = []string{"texts", "original_language", "visibility", "status", "problem", "activities", "results",
	"lessons_learnt", "transfer_notes", "sectors", "settings", "mechanisms", "sdg", "equity_groups", "licence"}

type practiceFormData struct {
	Form                          *webui.Form
	ID                            string
	Version                       int64
	Visibilities, Statuses        []webui.Option
	Sectors, Settings, Mechanisms []webui.Option
	// History is the record's, on the edit page.
	History *history
}

func (h *Handler) practiceForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f := webui.NewForm(url.Values{"language": {"en"}, "visibility": {"network"}, "status": {"ongoing"}, "licence": {"CC-BY-4.0"}})
	var version int64
	if id != "" {
		ctx, cancel := h.call(r)
		defer cancel()
		res, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		f = webui.NewForm(practiceValues(res.GetPractice()))
		version = res.GetPractice().GetVersion()
	}
	h.renderPracticeForm(w, r, http.StatusOK, f, id, version)
}

func (h *Handler) renderPracticeForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	d := practiceFormData{
		Form: f, ID: id, Version: version,
		Visibilities: webui.EnumOptions(hcnetv1.Visibility(0).Descriptor()),
		Statuses:     webui.EnumOptions(hcnetv1.PracticeStatus(0).Descriptor()),
		Sectors:      webui.EnumOptions(hcnetv1.Sector(0).Descriptor()),
		Settings:     webui.EnumOptions(hcnetv1.Setting(0).Descriptor()),
		Mechanisms:   webui.EnumOptions(hcnetv1.Mechanism(0).Descriptor()),
	}
	title := "New good practice"
	if id != "" {
		title = "Edit good practice"
		hist := h.history(r, record.KindPractice, id)
		d.History = &hist
	}
	h.pages.Render(w, code, "practice_form", h.page(r, "/practices", title, d))
}

func (h *Handler) savePractice(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f := webui.NewForm(r.PostForm)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	ctx, cancel := h.call(r)
	defer cancel()
	p := &hcnetv1.Practice{Id: id, Version: version, Texts: map[string]*hcnetv1.PracticeText{}}
	if id != "" {
		// The form edits one language; the others stay as they are.
		cur, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for lang, t := range cur.GetPractice().GetTexts() {
			p.Texts[lang] = t
		}
	}
	lang := strings.TrimSpace(f.Get("language"))
	p.OriginalLanguage = lang
	p.Texts[lang] = &hcnetv1.PracticeText{
		Title:   strings.TrimSpace(f.Get("title")),
		Summary: strings.TrimSpace(f.Get("summary")),
		Body:    strings.TrimSpace(f.Get("body")),
	}
	p.Problem = strings.TrimSpace(f.Get("problem"))
	p.Activities = strings.TrimSpace(f.Get("activities"))
	p.Results = strings.TrimSpace(f.Get("results"))
	p.LessonsLearnt = strings.TrimSpace(f.Get("lessons_learnt"))
	p.TransferNotes = strings.TrimSpace(f.Get("transfer_notes"))
	p.Licence = strings.TrimSpace(f.Get("licence"))
	p.EquityGroups = webui.Lines(f.Get("equity_groups"))
	p.Visibility = enumField[hcnetv1.Visibility](f, "visibility", practiceSpec)
	p.Status = enumField[hcnetv1.PracticeStatus](f, "status", practiceSpec)
	p.Sectors = enumsField[hcnetv1.Sector](f, "sectors", practiceSpec)
	p.Settings = enumsField[hcnetv1.Setting](f, "settings", practiceSpec)
	p.Mechanisms = enumsField[hcnetv1.Mechanism](f, "mechanisms", practiceSpec)
	p.Sdg = sdgField(f, practiceSpec)
	if !f.HasErrors() {
		var err error
		if id == "" {
			_, err = h.city.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p})
		} else {
			_, err = h.city.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: practiceMask}})
		}
		if err == nil {
			h.sessions.SetFlash(h.sessions.Get(r), "Practice “"+p.Texts[lang].GetTitle()+"” saved.")
			http.Redirect(w, r, "/practices", http.StatusSeeOther)
			return
		}
		if !practiceRefused(f, err) {
			h.fail(w, r, err)
			return
		}
	}
	h.renderPracticeForm(w, r, formStatus, f, id, version)
}

// practiceRefused is formSpec.refused with the text paths mapped.
func practiceRefused(f *webui.Form, err error) bool {
	vs, _, ok := webui.Violations(err)
	if !ok || len(vs) == 0 {
		return practiceSpec.refused(f, err)
	}
	for _, v := range vs {
		if in := practiceInput(v.GetField()); in != "" {
			f.Add(in, practiceSpec.labels[in], v.GetDescription())
		} else {
			f.Add("", "", v.GetField()+": "+v.GetDescription())
		}
	}
	return true
}

func practiceValues(p *hcnetv1.Practice) url.Values {
	lang := p.GetOriginalLanguage()
	t := p.GetTexts()[lang]
	v := url.Values{
		"language": {lang}, "title": {t.GetTitle()}, "summary": {t.GetSummary()}, "body": {t.GetBody()},
		"visibility": {record.ShortName(p.GetVisibility())}, "status": {record.ShortName(p.GetStatus())},
		"problem": {p.GetProblem()}, "activities": {p.GetActivities()}, "results": {p.GetResults()},
		"lessons_learnt": {p.GetLessonsLearnt()}, "transfer_notes": {p.GetTransferNotes()}, "licence": {p.GetLicence()},
		"equity_groups": {strings.Join(p.GetEquityGroups(), "\n")},
		"sectors":       record.ShortNamesOf(p.GetSectors()), "settings": record.ShortNamesOf(p.GetSettings()),
		"mechanisms": record.ShortNamesOf(p.GetMechanisms()),
	}
	sdgValues(v, p.GetSdg())
	return v
}
