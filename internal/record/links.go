package record

import hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"

// Rel names what one record says about another record or a city, as a
// hub keeps it (record_links.rel). Stored, so the names never change.
type Rel string

// The relations between records.
const (
	RelPartner     Rel = "partner"      // a success names a partner city
	RelEndorses    Rel = "endorses"     // an endorsement points at a success
	RelAdoptedFrom Rel = "adopted_from" // a practice was adopted from another
)

// relTarget is the kind of record each relation points at. A partner
// city is named as a city, not by a record id.
var relTarget = map[Rel]Kind{RelPartner: KindCity, RelEndorses: KindSuccess, RelAdoptedFrom: KindPractice}

// LinksOf is what the record a SharedRecord holds says about other
// records and cities, one Ref per link with its Rel set; a link to a city
// rather than a record has no ID.
func LinksOf(rec *hcnetv1.SharedRecord) []Ref {
	in, m := Unwrap(rec)
	if in == nil {
		return nil
	}
	x := &indexer{}
	in.index(x, m)
	var out []Ref
	for _, r := range x.refs {
		if r.Rel != "" {
			out = append(out, r)
		}
	}
	return out
}

// LinkedBy lists the relations that point at records of the kind (an
// endorsement endorses a success), in a fixed order.
func LinkedBy(k Kind) []Rel {
	var out []Rel
	for _, rel := range []Rel{RelPartner, RelEndorses, RelAdoptedFrom} {
		if relTarget[rel] == k {
			out = append(out, rel)
		}
	}
	return out
}
