package record

import (
	"slices"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// ValidateShared checks a record in the form other cities receive it, by
// the rules the node applied when the record was written (Validate), so
// a receiver stores nothing its origin would have refused. Paths begin
// with the kind ("practice.sdg.goals[0]"). A shared partnership's
// partners, named by organisation, kind and sector instead of by id, are
// checked as the node checks a partner. What a shared form leaves out
// because the record it comes from may not travel as far (an indicator's
// plan, a partner's organisation, kind and sector, the success an
// endorsement of its own city's success endorses) may be empty.
func ValidateShared(rec *hcnetv1.SharedRecord) Violations {
	r := rec.ProtoReflect()
	fd := r.WhichOneof(r.Descriptor().Oneofs().ByName("record"))
	if fd == nil {
		return Violations{{Field: "record", Description: "is required: the payload holds no record"}}
	}
	inner := r.Get(fd).Message().Interface()
	var shared []*hcnetv1.SharedPartner
	if sp, ok := inner.(*hcnetv1.SharedPartnership); ok {
		inner, shared = sp.GetPartnership(), sp.GetPartners()
	}
	k, err := KindOf(inner)
	if err != nil {
		return Violations{{Field: "record", Description: err.Error()}}
	}
	vs := Validate(string(k), inner)
	if ind, ok := inner.(*hcnetv1.Indicator); ok && ind.GetPlanId() == "" {
		vs = slices.DeleteFunc(vs, func(v Violation) bool { return v.Field == string(k)+".plan_id" })
	}
	if e, ok := inner.(*hcnetv1.Endorsement); ok && e.GetSuccess() == nil {
		vs = slices.DeleteFunc(vs, func(v Violation) bool { return v.Field == string(k)+".success" })
	}
	c := NewChecker(string(k), &vs)
	if c.List("partners", len(shared)) {
		for i, p := range shared {
			pc := c.Index("partners", i)
			pc.Text("organisation", p.GetOrganisation(), MaxShort, false)
			pc.Enum("kind", p.GetKind(), false)
			pc.Enum("sector", p.GetSector(), false)
			pc.Text("role", p.GetRole(), MaxShort, false)
		}
	}
	return vs
}
