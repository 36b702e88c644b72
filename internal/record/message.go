package record

import (
	"fmt"
	"strings"
)

// Msg is one of the violation messages the checks write: its English
// text with {{.Name}} placeholders where the values go, which is also its
// id in the web pages' catalogue. Only the messages declared in
// messages.go exist, so a test can range over every one of them.
type Msg struct{ id string }

// ID is the message's English text with its placeholders.
func (m Msg) ID() string { return m.id }

// declared is every Msg, in the order messages.go declares them.
var declared []Msg

// Declare adds a message that a package building on record writes in
// its own checks, such as a node's of the records it holds, so it is
// listed and translated as these are. Call it in a package-level var:
// the message is then declared before any check can write it.
func Declare(id string) Msg { return declare(id) }

func declare(id string) Msg {
	m := Msg{id: id}
	declared = append(declared, m)
	return m
}

// Messages lists every violation message the checks can write.
func Messages() []Msg {
	return append([]Msg(nil), declared...)
}

// Message is a violation's text as a message and the values that fill
// it, so a reader in another language can be told the same thing: hcctl
// and the API's description print the English, the pages translate. It
// is comparable, as violations are compared, so its arguments are an
// array: no message has more than MaxArgs placeholders.
type Message struct {
	// ID is the message's English text with {{.Name}} placeholders; empty
	// when the violation was written as plain English only.
	ID   string
	Args [MaxArgs]Arg
}

// MaxArgs is the most placeholders a message may have.
const MaxArgs = 3

// Arg is a placeholder's name and its value, already written as text.
//
// An argument named Field is the name of another field of the same
// message as the violation's field ("start_date" beside "end_date"), so
// a page can put that field's label in its place.
type Arg struct{ Name, Value string }

// FieldArg is the name of the argument that names a sibling field.
const FieldArg = "Field"

// EnumArg is the name of the argument that carries the full protobuf
// name of the enum whose values a message lists by their short names
// (MsgEnumRequired), so a page can name them in its reader's words. No
// message's text uses it: the English stays the API's.
const EnumArg = "EnumType"

// KindArg and WantArg are the names of arguments whose value is a record
// Kind (the kind a record is, the kind that was asked for), which a page
// names in its reader's words.
const (
	KindArg = "Kind"
	WantArg = "Want"
)

// English is the message filled with its values, in one pass, so a value
// that itself looks like a placeholder is written as it is.
func (m Message) English() string {
	var b strings.Builder
	s := m.ID
	for {
		open := strings.Index(s, "{{.")
		if open < 0 {
			break
		}
		end := strings.Index(s[open:], "}}")
		if end < 0 {
			break
		}
		name := s[open+3 : open+end]
		b.WriteString(s[:open])
		if v, ok := m.Arg(name); ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[open : open+end+2])
		}
		s = s[open+end+2:]
	}
	b.WriteString(s)
	return b.String()
}

// Arg is the value of the argument name.
func (m Message) Arg(name string) (string, bool) {
	for _, a := range m.Args {
		if a.Name == name && name != "" {
			return a.Value, true
		}
	}
	return "", false
}

// Pairs is the arguments as name, value pairs, as a translator takes them.
func (m Message) Pairs() []any {
	out := make([]any, 0, 2*MaxArgs)
	for _, a := range m.Args {
		if a.Name != "" {
			out = append(out, a.Name, a.Value)
		}
	}
	return out
}

// Put records v again under the checker's prefix, keeping its message,
// as an import reports a row's violations under the row.
func (c Checker) Put(v Violation) {
	*c.out = append(*c.out, Violation{Field: c.path(v.Field), Description: v.Description, Message: v.Message})
}

// Report records a violation of the field name with one of the declared
// messages; kv are its placeholders' names and values, each value
// written as fmt.Sprint writes it.
func (c Checker) Report(name string, m Msg, kv ...any) {
	msg := Message{ID: m.id}
	for i := 0; i+1 < len(kv) && i/2 < MaxArgs; i += 2 {
		msg.Args[i/2] = Arg{Name: fmt.Sprint(kv[i]), Value: fmt.Sprint(kv[i+1])}
	}
	*c.out = append(*c.out, Violation{Field: c.path(name), Description: msg.English(), Message: msg})
}
