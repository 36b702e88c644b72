package web

import (
	"slices"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// shown is one field of a shared form as the preview page shows it: a
// value (list items joined), or the fields of one message or more (a
// list or a map of messages, each a group). It is read from the message
// itself, whatever its kind, so every kind's preview shows every field
// its shared form carries and nothing it does not.
type shown struct {
	Label, Value string
	Groups       []shownGroup
	// List says the groups are items of a list or map, even when there
	// is one.
	List bool
}

// shownGroup is one message: its fields, and its key in a map.
type shownGroup struct {
	Name   string
	Fields []shown
}

// acronyms are the words a field name spells in lower case that a label
// spells in capitals.
var acronyms = map[string]string{"sdg": "SDG", "sdgs": "SDGs", "id": "ID", "ids": "IDs", "url": "URL", "phc": "PHC", "ps": "Ps"}

// label is a field name as a heading: "sdg_goals" → "SDG goals".
func label(name protoreflect.Name) string {
	words := strings.Split(string(name), "_")
	for i, w := range words {
		if a, ok := acronyms[w]; ok {
			words[i] = a
		}
	}
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// fieldLabel is a field's label in tr's language: the vocabulary's
// "Field.NAME" term, its English the label the name spells.
func fieldLabel(tr *i18n.Translator, name protoreflect.Name) string {
	return tr.Term("Field."+string(name), label(name))
}

// fieldsOf lists the fields m sets, in the order the message declares
// them; fields at their zero value do not travel and are not shown.
func fieldsOf(tr *i18n.Translator, m protoreflect.Message) []shown {
	var out []shown
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if !m.Has(fd) {
			continue
		}
		v := m.Get(fd)
		s := shown{Label: fieldLabel(tr, fd.Name())}
		switch {
		case fd.IsMap():
			s.List = true
			var keys []protoreflect.MapKey
			v.Map().Range(func(k protoreflect.MapKey, _ protoreflect.Value) bool {
				keys = append(keys, k)
				return true
			})
			slices.SortFunc(keys, func(a, b protoreflect.MapKey) int { return strings.Compare(a.String(), b.String()) })
			for _, k := range keys {
				mv := v.Map().Get(k)
				if fd.MapValue().Message() != nil {
					s.Groups = append(s.Groups, shownGroup{Name: k.String(), Fields: fieldsOf(tr, mv.Message())})
				} else {
					s.Groups = append(s.Groups, shownGroup{Name: k.String(), Fields: []shown{{Label: tr.T("Value"), Value: scalar(tr, fd.MapValue(), mv)}}})
				}
			}
		case fd.IsList() && fd.Message() != nil && !isTimestamp(fd):
			s.List = true
			for j := 0; j < v.List().Len(); j++ {
				s.Groups = append(s.Groups, shownGroup{Fields: fieldsOf(tr, v.List().Get(j).Message())})
			}
		case fd.IsList():
			var items []string
			for j := 0; j < v.List().Len(); j++ {
				items = append(items, scalar(tr, fd, v.List().Get(j)))
			}
			s.Value = strings.Join(items, ", ")
		case fd.Message() != nil && !isTimestamp(fd):
			s.Groups = []shownGroup{{Fields: fieldsOf(tr, v.Message())}}
		default:
			s.Value = scalar(tr, fd, v)
		}
		out = append(out, s)
	}
	return out
}

func isTimestamp(fd protoreflect.FieldDescriptor) bool {
	return fd.Message() != nil && fd.Message().FullName() == "google.protobuf.Timestamp"
}

// scalar is one value in the reader's words: enums as the vocabulary
// says them, times in UTC.
func scalar(tr *i18n.Translator, fd protoreflect.FieldDescriptor, v protoreflect.Value) string {
	switch {
	case isTimestamp(fd):
		m := v.Message()
		fs := m.Descriptor().Fields()
		t := &timestamppb.Timestamp{Seconds: m.Get(fs.ByName("seconds")).Int(), Nanos: int32(m.Get(fs.ByName("nanos")).Int())}
		return tr.Time(t.AsTime())
	case fd.Kind() == protoreflect.EnumKind:
		short := record.ShortName(dynamicpb.NewEnumType(fd.Enum()).New(v.Enum()))
		return tr.Term(webui.TermID(fd.Enum(), short), webui.Words(short))
	case fd.Kind() == protoreflect.BoolKind:
		if v.Bool() {
			return tr.T("yes")
		}
		return tr.T("no")
	case fd.Kind() == protoreflect.DoubleKind || fd.Kind() == protoreflect.FloatKind:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case fd.Kind() == protoreflect.BytesKind:
		return tr.N("{{.Count}} byte", "{{.Count}} bytes", len(v.Bytes()))
	}
	return v.String()
}
