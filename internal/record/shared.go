package record

import (
	"fmt"
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
	in, inner := Unwrap(rec)
	if in == nil {
		if rec.GetRecord() == nil {
			return Violations{{Field: "record", Description: "is required: the payload holds no record"}}
		}
		return Violations{{Field: "record", Description: fmt.Sprintf("%T is not a record", rec.GetRecord())}}
	}
	k := in.Kind
	vs := Validate(string(k), inner)
	for _, f := range in.omitted(inner) {
		vs = slices.DeleteFunc(vs, func(v Violation) bool { return v.Field == string(k)+"."+f })
	}
	if in.extraValidate != nil {
		in.extraValidate(NewChecker(string(k), &vs), rec)
	}
	return vs
}
