package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/hcnet/hcnet/internal/webui"
)

// What saving any kind's form does once the form is read into its
// record: a form whose reading found problems is shown again with each
// next to its field and nothing is sent; otherwise the record is created
// (it has no id yet) or updated through the API, as hcctl would, and the
// officer goes to the page the kind names, with a message; when the API
// refuses the input, its reasons go next to the fields and the form
// comes back with what was typed, nothing saved.

// formSave is one post of a kind's form, read into its record.
type formSave[T any] struct {
	// f is the posted form, with the problems reading it found.
	f *webui.Form
	// id is "" for a new record; version is the one the form was
	// opened at, so a save over someone else's change is refused.
	id      string
	version int64
	// create and update send the record read and give it as stored.
	create, update func(ctx context.Context) (T, error)
	// saved is the message to show and the page to go to once the
	// record is stored; created says whether it is new.
	saved func(stored T, created bool) (flash, to string)
	// refused puts the API's refusal of the input next to its fields;
	// false when err is no such refusal.
	refused func(f *webui.Form, err error) bool
	// render shows the form again with status code.
	render func(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64)
}

// postedForm is a form post of a record: its inputs, the record's id
// from the path ("" for a new one) and the version the form carries.
func postedForm(r *http.Request) (f *webui.Form, id string, version int64) {
	version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return webui.NewForm(r.PostForm), r.PathValue("id"), version
}

// saveForm sends s's record unless its form has problems, and answers
// the post.
func saveForm[T any](h *Handler, w http.ResponseWriter, r *http.Request, s formSave[T]) {
	if !s.f.HasErrors() {
		ctx, cancel := h.call(r)
		defer cancel()
		send := s.update
		if s.id == "" {
			send = s.create
		}
		stored, err := send(ctx)
		if err == nil {
			flash, to := s.saved(stored, s.id == "")
			h.sessions.SetFlash(h.sessions.Get(r), flash)
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		if !s.refused(s.f, err) {
			h.fail(w, r, err)
			return
		}
	}
	s.render(w, r, formStatus, s.f, s.id, s.version)
}
