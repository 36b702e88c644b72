package web

import (
	"bytes"
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/webui"
)

// The spreadsheet pages: every list downloads as the CSV hcctl export
// writes, and a CSV uploads in two steps. The first checks the whole
// file, on the page and on the node (which writes nothing), and lists
// every problem of every row with its line and column; the file is held
// for the session. The second, the officer's confirmation, saves the
// held file in one transaction under its import key, so that a second
// confirmation saves nothing again.

type spreadsheetsData struct {
	Sheets []*sheetKind
	// RoundTrip is the sentence naming hcctl's commands, in pieces so
	// that the commands are set as code wherever a language puts them.
	RoundTrip []textPiece
}

// textPiece is part of a translated sentence; Code marks a command.
type textPiece struct {
	Text string
	Code bool
}

// withCode translates a message whose placeholders name commands and
// cuts it at them, so the page can set each command as code wherever a
// language puts it. commands are placeholder, command pairs; the
// placeholders become markers no translation contains.
func withCode(tr *i18n.Translator, id string, commands ...string) []textPiece {
	var kv []any
	for i := 0; i+1 < len(commands); i += 2 {
		kv = append(kv, commands[i], "\x00"+strconv.Itoa(i+1)+"\x00")
	}
	var out []textPiece
	for i, part := range strings.Split(tr.T(id, kv...), "\x00") {
		if i%2 == 0 {
			if part != "" {
				out = append(out, textPiece{Text: part})
			}
			continue
		}
		if n, err := strconv.Atoi(part); err == nil && n < len(commands) {
			out = append(out, textPiece{Text: commands[n], Code: true})
		}
	}
	return out
}

type uploadData struct {
	Sheet *sheetKind
	// Form carries the problems of the upload itself (no file chosen).
	Form *webui.Form
	// File is the name of the file checked; Outcome what the check
	// found, nil before any file was sent.
	File    string
	Outcome *sheetOutcome
	// Token names the held file the confirmation saves.
	Token string
	Max   string
}

func (h *Handler) spreadsheets(w http.ResponseWriter, r *http.Request) {
	d := spreadsheetsData{RoundTrip: withCode(h.tr(r),
		"A downloaded file uploads back unchanged, into this node or another, and {{.Export}} and {{.Import}} write and read the same files.",
		"Export", "hcctl export", "Import", "hcctl import")}
	all := sheetsByName()
	for _, name := range sheetOrder {
		d.Sheets = append(d.Sheets, all[name])
	}
	h.pages.Render(w, http.StatusOK, "spreadsheets", h.page(r, "/spreadsheets", h.tr(r).T("Spreadsheets"), d))
}

// sheetOf is the sheet the request names, or nil after answering 404.
func (h *Handler) sheetOf(w http.ResponseWriter, r *http.Request, name string) *sheetKind {
	if s := sheetsByName()[name]; s != nil {
		return s
	}
	tr := h.tr(r)
	p := h.page(r, "", tr.T("Not found"), map[string]string{"Message": tr.T("There is no such spreadsheet on this node.")})
	h.pages.Render(w, http.StatusNotFound, "problem", p)
	return nil
}

// download writes a sheet as the attachment NAME.csv.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		name = ""
	}
	s := h.sheetOf(w, r, name)
	if s == nil {
		return
	}
	ctx, cancel := h.call(r)
	defer cancel()
	// Written whole before sending, so that a failure is an error page
	// rather than half a file.
	var b bytes.Buffer
	if err := s.write(ctx, h.city, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", `attachment; filename="`+s.Name+`.csv"`)
	// The partners sheet holds contacts' personal data.
	hd.Set("Cache-Control", "no-store")
	_, _ = w.Write(b.Bytes())
}

func (h *Handler) uploadForm(w http.ResponseWriter, r *http.Request) {
	s := h.sheetOf(w, r, r.PathValue("sheet"))
	if s == nil {
		return
	}
	h.renderUpload(w, r, http.StatusOK, uploadData{Sheet: s, Form: webui.NewForm(nil)})
}

func (h *Handler) renderUpload(w http.ResponseWriter, r *http.Request, code int, d uploadData) {
	d.Max = h.tr(r).T("{{.MB}} MB", "MB", maxUpload>>20)
	if d.Outcome != nil && len(d.Outcome.Problems) > 0 {
		// The problems in the officer's language: the reader's own, and
		// the node's that came with their message.
		out := *d.Outcome
		out.Problems = slices.Clone(out.Problems)
		tr := h.tr(r)
		for i, p := range out.Problems {
			if p.Message != nil {
				out.Problems[i].Text = tr.T(p.Message.ID, webui.NameKinds(tr, p.Message.Args)...)
			}
		}
		d.Outcome = &out
	}
	h.pages.Render(w, code, "upload", h.page(r, "/spreadsheets", h.tr(r).T(d.Sheet.Upload), d))
}

// limitUpload refuses a body larger than a file may be before anything
// reads it, and bounds what is read of a body that does not say its
// length.
func (h *Handler) limitUpload(next http.HandlerFunc) http.HandlerFunc {
	const slack = 64 << 10 // the form's other fields and the multipart framing
	return func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxUpload+slack {
			tr := h.tr(r)
			p := h.page(r, "", tr.T("File too large"), map[string]string{
				"Message": tr.T("The file is larger than {{.MB}} MB, the most the pages take. Nothing was saved. Split it, or import it with hcctl import, which takes any size.", "MB", maxUpload>>20),
			})
			h.pages.Render(w, http.StatusRequestEntityTooLarge, "problem", p)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload+slack)
		next(w, r)
	}
}

// checkUpload reads the file, checks it and shows every problem, or what
// saving it will do with a button to confirm.
func (h *Handler) checkUpload(w http.ResponseWriter, r *http.Request) {
	s := h.sheetOf(w, r, r.PathValue("sheet"))
	if s == nil {
		return
	}
	d := uploadData{Sheet: s, Form: webui.NewForm(nil)}
	tr := h.tr(r)
	label := tr.T("CSV file")
	file, header, err := r.FormFile("file")
	if err != nil {
		d.Form.Add("file", label, tr.T("is required: choose the CSV file to upload"))
		h.renderUpload(w, r, formStatus, d)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload+1))
	switch {
	case err != nil:
		h.fail(w, r, err)
		return
	case len(data) > maxUpload:
		d.Form.Add("file", label, tr.T("is larger than {{.MB}} MB; split it, or import it with hcctl import", "MB", maxUpload>>20))
		h.renderUpload(w, r, formStatus, d)
		return
	case len(bytes.TrimSpace(data)) == 0:
		d.Form.Add("file", label, tr.T(s.Empty))
		h.renderUpload(w, r, formStatus, d)
		return
	}
	d.File = path.Base(strings.ReplaceAll(header.Filename, `\`, "/"))
	ctx, cancel := h.call(r)
	defer cancel()
	out, err := s.send(ctx, h.city, data, d.File, "", true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if out.Rows == 0 && len(out.Problems) == 0 {
		d.Form.Add("file", label, tr.T("has a header row but no rows below it: nothing to save"))
		h.renderUpload(w, r, formStatus, d)
		return
	}
	d.Outcome = &out
	if len(out.Problems) > 0 {
		h.renderUpload(w, r, formStatus, d)
		return
	}
	d.Token = h.held.hold(h.sessions.Get(r).ID, s.Name, d.File, data, time.Now()).token
	h.renderUpload(w, r, http.StatusOK, d)
}

// confirmUpload saves the file the officer checked, all rows or none.
// Saving it again (a second click, a reload) writes nothing: the node
// knows the import by its key and answers with the first one's counts.
func (h *Handler) confirmUpload(w http.ResponseWriter, r *http.Request) {
	s := h.sheetOf(w, r, r.PathValue("sheet"))
	if s == nil {
		return
	}
	tr := h.tr(r)
	f := h.held.get(h.sessions.Get(r).ID, s.Name, r.PostFormValue("upload"), time.Now())
	if f == nil {
		d := uploadData{Sheet: s, Form: webui.NewForm(nil)}
		d.Form.Add("file", tr.T("CSV file"), tr.T("is no longer held (a checked file waits an hour, and only the last one checked): choose it again"))
		h.renderUpload(w, r, http.StatusConflict, d)
		return
	}
	ctx, cancel := h.call(r)
	defer cancel()
	out, err := s.send(ctx, h.city, f.data, f.name, f.key, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(out.Problems) > 0 {
		// The node changed since the check (a partner renamed, an
		// indicator deleted): nothing was saved; show why.
		h.renderUpload(w, r, formStatus, uploadData{Sheet: s, Form: webui.NewForm(nil), File: f.name, Outcome: &out})
		return
	}
	h.sessions.SetFlash(h.sessions.Get(r), savedMessage(tr, f.name, out))
	to := s.List
	if out.Shows != "" {
		to = out.Shows
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// savedMessage says what a confirmation did, in tr's language.
func savedMessage(tr *i18n.Translator, file string, o sheetOutcome) string {
	counts := tr.T("{{.Created}} added, {{.Updated}} replaced", "Created", tr.Number(o.Created), "Updated", tr.Number(o.Updated))
	if o.Unchanged > 0 {
		counts = tr.T("{{.Created}} added, {{.Updated}} replaced, {{.Unchanged}} already on the node",
			"Created", tr.Number(o.Created), "Updated", tr.Number(o.Updated), "Unchanged", tr.Number(o.Unchanged))
	}
	if o.Replayed {
		return tr.T("{{.File}} was saved before ({{.Counts}}); nothing was saved again.", "File", file, "Counts", counts)
	}
	return tr.T("Saved {{.File}}: {{.Counts}}.", "File", file, "Counts", counts)
}
