package web

import (
	"context"
	"maps"
	"net/http"
	"net/url"

	"github.com/hcnet/hcnet/internal/webui"
)

// What opening any kind's form does, whatever the kind: a new record's
// form starts from defaults, an existing one's from the stored record,
// and a record that cannot be read fails the page instead of showing an
// empty form that would overwrite it.

// formKind is what a kind's form needs to be opened.
type formKind struct {
	// defaults fill the form for a new record.
	defaults url.Values
	// load reads the record id and gives the form's values and the
	// version read, which the form carries back so a save made over
	// someone else's change is refused.
	load func(ctx context.Context, id string) (url.Values, int64, error)
	// render shows the form with status code.
	render func(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64)
}

// openForm shows k's form for the record named by the path's {id}, or
// for a new record when the path has none.
func (h *Handler) openForm(w http.ResponseWriter, r *http.Request, k formKind) {
	id := r.PathValue("id")
	if id == "" {
		// A copy: the form is the request's to change.
		k.render(w, r, http.StatusOK, webui.NewForm(maps.Clone(k.defaults)), "", 0)
		return
	}
	ctx, cancel := h.call(r)
	defer cancel()
	v, version, err := k.load(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	k.render(w, r, http.StatusOK, webui.NewForm(v), id, version)
}
