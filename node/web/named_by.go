package web

import (
	"context"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// recordsNaming lists the plans, practices and successes on the node
// that name the record id (by record.IndexOf's references, the ones the
// node refuses a delete for): the records to change before it can go.
// It names them in English, as the delete confirmation does.
func (h *Handler) recordsNaming(ctx context.Context, id string) ([]link, error) {
	return h.recordsNamingIn(ctx, h.words.In(i18n.English), id)
}

// recordsNamingIn is recordsNaming in tr's language.
func (h *Handler) recordsNamingIn(ctx context.Context, tr *i18n.Translator, id string) ([]link, error) {
	var out []link
	// noun is the message naming a record of the kind with its title.
	add := func(m proto.Message, kind record.Kind, noun, href string) {
		for _, ref := range record.IndexOf(m).Refs {
			if ref.ID == id {
				title := record.Lookup(kind).Text(m, "").Title
				out = append(out, link{Href: href, Text: tr.T(noun, "Title", title)})
				return
			}
		}
	}
	for token := ""; ; {
		res, err := h.city.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{PageSize: 1000, PageToken: token})
		if err != nil {
			return nil, err
		}
		for _, p := range res.GetHealthPlans() {
			add(p, record.KindHealthPlan, "Health plan “{{.Title}}”", "/plans/"+p.GetId())
		}
		if token = res.GetNextPageToken(); token == "" {
			break
		}
	}
	for token := ""; ; {
		res, err := h.city.ListPractices(ctx, &hcnetv1.ListPracticesRequest{PageSize: 1000, PageToken: token})
		if err != nil {
			return nil, err
		}
		for _, p := range res.GetPractices() {
			add(p, record.KindPractice, "Practice “{{.Title}}”", "/practices/"+p.GetId())
		}
		if token = res.GetNextPageToken(); token == "" {
			break
		}
	}
	for token := ""; ; {
		res, err := h.city.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{PageSize: 1000, PageToken: token})
		if err != nil {
			return nil, err
		}
		for _, s := range res.GetSuccesses() {
			add(s, record.KindSuccess, "Success “{{.Title}}”", "/successes/"+s.GetId())
		}
		if token = res.GetNextPageToken(); token == "" {
			break
		}
	}
	return out, nil
}
