package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// formSpec says how a form's inputs relate to the record's fields: the
// labels for the error summary, and which input a violation's field path
// belongs to ("partnership.sdg.goals[1]" → "sdg_goals").
type formSpec struct {
	// prefix is the request field the record travels in ("partnership").
	prefix string
	labels map[string]string
	// paths maps a field path's start to an input, where they differ.
	paths map[string]string
	// rows maps a list's element path, its index written "[]"
	// ("funding_sources[]", "partners[].role"), to the name of the
	// inputs its rows have: element i is the input NAME-i.
	rows map[string]string
	// tr is the reader's language (specIn sets it): the API's
	// violations are said in it. Without one they stay in English.
	tr *i18n.Translator
}

// rowInput names the row input a list element's path points at
// ("partners[1].role" → "partner_role-1"), or "" when it points at none.
func (s formSpec) rowInput(path string) string {
	open := strings.IndexByte(path, '[')
	end := strings.IndexByte(path, ']')
	if open < 0 || end < open {
		return ""
	}
	i, err := strconv.Atoi(path[open+1 : end])
	if err != nil {
		return ""
	}
	generic := path[:open] + "[]" + path[end+1:]
	best, bestIn := "", ""
	for start, in := range s.rows {
		if (generic == start || strings.HasPrefix(generic, start+".") || strings.HasPrefix(generic, start+"[")) && len(start) > len(best) {
			best, bestIn = start, in
		}
	}
	if bestIn == "" {
		return ""
	}
	return bestIn + "-" + strconv.Itoa(i)
}

// label is what the error summary calls an input: a row's is its list's
// label and the row's number ("Funding sources, row 2").
func (s formSpec) label(in string) string {
	if l, ok := s.labels[in]; ok {
		return l
	}
	if dash := strings.LastIndexByte(in, '-'); dash > 0 {
		if i, err := strconv.Atoi(in[dash+1:]); err == nil {
			tr := s.lang()
			return tr.T("{{.List}}, row {{.Row}}", "List", s.labels[in[:dash]], "Row", tr.Number(i+1))
		}
	}
	return ""
}

// input names the form input a violation's field path points at, or ""
// when the form has none (the problem is then shown at the top only).
func (s formSpec) input(path string) string {
	path = strings.TrimPrefix(strings.TrimPrefix(path, s.prefix), ".")
	if in := s.rowInput(path); in != "" {
		return in
	}
	// The longest matching start wins: "sdg.targets" before "sdg".
	best, bestIn := "", ""
	for start, in := range s.paths {
		if (path == start || strings.HasPrefix(path, start+".") || strings.HasPrefix(path, start+"[")) && len(start) > len(best) {
			best, bestIn = start, in
		}
	}
	if bestIn != "" {
		return bestIn
	}
	first := path
	if i := strings.IndexAny(path, ".["); i >= 0 {
		first = path[:i]
	}
	if _, ok := s.labels[first]; ok {
		return first
	}
	return ""
}

// refused puts the API's answer into the form: each field violation next
// to its input, in the reader's language when the API sent its message.
// ok is false when the error was not about the input; the caller then
// fails the page.
func (s formSpec) refused(f *webui.Form, err error) bool {
	if vs, msg, ok := webui.Refusals(err); ok {
		if len(vs) == 0 {
			f.Add("", "", s.lang().T("The node refused the input: {{.Reason}}", "Reason", msg))
		}
		for _, v := range vs {
			in := s.input(v.Field)
			if in == "" {
				f.Add("", "", v.Field+": "+s.said(v))
				continue
			}
			f.Add(in, s.label(in), s.said(v))
		}
		return true
	}
	switch status.Code(err) {
	case codes.Aborted:
		f.Add("", "", "Someone changed this record while you were editing it. Open it again to see their changes, then make yours.")
		return true
	case codes.FailedPrecondition:
		f.Add("", "", status.Convert(err).Message())
		return true
	}
	return false
}

// formStatus is the HTTP status of a form shown again with problems.
const formStatus = http.StatusUnprocessableEntity

// said is a violation in the form's language, another field it names
// called by that field's label.
func (s formSpec) said(v record.Violation) string {
	return webui.Said(s.lang(), v, s.labelOf)
}

// labelOf is the label of the input a field path points at, or "".
func (s formSpec) labelOf(path string) string {
	if in := s.input(path); in != "" {
		return s.label(in)
	}
	return ""
}

// lang is the form's language, English for a spec no request set.
func (s formSpec) lang() *i18n.Translator {
	if s.tr != nil {
		return s.tr
	}
	c, err := i18n.Shared()
	if err != nil {
		// The catalogue is built into the binary; every test loads it.
		panic(err)
	}
	return c.In(i18n.English)
}
