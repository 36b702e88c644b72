package web

import (
	"context"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
)

// recordsNamingIn lists the plans, practices and successes on the node
// that name the record id (by record.IndexOf's references, the ones the
// node refuses a delete for): the records to change before it can go.
// It names them by their titles in tr's language, where they have one.
func (h *Handler) recordsNamingIn(ctx context.Context, tr *i18n.Translator, id string) ([]link, error) {
	var out []link
	// noun is the message naming a record of the kind with its title.
	add := func(m proto.Message, kind record.Kind, noun, href string) {
		for _, ref := range record.IndexOf(m).Refs {
			if ref.ID == id {
				title := titleIn(tr, kind, m)
				out = append(out, link{Href: href, Text: tr.T(noun, "Title", title)})
				return
			}
		}
	}
	plans, err := allPlans(ctx, h.city)
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		add(p, record.KindHealthPlan, "Health plan “{{.Title}}”", "/plans/"+p.GetId())
	}
	practices, err := allPractices(ctx, h.city)
	if err != nil {
		return nil, err
	}
	for _, p := range practices {
		add(p, record.KindPractice, "Practice “{{.Title}}”", "/practices/"+p.GetId())
	}
	successes, err := allSuccesses(ctx, h.city)
	if err != nil {
		return nil, err
	}
	for _, s := range successes {
		add(s, record.KindSuccess, "Success “{{.Title}}”", "/successes/"+s.GetId())
	}
	return out, nil
}

// titleIn is what a person reading tr's language calls a record: its
// title in that language where the city wrote one, else its original;
// "" for no record (one a failed read returned).
func titleIn(tr *i18n.Translator, kind record.Kind, m proto.Message) string {
	if m == nil || !m.ProtoReflect().IsValid() {
		return ""
	}
	in := record.Lookup(kind)
	return in.Text(in.Localize(m, tr.Lang()).Msg, tr.Lang()).Title
}
