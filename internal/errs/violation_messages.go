package errs

import (
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
)

// messagesOf is the status detail that carries each violation's message
// and values beside the BadRequest's English, so that the pages can say
// it in their reader's language; nil when no violation has a message.
func messagesOf(vs record.Violations) *hcnetv1.ViolationMessages {
	out := &hcnetv1.ViolationMessages{}
	some := false
	for _, v := range vs {
		m := &hcnetv1.ViolationMessage{Field: v.Field, Id: v.Message.ID}
		for _, a := range v.Message.Args {
			if a.Name != "" {
				m.Args = append(m.Args, &hcnetv1.MessageArg{Name: a.Name, Value: a.Value})
			}
		}
		some = some || m.Id != ""
		out.Messages = append(out.Messages, m)
	}
	if !some {
		return nil
	}
	return out
}

// FromDetails reads a status's details back into violations, each with
// its message when the server sent one for it.
func FromDetails(details []any) record.Violations {
	var vs record.Violations
	var msgs []*hcnetv1.ViolationMessage
	for _, d := range details {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				vs = append(vs, record.Violation{Field: v.GetField(), Description: v.GetDescription()})
			}
		case *hcnetv1.ViolationMessages:
			msgs = append(msgs, d.GetMessages()...)
		}
	}
	if len(msgs) == len(vs) {
		for i, m := range msgs {
			if m.GetField() == vs[i].Field {
				vs[i].Message = MessageOf(m)
			}
		}
	}
	return vs
}

// MessageOf is a violation message as record writes it, from the wire.
func MessageOf(m *hcnetv1.ViolationMessage) record.Message {
	out := record.Message{ID: m.GetId()}
	for i, a := range m.GetArgs() {
		if i < record.MaxArgs {
			out.Args[i] = record.Arg{Name: a.GetName(), Value: a.GetValue()}
		}
	}
	return out
}
