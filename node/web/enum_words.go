package web

import (
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
)

// enumIn is an enum value in words in tr's language ("in review",
// "under granskning"), as the templates' short writes it; "" for an
// unset value.
func enumIn(tr *i18n.Translator, e protoreflect.Enum) string {
	s := record.ShortName(e)
	if s == "" {
		return ""
	}
	return tr.Term(webui.TermID(e.Descriptor(), s), webui.Words(s))
}

// labelTerms are the labels whose English word is a different message
// elsewhere: "Name" is the sign-in's account name, a user name in other
// languages, while a record's name is its own word.
var labelTerms = map[string]string{"Name": "Field.name"}

// specIn is the form's spec with its labels in tr's language, so the
// error summary names each field as the form shows it.
func specIn(tr *i18n.Translator, s formSpec) formSpec {
	out := s
	out.labels = make(map[string]string, len(s.labels))
	for in, label := range s.labels {
		if id, ok := labelTerms[label]; ok {
			out.labels[in] = tr.Term(id, label)
			continue
		}
		out.labels[in] = tr.T(label)
	}
	return out
}
