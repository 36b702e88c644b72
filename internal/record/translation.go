package record

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// maxLanguages bounds the languages one record may be written in.
const maxLanguages = 40

// TextField is one field of a record that may be written in several
// languages, with its text in the record's original language.
type TextField struct {
	// Key names the field in a Translation ("title", "goals.g1.title").
	Key string
	// Field is the field's own name ("title", "description"), and Part
	// the title of the part of the record it belongs to ("" for the
	// record itself, a goal's title for a goal's field).
	Field, Part string
	// Max is the most characters the field may hold.
	Max  int
	Text string
}

// textField is a TextField of a record being read or changed: at is where
// the record keeps the field's original text.
type textField struct {
	key, field, part string
	max              int
	at               *string
}

// localTexts is where a record keeps its free text: the original
// language's in its own fields, the others in translations.
type localTexts struct {
	// title is the key of the field a person calls the record by, ""
	// when that is a name, the same in every language (a city's).
	title        string
	original     *string
	translations *map[string]*hcnetv1.Translation
	fields       []textField
}

// own is a textField of the record itself.
func own(key string, max int, at *string) textField {
	return textField{key: key, field: key, max: max, at: at}
}

func (lt *localTexts) keys() map[string]textField {
	out := make(map[string]textField, len(lt.fields))
	for _, f := range lt.fields {
		out[f.key] = f
	}
	return out
}

// Translatable tells whether records of the kind keep translations of
// their free text (a practice keeps all its languages in its texts).
func (in *Info) Translatable() bool { return in.texts != nil }

// TextFields are the fields of m that may be translated, in the order a
// form shows them, with their text in m's original language.
func (in *Info) TextFields(m proto.Message) []TextField {
	if in.texts == nil {
		return nil
	}
	lt := in.texts(m)
	out := make([]TextField, len(lt.fields))
	for i, f := range lt.fields {
		out[i] = TextField{Key: f.key, Field: f.field, Part: f.part, Max: f.max, Text: *f.at}
	}
	return out
}

// OriginalLanguage is the language m's free text was first written in,
// "" when its city did not say.
func (in *Info) OriginalLanguage(m proto.Message) string {
	if in.texts == nil {
		return ""
	}
	return *in.texts(m).original
}

// Translations are m's translations, keyed by language; nil for a kind
// that keeps none.
func (in *Info) Translations(m proto.Message) map[string]*hcnetv1.Translation {
	if in.texts == nil {
		return nil
	}
	return *in.texts(m).translations
}

// SetTranslation writes m's free text in lang, field by field as
// TextField.Key names them; fields left empty are read in the original
// language, and a translation with no field at all is removed. It sets
// the original language to original when m names none yet.
func (in *Info) SetTranslation(m proto.Message, original, lang string, fields map[string]string) {
	if in.texts == nil {
		return
	}
	lt := in.texts(m)
	if *lt.original == "" {
		*lt.original = original
	}
	kept := map[string]string{}
	for k, v := range fields {
		if v != "" {
			kept[k] = v
		}
	}
	if len(kept) == 0 {
		delete(*lt.translations, lang)
		return
	}
	if *lt.translations == nil {
		*lt.translations = map[string]*hcnetv1.Translation{}
	}
	(*lt.translations)[lang] = &hcnetv1.Translation{Fields: kept}
}

// Localized is a record as a reader of one language reads it: its free
// text in that language where the record has it, else in the original.
type Localized struct {
	// Msg is a copy of the record with its text fields in the reader's
	// language where there is a translation; a practice, which keeps
	// every language in its texts, is Msg as it is, its text in Lang
	// read from its texts.
	Msg proto.Message
	// Original is the record's original language ("" when unknown), Lang
	// the language of the translation shown (Original when none is).
	Original, Lang string
	shown          map[string]bool
	title          string
}

// LangOf is the language the field key (TextField.Key) of Msg is in.
func (l Localized) LangOf(key string) string {
	if l.shown[key] {
		return l.Lang
	}
	return l.Original
}

// TitleLang is the language of the record's title as Msg holds it, ""
// when the title is a name (a city's), in no language of its own.
func (l Localized) TitleLang() string {
	if l.title == "" {
		return ""
	}
	return l.LangOf(l.title)
}

// Translated tells whether the reader reads a translation rather than
// the original.
func (l Localized) Translated() bool { return l.Lang != l.Original }

// Localize is m as a reader of lang reads it. m is not changed.
func (in *Info) Localize(m proto.Message, lang string) Localized {
	if in.localize != nil {
		return in.localize(m, lang)
	}
	if in.texts == nil {
		return Localized{Msg: m}
	}
	c := proto.Clone(m)
	lt := in.texts(c)
	l := Localized{Msg: c, Original: *lt.original, Lang: *lt.original, title: lt.title}
	tr, ok := (*lt.translations)[lang]
	if !ok || lang == "" || lang == l.Original {
		return l
	}
	l.Lang, l.shown = lang, map[string]bool{}
	for _, f := range lt.fields {
		if v := tr.GetFields()[f.key]; v != "" {
			*f.at, l.shown[f.key] = v, true
		}
	}
	return l
}

// languages are the original language and the translations', the
// original first.
func (lt *localTexts) languages() []string {
	var out []string
	if *lt.original != "" {
		out = append(out, *lt.original)
	}
	for _, l := range sortedKeys(*lt.translations) {
		if l != *lt.original {
			out = append(out, l)
		}
	}
	return out
}

// index adds each translation's words in its language.
func (lt *localTexts) index(x *indexer) {
	for _, lang := range sortedKeys(*lt.translations) {
		x.in(lang)
		tr := (*lt.translations)[lang]
		for _, f := range lt.fields {
			x.words(tr.GetFields()[f.key])
		}
	}
}

// prune removes what translations say of fields the record no longer
// has, and a translation left with nothing.
func (lt *localTexts) prune() {
	keys := lt.keys()
	for lang, tr := range *lt.translations {
		for k := range tr.GetFields() {
			if _, ok := keys[k]; !ok {
				delete(tr.Fields, k)
			}
		}
		if len(tr.GetFields()) == 0 {
			delete(*lt.translations, lang)
		}
	}
}

// validate checks the original language and every translation: each a
// language other than the original, naming only fields the record has,
// each within the field's limit.
func (lt *localTexts) validate(c Checker) {
	trs := *lt.translations
	if ol := *lt.original; ol != "" {
		c.Language("original_language", ol)
	} else if len(trs) > 0 {
		c.Report("original_language", MsgOriginalRequired)
	}
	if len(trs) > maxLanguages {
		c.Report("translations", MsgTooManyLanguages, "Count", len(trs), "Max", maxLanguages)
		return
	}
	keys := lt.keys()
	for _, tag := range sortedKeys(trs) {
		name := fmt.Sprintf("translations[%q]", tag)
		c.Language(name, tag)
		if tag == *lt.original {
			c.Report(name, MsgIsOriginal)
		}
		fields := trs[tag].GetFields()
		if len(fields) == 0 {
			c.Report(name, MsgNoTranslation)
		}
		tc := c.At(name)
		for _, k := range sortedKeys(fields) {
			fname := fmt.Sprintf("fields[%q]", k)
			f, ok := keys[k]
			if !ok {
				known := make([]string, 0, len(lt.fields))
				for _, f := range lt.fields {
					known = append(known, f.key)
				}
				tc.Report(fname, MsgNotTranslatable, "Fields", known)
				continue
			}
			tc.Text(fname, fields[k], f.max, false)
		}
	}
}
