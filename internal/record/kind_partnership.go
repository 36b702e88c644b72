package record

import (
	"fmt"
	"slices"
	"strconv"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A partnership travels as a SharedPartnership: its partners named by
// organisation, kind and sector instead of by node-local id.
var partnershipInfo = spec[*hcnetv1.Partnership]{
	kind: KindPartnership,
	// Wrapped as it is, a partnership has no shared partners.
	wrap: func(r *hcnetv1.Partnership) *hcnetv1.SharedRecord {
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: &hcnetv1.SharedPartnership{Partnership: r}}}
	},
	unwrap: func(rec *hcnetv1.SharedRecord) (*hcnetv1.Partnership, bool) {
		sp := rec.GetPartnership()
		return sp.GetPartnership(), sp != nil
	},
	text: func(r *hcnetv1.Partnership, _ string) Text {
		return Text{Title: r.GetTitle(), Summary: r.GetDescription()}
	},
	share: sharePartnership,
	personal: func(r *hcnetv1.Partnership) string {
		if len(r.GetPartners()) > 0 {
			return "a shared partnership names node-local partner ids"
		}
		return ""
	},
	index: func(x *indexer, r *hcnetv1.Partnership) {
		x.ix.Status = ShortName(r.GetStatus())
		x.ix.Level = ShortName(r.GetLevel())
		terms(x, FacetSector, r.GetSectors())
		terms(x, FacetSetting, r.GetSettings())
		terms(x, FacetMechanism, r.GetMechanisms())
		terms(x, FacetSixP, r.GetSixPs())
		x.sdg(r.GetSdg())
		x.words(r.GetTitle(), r.GetDescription(), r.GetHotLocalIssue(), r.GetParticipatoryPlatform())
		x.words(r.GetEquityGroups()...)
		for i, p := range r.GetPartners() {
			x.ref("partners["+strconv.Itoa(i)+"].partner_id", KindPartner, p.GetPartnerId())
		}
	},
	texts: func(r *hcnetv1.Partnership) *localTexts {
		return &localTexts{title: "title", original: &r.OriginalLanguage, translations: &r.Translations, fields: []textField{
			own("title", MaxShort, &r.Title),
			own("description", MaxLong, &r.Description),
			own("hot_local_issue", MaxLong, &r.HotLocalIssue),
			own("participatory_platform", MaxLong, &r.ParticipatoryPlatform),
		}}
	},
	validate: validatePartnership,
	groups:   func(r *hcnetv1.Partnership) []string { return r.GetEquityGroups() },
	// The shared partners are found by their sector and organisation.
	extraIndex: func(ix *Index, rec *hcnetv1.SharedRecord) {
		for _, p := range rec.GetPartnership().GetPartners() {
			ix.Terms = append(ix.Terms, Term{Facet: FacetSector, Value: ShortName(p.GetSector())})
			ix.Text += "\n" + p.GetOrganisation()
		}
		ix.Terms = slices.DeleteFunc(dedupTerms(ix.Terms), func(t Term) bool { return t.Value == "" })
	},
	// The shared partners are checked as the node checks a partner.
	extraValidate: func(c Checker, rec *hcnetv1.SharedRecord) {
		shared := rec.GetPartnership().GetPartners()
		if c.List("partners", len(shared)) {
			for i, p := range shared {
				pc := c.Index("partners", i)
				pc.Text("organisation", p.GetOrganisation(), MaxShort, false)
				pc.Enum("kind", p.GetKind(), false)
				pc.Enum("sector", p.GetSector(), false)
				pc.Text("role", p.GetRole(), MaxShort, false)
			}
		}
	},
}.info(func() *hcnetv1.Partnership { return &hcnetv1.Partnership{} })

// sharePartnership names each partner by what MayCarry lets the
// partnership say of it: the role always, the rest only when the partner
// may travel as far.
func sharePartnership(r *hcnetv1.Partnership, c carrier) (*hcnetv1.SharedRecord, error) {
	sp := &hcnetv1.SharedPartnership{}
	for _, member := range r.GetPartners() {
		pm, err := c.carried(KindPartner, member.GetPartnerId())
		if err != nil {
			return nil, fmt.Errorf("partner %s of partnership %s: %w", member.GetPartnerId(), r.GetId(), err)
		}
		// The role is the partnership's; the rest is the partner's.
		shared := &hcnetv1.SharedPartner{Role: member.GetRole()}
		if p, ok := pm.(*hcnetv1.Partner); ok {
			shared.Organisation, shared.Kind, shared.Sector = p.GetOrganisation(), p.GetKind(), p.GetSector()
		}
		sp.Partners = append(sp.Partners, shared)
	}
	r.Partners = nil
	sp.Partnership = r
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: sp}}, nil
}
