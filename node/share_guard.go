package node

import (
	"fmt"

	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// unnamed checks a shared form, rec, against the references of the
// record it was made from (record.IndexOf, on this node): it names none
// of the records that may not travel with it. sharedForm handles each
// reference field by field; a reference that record.IndexOf lists and
// sharedForm forgets fails the write here instead of going out.
func (c carrier) unnamed(rec proto.Message, refs []record.Ref) error {
	banned := map[string]record.Ref{}
	for _, r := range refs {
		m, err := c.carried(r.Kind, r.ID)
		if err != nil {
			return fmt.Errorf("%s %s: %w", r.Kind, r.ID, err)
		}
		if m == nil {
			banned[r.ID] = r
		}
	}
	if len(banned) == 0 {
		return nil
	}
	var found *record.Ref
	eachString(rec.ProtoReflect(), func(s string) bool {
		if r, ok := banned[s]; ok {
			found = &r
			return false
		}
		return true
	})
	if found != nil {
		return fmt.Errorf("the shared form names %s %s (%s), which may not travel as far", found.Kind, found.ID, found.Field)
	}
	return nil
}

// eachString calls f with every string in m, map keys included, until f
// returns false; it returns false when f did.
func eachString(m protoreflect.Message, f func(string) bool) bool {
	ok := true
	value := func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch fd.Kind() {
		case protoreflect.StringKind:
			return f(v.String())
		case protoreflect.MessageKind, protoreflect.GroupKind:
			return eachString(v.Message(), f)
		}
		return true
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList():
			l := v.List()
			for i := 0; ok && i < l.Len(); i++ {
				ok = value(fd, l.Get(i))
			}
		case fd.IsMap():
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if fd.MapKey().Kind() == protoreflect.StringKind {
					ok = f(k.String())
				}
				ok = ok && value(fd.MapValue(), mv)
				return ok
			})
		default:
			ok = value(fd, v)
		}
		return ok
	})
	return ok
}
