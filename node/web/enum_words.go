package web

import (
	"github.com/hcnet/hcnet/internal/i18n"
)

// labelTerms are the labels whose English word cannot be its own
// message: "Name" is the sign-in's account name, a user name in other
// languages, while a record's name is its own word; "Description" is a
// reserved key in go-i18n's files.
var labelTerms = map[string]string{"Name": "Field.name", "Description": "Field.description"}

// specIn is the form's spec with its labels in tr's language, so the
// error summary names each field as the form shows it, and the API's
// violations said in tr's language too.
func specIn(s formSpec, tr *i18n.Translator) formSpec {
	labels := make(map[string]string, len(s.labels))
	for in, label := range s.labels {
		if id, ok := labelTerms[label]; ok {
			labels[in] = tr.Term(id, label)
			continue
		}
		labels[in] = tr.T(label)
	}
	s.labels = labels
	s.tr = tr
	return s
}
