package webui

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
)

// enumChoices is a message's list of an enum's values, which the API
// writes as short names ("within_health_sector, between_cities"), in
// tr's language as a form's options name them; ok is false when the
// message lists no enum this program knows.
func enumChoices(tr *i18n.Translator, m record.Message) (words string, ok bool) {
	full, ok := m.Arg(record.EnumArg)
	if !ok {
		return "", false
	}
	values, ok := m.Arg("Values")
	if !ok {
		return "", false
	}
	et, err := protoregistry.GlobalTypes.FindEnumByName(protoreflect.FullName(full))
	if err != nil {
		return "", false
	}
	ed := et.Descriptor()
	names := strings.Split(values, ", ")
	for i, n := range names {
		names[i] = tr.Term(TermID(ed, n), Words(n))
	}
	return strings.Join(names, ", "), true
}

// setArg sets the value of the argument name in a translator's name,
// value pairs.
func setArg(kv []any, name string, value any) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == name {
			kv[i+1] = value
		}
	}
}
