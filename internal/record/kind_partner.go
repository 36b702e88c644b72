package record

import hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"

// A partner does not leave the node on its own: it travels inside the
// partnerships that name it, as organisation, kind and sector, where
// MayCarry allows (kind_partnership.go).
var partnerInfo = spec[*hcnetv1.Partner]{
	kind: KindPartner,
	text: func(r *hcnetv1.Partner, _ string) Text {
		return Text{Title: r.GetOrganisation(), Summary: r.GetDescription()}
	},
	index: func(x *indexer, r *hcnetv1.Partner) {
		x.term(FacetSector, ShortName(r.GetSector()))
		x.words(r.GetOrganisation(), r.GetDescription())
	},
	validate: validatePartner,
}.info(func() *hcnetv1.Partner { return &hcnetv1.Partner{} })
