package record

import (
	"strconv"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A success of a partnership that names partner cities; each endorses it.
var successInfo = spec[*hcnetv1.Success]{
	kind: KindSuccess,
	wrap: wrapSuccess,
	unwrap: func(rec *hcnetv1.SharedRecord) (*hcnetv1.Success, bool) {
		r := rec.GetSuccess()
		return r, r != nil
	},
	text: func(r *hcnetv1.Success, _ string) Text {
		return Text{Title: r.GetTitle(), Summary: r.GetOutcome()}
	},
	share: func(r *hcnetv1.Success, c carrier) (*hcnetv1.SharedRecord, error) {
		id, err := c.ref(KindPartnership, r.GetPartnershipId())
		if err != nil {
			return nil, err
		}
		r.PartnershipId = id
		return wrapSuccess(r), nil
	},
	index: func(x *indexer, r *hcnetv1.Success) {
		x.sdg(r.GetSdg())
		x.words(r.GetTitle(), r.GetOutcome())
		for i, c := range r.GetPartnerCities() {
			x.words(c.GetName())
			// A partner city, not a record of it: a link, never checked
			// or resolved as a reference.
			x.across("partner_cities["+strconv.Itoa(i)+"]", RelPartner, KindCity, c.GetCountry(), c.GetCityId(), "")
		}
		x.ref("partnership_id", KindPartnership, r.GetPartnershipId())
	},
	texts: func(r *hcnetv1.Success) *localTexts {
		return &localTexts{title: "title", original: &r.OriginalLanguage, translations: &r.Translations, fields: []textField{
			own("title", MaxShort, &r.Title),
			own("outcome", MaxLong, &r.Outcome),
		}}
	},
	validate: validateSuccess,
}.info(func() *hcnetv1.Success { return &hcnetv1.Success{} })

func wrapSuccess(r *hcnetv1.Success) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Success{Success: r}}
}
