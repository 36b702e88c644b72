package record

import hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"

// A city's endorsement of a success that names it as a partner city.
var endorsementInfo = spec[*hcnetv1.Endorsement]{
	kind: KindEndorsement,
	wrap: wrapEndorsement,
	unwrap: func(rec *hcnetv1.SharedRecord) (*hcnetv1.Endorsement, bool) {
		r := rec.GetEndorsement()
		return r, r != nil
	},
	text: func(r *hcnetv1.Endorsement, _ string) Text {
		t := Text{Title: "Endorsement", Summary: r.GetStatement()}
		if sr := r.GetSuccess(); sr != nil {
			t.Title += " of " + sr.GetCountry() + "/" + sr.GetCityId()
		}
		return t
	},
	share: func(r *hcnetv1.Endorsement, c carrier) (*hcnetv1.SharedRecord, error) {
		// Without the success it endorses, an endorsement still says that
		// the city endorsed something: the statement is its own.
		if sr := r.GetSuccess(); sr != nil && c.names(sr.GetCountry(), sr.GetCityId()) {
			id, err := c.ref(KindSuccess, sr.GetSuccessId())
			if err != nil {
				return nil, err
			}
			if id == "" {
				r.Success = nil
			}
		}
		return wrapEndorsement(r), nil
	},
	omitted: func(r *hcnetv1.Endorsement) []string {
		if r.GetSuccess() == nil {
			return []string{"success"}
		}
		return nil
	},
	index: func(x *indexer, r *hcnetv1.Endorsement) {
		x.words(r.GetStatement())
		if sr := r.GetSuccess(); sr != nil {
			x.across("success.success_id", RelEndorses, KindSuccess, sr.GetCountry(), sr.GetCityId(), sr.GetSuccessId())
		}
	},
	validate: validateEndorsement,
}.info(func() *hcnetv1.Endorsement { return &hcnetv1.Endorsement{} })

func wrapEndorsement(r *hcnetv1.Endorsement) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Endorsement{Endorsement: r}}
}
