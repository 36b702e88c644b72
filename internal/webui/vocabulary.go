package webui

import (
	"strconv"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
)

// TermID is a vocabulary value's id in the catalogues: its enum's name
// and its short name, "Sector.urban_planning", so the same English word
// in two enums can be two words in another language.
func TermID(ed protoreflect.EnumDescriptor, short string) string {
	return string(ed.Name()) + "." + short
}

// vocabularyFuncs are the template functions that write the domain's
// words in a language: short for an enum value, term for an option's,
// sdg for a goal with its number.
func vocabularyFuncs(tr *i18n.Translator) map[string]any {
	return map[string]any{
		"short": func(e protoreflect.Enum) string {
			s := record.ShortName(e)
			if s == "" {
				return ""
			}
			return tr.Term(TermID(e.Descriptor(), s), Words(s))
		},
		"term": tr.Term,
		"sdg":  func(n int32) string { return SDGLabel(tr, int(n)) },
	}
}

// SDGLabel is "3. Good health and well-being" in tr's language, or the
// bare number for a number that is no goal.
func SDGLabel(tr *i18n.Translator, n int) string {
	name := record.SDGName(n)
	if name == "" {
		return strconv.Itoa(n)
	}
	return strconv.Itoa(n) + ". " + tr.Term(record.SDGTerm(n), name)
}

// SDGOptions are the 17 goals as choices, in tr's language.
func SDGOptions(tr *i18n.Translator) []Option {
	out := make([]Option, record.SDGCount)
	for i := range out {
		out[i] = Option{Value: strconv.Itoa(i + 1), Label: SDGLabel(tr, i+1)}
	}
	return out
}
