package webui

import (
	"errors"
	"net/url"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Problem is one thing wrong with a form: the field (its input's id, empty
// for the form as a whole), the field's label and the message.
type Problem struct {
	Field, Label, Message string
}

// Form carries what the officer typed back to the page with the problems
// next to their fields, so nothing typed is lost on an error.
type Form struct {
	Values   url.Values
	Problems []Problem
}

// NewForm starts a form from submitted or stored values.
func NewForm(v url.Values) *Form {
	if v == nil {
		v = url.Values{}
	}
	return &Form{Values: v}
}

// Get is the value of a field.
func (f *Form) Get(name string) string { return f.Values.Get(name) }

// Has reports whether a checkbox or option with this value is chosen.
func (f *Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Add records a problem; the same message twice for a field shows once.
func (f *Form) Add(field, label, msg string) {
	for _, p := range f.Problems {
		if p.Field == field && p.Message == msg {
			return
		}
	}
	f.Problems = append(f.Problems, Problem{Field: field, Label: label, Message: msg})
}

// ErrorsOf lists the messages for one field.
func (f *Form) ErrorsOf(field string) []string {
	var out []string
	for _, p := range f.Problems {
		if p.Field == field {
			out = append(out, p.Message)
		}
	}
	return out
}

// Invalid reports whether a field has a problem (for aria-invalid).
func (f *Form) Invalid(field string) bool { return len(f.ErrorsOf(field)) > 0 }

// HasErrors reports whether any problem was found.
func (f *Form) HasErrors() bool { return len(f.Problems) > 0 }

// FieldRef is a form and one field's name, for the field-errors template.
type FieldRef struct {
	Form *Form
	Name string
}

// Violations returns the field violations of an INVALID_ARGUMENT status,
// the API's own words for what is wrong; ok is false for other errors.
func Violations(err error) (vs []*errdetails.BadRequest_FieldViolation, msg string, ok bool) {
	var se interface{ GRPCStatus() *status.Status }
	if !errors.As(err, &se) {
		return nil, "", false
	}
	st := se.GRPCStatus()
	if st.Code() != codes.InvalidArgument {
		return nil, "", false
	}
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			vs = append(vs, br.GetFieldViolations()...)
		}
	}
	return vs, strings.TrimPrefix(st.Message(), "invalid request: "), true
}

// Lines splits a textarea into its non-empty lines.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// List splits "3, 11" or "3 11" into items.
func List(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' || r == '\t' })
}
