package web

import (
	"context"
	"net/url"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// partnershipView is a partnership with its partners as the city shared
// them: a partner the city may not name beyond the node travels as its
// role alone, and the page shows no more.
type partnershipView struct {
	P        *hcnetv1.Partnership
	Partners []partnerView
	// Unnamed counts the partners shown by their role only.
	Unnamed int
}

// partnerView is one shared partner. Href finds the other partnerships
// in the network that name the same organisation. Kind and Sector stay
// enum values, so the page says them in the reader's language.
type partnerView struct {
	Organisation, Role, Href string
	Kind                     hcnetv1.PartnerKind
	Sector                   hcnetv1.Sector
}

func buildPartnership(_ context.Context, l *linker, res *hcnetv1.GetRecordResponse, p *hcnetv1.Partnership) (any, error) {
	v := &partnershipView{P: p}
	for _, sp := range res.GetRecord().GetRecord().GetPartnership().GetPartners() {
		pv := partnerView{
			Organisation: sp.GetOrganisation(), Role: sp.GetRole(),
			Kind: sp.GetKind(), Sector: sp.GetSector(),
		}
		if pv.Organisation == "" {
			v.Unnamed++
		} else {
			pv.Href = "/search?" + url.Values{"kind": {string(record.KindPartnership)}, "q": {phrase(pv.Organisation)}}.Encode()
		}
		v.Partners = append(v.Partners, pv)
	}
	return v, nil
}

// phrase quotes words as one phrase of the search's query language.
func phrase(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
