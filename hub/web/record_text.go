package web

import (
	"html"
	"html/template"
	"slices"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"google.golang.org/protobuf/proto"
)

// shownText is the language a record's page shows the record's free
// text in: the reader's when the city wrote it, else the original.
type shownText struct {
	loc record.Localized
	// OriginalNote says the text is the original, in a language other
	// than the reader's ("Original in Swedish"); "" otherwise.
	OriginalNote string
	// ReadOriginal is the words of a link to the page in the original
	// language ("Read the original in English"), "" when the page shows
	// the original.
	ReadOriginal string
}

// localize is m as the reader of tr reads it, and what the page says of
// its language.
func localize(tr *i18n.Translator, in *record.Info, m proto.Message) (proto.Message, shownText) {
	return localizeIn(tr, in, m, "")
}

// localizeIn is m in the language text, when the city wrote m in it (a
// link asked for it: the original, or the language a search hit
// showed), else as localize reads it.
func localizeIn(tr *i18n.Translator, in *record.Info, m proto.Message, text string) (proto.Message, shownText) {
	lang := tr.Lang()
	if text != "" && slices.Contains(in.Text(m, "").Languages, text) {
		lang = text
	}
	loc := in.Localize(m, lang)
	st := shownText{loc: loc}
	if o := loc.Original; o != "" && !loc.Translated() && primary(o) != primary(tr.Lang()) {
		st.OriginalNote = tr.T("Original in {{.Language}}", "Language", languageName(tr, o))
	}
	if loc.Translated() && loc.Original != "" {
		st.ReadOriginal = tr.T("Read the original in {{.Language}}", "Language", languageName(tr, loc.Original))
	}
	return loc.Msg, st
}

// Shown is the language the text is shown in, "" when unknown.
func (s shownText) Shown() string { return s.loc.Lang }

// Original is the record's original language, "" when unknown.
func (s shownText) Original() string { return s.loc.Original }

// Lang is the lang attribute of the element showing the text field key
// (record.TextField.Key), empty when its language is unknown.
func (s shownText) Lang(key string) template.HTMLAttr {
	return langAttr(s.loc.LangOf(key))
}

// TitleLang is the lang attribute of the record's title.
func (s shownText) TitleLang() template.HTMLAttr { return langAttr(s.loc.TitleLang()) }

func langAttr(tag string) template.HTMLAttr {
	if tag == "" {
		return ""
	}
	// The tag was validated as BCP 47 at ingest; escaped all the same.
	return template.HTMLAttr(` lang="` + html.EscapeString(tag) + `"`)
}

// primary is a tag's language without region or script ("sv" of "sv-FI").
func primary(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	b, _ := t.Base()
	return b.String()
}

// languageName names a language tag in tr's language ("Swedish",
// "svenska", "шведский"); a tag no name is known for stays as it is.
func languageName(tr *i18n.Translator, tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if n := display.Tags(language.Make(tr.Lang())).Name(t); n != "" {
		return n
	}
	return tag
}
