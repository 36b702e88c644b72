package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The pages every kind of record has, whatever its fields: a list, a
// record's own page and the confirmation before a delete. A kind says
// what goes into them (its columns, its fields, who names it); the
// templates records, record and delete show them the same way.

// link is a link to a record.
type link struct{ Href, Text string }

// listPage is a kind's list: one row per record, linking to its page.
// Its words come in the reader's language: the template puts them into
// its own sentences as they are.
type listPage struct {
	// Noun is the kind in words ("partner"), Plural its plural.
	Noun, Plural string
	Lead         string
	// New is the address of the form that adds one; AddLabel is its
	// link's words when "Add a NOUN" does not read right.
	New, AddLabel string
	// Download and Upload are the addresses of the list as a CSV file
	// and of its upload page, for kinds that have a spreadsheet.
	Download, Upload string
	Columns          []string
	Rows             []listRow
	// Empty is what an empty list says, where "No PLURAL yet." cannot be
	// written well in every language (a plural noun alone has no one
	// form in Russian).
	Empty string
}

// listRow is one record: its title (the row's header, a link to its
// page) and the other columns' cells.
type listRow struct {
	Href, Title string
	Cells       []string
}

// viewPage is one record's page: its fields, where it goes, and the
// links to edit and delete it, all in the reader's language.
type viewPage struct {
	Noun, Title  string
	Edit, Delete string
	Back         link
	Fields       []viewField
	// Where says where the record goes with its visibility.
	Where string
	// NamedBy are the records that name this one.
	NamedBy []link
	// History is the record's recent changes, for the kinds that show them.
	History *history
	// Shared is the page showing what the network sees of it
	// (sharedHref).
	Shared string
	// Texts are the record's languages, for the kinds that translate.
	Texts *recordTexts
}

// viewField is a field as a reader sees it; Href makes the value a link.
// A field holding a list (partners, funding sources) has Items instead,
// each a link when it has an Href.
type viewField struct {
	Label, Value, Href string
	Items              []link
}

// deletion is what deleting a record of one kind from the pages needs.
type deletion struct {
	kind record.Kind
	// noun is the kind in English words, a message of the catalogue the
	// pages say in the reader's language; list is where to go once it
	// is gone.
	noun, list string
	// load reads the record: what a person calls it in tr's language,
	// its version and visibility.
	load func(ctx context.Context, tr *i18n.Translator, id string) (title string, version int64, vis hcnetv1.Visibility, err error)
	// remove deletes it at the version read (0: whatever is stored).
	remove func(ctx context.Context, id string, version int64) error
	// namedBy lists the records that still name it: the node refuses to
	// delete it while any do, named in tr's language.
	namedBy func(ctx context.Context, tr *i18n.Translator, id string) ([]link, error)
}

// deleteData is the confirmation page's, in the reader's language.
type deleteData struct {
	Noun, Title, Action, Cancel string
	Version                     int64
	// Gone says what the delete does beyond this node.
	Gone string
	// NamedBy are the records to change first; with any, the page offers
	// no delete button.
	NamedBy []link
	// Problem is why a delete just tried was refused.
	Problem string
}

// confirmDelete shows what a delete will do and asks to confirm it, or
// says which records must stop naming the record first.
func (h *Handler) confirmDelete(d deletion) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.renderDelete(w, r, d, http.StatusOK, "", nil)
	}
}

// renderDelete shows the confirmation page; problem says why a delete
// was just refused, and the node's own words (cause) are added when the
// page cannot name the records that refused it.
func (h *Handler) renderDelete(w http.ResponseWriter, r *http.Request, d deletion, code int, problem string, cause error) {
	id := r.PathValue("id")
	ctx, cancel := h.call(r)
	defer cancel()
	tr := h.tr(r)
	title, version, vis, err := d.load(ctx, tr, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	noun := tr.T(d.noun)
	data := deleteData{
		Noun: noun, Title: title, Version: version, Problem: problem,
		Action: d.list + "/" + id + "/delete", Cancel: d.list + "/" + id,
		Gone: tr.T(deleteWhere(d.kind, vis)),
	}
	if d.namedBy != nil {
		if data.NamedBy, err = d.namedBy(ctx, tr, id); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if cause != nil && len(data.NamedBy) == 0 {
		data.Problem += " " + tr.T("The node says: {{.Cause}}", "Cause", status.Convert(cause).Message())
	}
	h.pages.Render(w, code, "delete", h.page(r, d.list, tr.T("Delete {{.Noun}} “{{.Title}}”", "Noun", noun, "Title", title), data))
}

// deleteRecord deletes at the version the confirmation showed. A record
// still named, or changed since, is not deleted: the confirmation page
// comes back saying why.
func (h *Handler) deleteRecord(d deletion) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
		ctx, cancel := h.call(r)
		defer cancel()
		tr := h.tr(r)
		title, _, _, err := d.load(ctx, tr, id)
		if err == nil {
			err = d.remove(ctx, id, version)
		}
		noun := tr.T(d.noun)
		switch status.Code(err) {
		case codes.OK:
			h.sessions.SetFlash(h.sessions.Get(r), tr.T("The {{.Noun}} “{{.Title}}” was deleted.", "Noun", noun, "Title", title))
			http.Redirect(w, r, d.list, http.StatusSeeOther)
		case codes.FailedPrecondition:
			h.renderDelete(w, r, d, http.StatusConflict, tr.T("Nothing was deleted: other records still name this {{.Noun}}.", "Noun", noun), err)
		case codes.Aborted:
			h.renderDelete(w, r, d, http.StatusConflict, tr.T("Nothing was deleted: someone changed this {{.Noun}} since you opened this page. Check it below, then confirm again.", "Noun", noun), nil)
		default:
			h.fail(w, r, err)
		}
	}
}
