package web

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// sharedHref is the address of the page showing what the network will
// see of a record: the link every record's page carries (the
// "shared-link" partial, or viewPage.Shared).
func sharedHref(kind record.Kind, id string) string {
	return "/shared/" + string(kind) + "/" + id
}

// recordPage is where a record of a kind is shown, for the preview's way
// back; edit says the page is the record's form, which only editors may
// open, so others go back to list instead (its Text a message).
type recordPage struct {
	href func(id string) string
	edit bool
	list link
}

// recordPages are the kinds' pages; a kind not here goes back to the
// dashboard.
var recordPages = map[record.Kind]recordPage{
	record.KindCity:        {href: func(string) string { return "/city" }},
	record.KindPartner:     {href: func(id string) string { return "/partners/" + id }},
	record.KindSuccess:     {href: func(id string) string { return "/successes/" + id }},
	record.KindEndorsement: {href: func(id string) string { return "/endorsements/" + id }},
	record.KindHealthPlan:  {href: func(id string) string { return "/plans/" + id }},
	record.KindIndicator:   {href: func(id string) string { return "/indicators/" + id }},
	record.KindPartnership: {href: func(id string) string { return "/partnerships/" + id + "/edit" }, edit: true, list: link{Href: "/", Text: "All partnerships"}},
	record.KindPractice:    {href: func(id string) string { return "/practices/" + id + "/edit" }, edit: true, list: link{Href: "/practices", Text: "All practices"}},
}

// sharedData is the preview page's.
type sharedData struct {
	Kind, Noun, Title string
	Back              link
	Version           int64
	Visibility        string
	// Where says where the record goes with its visibility.
	Where string
	// Leaves says something of the record leaves the node on its own;
	// Fields is then its shared form, Raw the same as JSON.
	Leaves bool
	Fields []shown
	Raw    string
	// Carriers are, for a kind carried inside others (partners), the
	// records that name it, each linking to its own preview.
	Carriers []link
}

// sharedPreview shows a record's shared form exactly as it would leave
// the node now (CityService.PreviewShared, the outbox's own code), or
// says that nothing of it leaves.
func (h *Handler) sharedPreview(w http.ResponseWriter, r *http.Request) {
	kind, id := record.Kind(r.PathValue("kind")), r.PathValue("id")
	info := record.Lookup(kind)
	if info == nil {
		h.fail(w, r, status.Error(codes.NotFound, "no such kind of record"))
		return
	}
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.PreviewShared(ctx, &hcnetv1.PreviewSharedRequest{Kind: string(kind), Id: id})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	noun := nounOf(tr, kind)
	v := res.GetVisibility()
	vis := record.ShortName(v)
	d := sharedData{
		Kind: string(kind), Noun: noun, Title: res.GetTitle(), Version: res.GetVersion(),
		Visibility: tr.Term(webui.TermID(v.Descriptor(), vis), webui.Words(vis)), Back: h.backTo(r, kind, id),
	}
	if d.Title == "" {
		d.Title = tr.T("(untitled)")
	}
	switch {
	case res.GetRecord() != nil:
		d.Leaves = true
		d.Where = whereIs(tr, kind, noun, v, carriedIn{})
		// The payload holds one record (a oneof): its fields are the
		// page's, not a field named after its kind.
		d.Fields = fieldsOf(tr, res.GetRecord().ProtoReflect())
		if len(d.Fields) == 1 && !d.Fields[0].List && len(d.Fields[0].Groups) == 1 {
			d.Fields = d.Fields[0].Groups[0].Fields
		}
		var buf bytes.Buffer
		json.Indent(&buf, record.JSON(res.GetRecord()), "", "  ")
		d.Raw = buf.String()
	case !info.Shared:
		d.Where = whereIs(tr, kind, noun, v, partnerCarried)
		ps, err := allPartnerships(ctx, h.city)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, p := range ps {
			for _, m := range p.GetPartners() {
				if m.GetPartnerId() == id {
					pv := record.ShortName(p.GetVisibility())
					d.Carriers = append(d.Carriers, link{Href: sharedHref(record.KindPartnership, p.GetId()),
						Text: tr.T("“{{.Title}}” ({{.Visibility}})", "Title", p.GetTitle(), "Visibility", tr.Term(webui.TermID(v.Descriptor(), pv), webui.Words(pv)))})
					break
				}
			}
		}
	default:
		d.Where = thisIs(tr, noun, v)
	}
	h.pages.Render(w, http.StatusOK, "shared", h.page(r, "", tr.T("What the network will see of “{{.Title}}”", "Title", d.Title), d))
}

// nounOf is a kind in the reader's words: "health plan" for health_plan.
func nounOf(tr *i18n.Translator, kind record.Kind) string {
	return tr.T(webui.Words(string(kind)))
}

// thisIs says where a record that is not sent (it has not left yet)
// goes with its visibility, as one sentence.
func thisIs(tr *i18n.Translator, noun string, v hcnetv1.Visibility) string {
	switch v {
	case hcnetv1.Visibility_VISIBILITY_PRIVATE:
		return tr.T("This {{.Noun}} is private: it stays on this node: nothing of it is sent anywhere.", "Noun", noun)
	case hcnetv1.Visibility_VISIBILITY_NETWORK:
		return tr.T("This {{.Noun}} is network: it goes to the city's own hub only, where the network's members read it.", "Noun", noun)
	case hcnetv1.Visibility_VISIBILITY_PUBLIC:
		return tr.T("This {{.Noun}} is public: it goes to the city's hub, up the chain to the networks above it, and into the public feeds anyone may read.", "Noun", noun)
	}
	return ""
}

// backTo is the link back to the record's own page, or to its list when
// that page is a form the signed-in person may not open.
func (h *Handler) backTo(r *http.Request, kind record.Kind, id string) link {
	tr := h.tr(r)
	p, ok := recordPages[kind]
	if !ok {
		return link{Href: "/", Text: "← " + tr.T("Dashboard")}
	}
	if p.edit {
		if sess := h.sessions.Get(r); sess == nil || !role(sess).CanEdit() {
			return link{Href: p.list.Href, Text: "← " + tr.T(p.list.Text)}
		}
	}
	return link{Href: p.href(id), Text: "← " + tr.T("Back to the {{.Noun}}", "Noun", nounOf(tr, kind))}
}
