package record

import (
	"slices"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A city's profile: one per node. Its coordinator is a person and stays
// on the node.
var cityInfo = spec[*hcnetv1.City]{
	kind: KindCity,
	wrap: wrapCity,
	unwrap: func(rec *hcnetv1.SharedRecord) (*hcnetv1.City, bool) {
		r := rec.GetCity()
		return r, r != nil
	},
	text: func(r *hcnetv1.City, _ string) Text {
		langs := slices.Clone(r.GetLanguages())
		slices.Sort(langs)
		return Text{Title: r.GetName(), Summary: r.GetDescription(), Languages: langs}
	},
	share: func(r *hcnetv1.City, _ carrier) (*hcnetv1.SharedRecord, error) {
		r.Coordinator = nil
		return wrapCity(r), nil
	},
	personal: func(r *hcnetv1.City) string {
		if r.GetCoordinator() != nil {
			return "a shared city profile carries its coordinator's contact"
		}
		return ""
	},
	index: func(x *indexer, r *hcnetv1.City) {
		x.words(r.GetName(), r.GetRegion(), r.GetDescription())
	},
	// The city's name is a name, the same in every language.
	texts: func(r *hcnetv1.City) *localTexts {
		return &localTexts{original: &r.OriginalLanguage, translations: &r.Translations, fields: []textField{
			own("description", MaxLong, &r.Description),
		}}
	},
	validate: validateCity,
}.info(func() *hcnetv1.City { return &hcnetv1.City{} })

func wrapCity(r *hcnetv1.City) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: r}}
}
