package web

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A record's fields as a reader in another language reads them: the
// vocabulary's words, SDG tags, periods and a form's problems named by
// the labels of the reader's language. The English of each is what the
// pages wrote before they spoke other languages.

// termOf is one vocabulary value in tr's language.
func termOf[E record.Enum](tr *i18n.Translator, e E) string {
	s := record.ShortName(e)
	if s == "" {
		return ""
	}
	return tr.Term(webui.TermID(e.Descriptor(), s), webui.Words(s))
}

// termsOf is a list of vocabulary values in tr's language.
func termsOf[E record.Enum](tr *i18n.Translator, es []E) string {
	var out []string
	for _, e := range es {
		out = append(out, termOf(tr, e))
	}
	return strings.Join(out, ", ")
}

// sdgLine is "goals 3, 11; targets 3.4" in tr's language.
func sdgLine(tr *i18n.Translator, t *hcnetv1.SdgTags) string {
	var goals []string
	for _, g := range t.GetGoals() {
		goals = append(goals, strconv.Itoa(int(g)))
	}
	var parts []string
	if len(goals) > 0 {
		parts = append(parts, tr.T("goals {{.Goals}}", "Goals", strings.Join(goals, ", ")))
	}
	if len(t.GetTargets()) > 0 {
		parts = append(parts, tr.T("targets {{.Targets}}", "Targets", strings.Join(t.GetTargets(), ", ")))
	}
	return strings.Join(parts, "; ")
}

// period is a period as a reader says it, in tr's language.
func period(tr *i18n.Translator, start, end string) string {
	switch {
	case start == "" && end == "":
		return ""
	case end == "":
		return tr.T("from {{.Start}}", "Start", start)
	case start == "":
		return tr.T("until {{.End}}", "End", end)
	}
	return tr.T("{{.Start}} to {{.End}}", "Start", start, "End", end)
}

// languageIn names a language tag in tr's language with the tag:
// "Swedish (sv)", "svenska (sv)", "шведский (sv)". A tag no language
// name is known for stays as it is.
func languageIn(tr *i18n.Translator, tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if n := display.Tags(language.Make(tr.Lang())).Name(t); n != "" {
		return n + " (" + tag + ")"
	}
	return tag
}

// descriptionTerm is the catalogues' id of the label "Description",
// which cannot be its own id: go-i18n reads a file holding a key named
// "description" as one message whose description that is.
const descriptionTerm = "Field.description"

// formLabel is a form's or record page's label in tr's language.
func formLabel(tr *i18n.Translator, english string) string {
	if english == "Description" {
		return tr.Term(descriptionTerm, english)
	}
	return tr.T(english)
}

// relabel names each problem of a form by its input's label in tr's
// language, whatever words the problem was added with: a row's input
// is its list's label and the row's number ("Funding sources, row 2").
// extra are labels of inputs the spec does not name (a partner's role).
func relabel(tr *i18n.Translator, f *webui.Form, s formSpec, extra func(in string) string) {
	for i, p := range f.Problems {
		in := p.Field
		if l, ok := s.labels[in]; ok {
			f.Problems[i].Label = formLabel(tr, l)
			continue
		}
		if extra != nil {
			if l := extra(in); l != "" {
				f.Problems[i].Label = l
				continue
			}
		}
		if dash := strings.LastIndexByte(in, '-'); dash > 0 {
			if n, err := strconv.Atoi(in[dash+1:]); err == nil {
				if l, ok := s.labels[in[:dash]]; ok {
					f.Problems[i].Label = tr.T("{{.List}}, row {{.Row}}", "List", formLabel(tr, l), "Row", tr.Number(n+1))
				}
			}
		}
	}
}

// enumIn reads a select as enumField does, saying what is wrong in tr's
// language.
func enumIn[E record.Enum](tr *i18n.Translator, f *webui.Form, name string) E {
	e, err := record.ParseEnum[E](f.Get(name))
	if err != nil {
		f.Add(name, "", notAChoice(tr, err))
	}
	return e
}

// enumsIn reads a group of checkboxes, saying what is wrong in tr's
// language; the empty value a group sends so that none ticked still
// reaches the server is not a choice.
func enumsIn[E record.Enum](tr *i18n.Translator, f *webui.Form, name string) []E {
	es, err := record.ParseEnums[E](rowValues(f, name))
	if err != nil {
		f.Add(name, "", notAChoice(tr, err))
	}
	return es
}

// notAChoice says a value is none of the vocabulary's. In English it is
// the vocabulary's own message, which names the value and the choices
// in the short names hcctl and the spreadsheets take; other languages
// say it in words of their own, as only a post not made by the form's
// choices can send such a value.
func notAChoice(tr *i18n.Translator, err error) string {
	if tr.Lang() == i18n.English {
		return err.Error()
	}
	return tr.T("is not one of the choices offered")
}

// sdgIn reads goals ("3, 11") and targets ("3.4, 11.7") as sdgField
// does, for a form whose problems are labelled afterwards (relabel).
func sdgIn(tr *i18n.Translator, f *webui.Form) *hcnetv1.SdgTags {
	return sdgField(tr, f, formSpec{})
}
