package i18n

import (
	"fmt"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Translator writes messages, dates and numbers in one language.
type Translator struct {
	c    *Catalogue
	lang string
}

// Lang is the translator's language code.
func (t *Translator) Lang() string { return t.lang }

// T is the message whose English text is id, in the translator's
// language. kv are the values its {{.Name}} placeholders take, as name,
// value pairs.
func (t *Translator) T(id string, kv ...any) string {
	return t.c.localize(t.lang, &i18n.LocalizeConfig{
		DefaultMessage: &i18n.Message{ID: id, Other: id},
		TemplateData:   data(kv),
	})
}

// Term is a word of the domain's vocabulary ("Sector.urban_planning"),
// whose id names what it is, since the same English word may be two
// terms ("planned" as a partnership's and an action's status); english
// is its English text.
func (t *Translator) Term(id, english string) string {
	return t.c.localize(t.lang, &i18n.LocalizeConfig{
		DefaultMessage: &i18n.Message{ID: id, Other: english},
	})
}

// N is a message with plural forms: one and other are its English forms
// (other is its id), n (any integer type, as protobuf counts are int64)
// chooses the form, and {{.Count}} is n written in the language.
func (t *Translator) N(one, other string, n any, kv ...any) string {
	d := data(kv)
	d["Count"] = t.Number(n)
	return t.c.localize(t.lang, &i18n.LocalizeConfig{
		DefaultMessage: &i18n.Message{ID: other, One: one, Other: other},
		PluralCount:    n,
		TemplateData:   d,
	})
}

func data(kv []any) map[string]any {
	d := make(map[string]any, len(kv)/2+1)
	for i := 0; i+1 < len(kv); i += 2 {
		d[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return d
}

// dateLayout is the message that tells a language how it writes a date,
// as a Go time layout: each catalogue says it its own way. English keeps
// ISO 8601, which reads the same everywhere.
const dateLayout = "2006-01-02"

// Date writes a day the way the language writes it, all in numbers, so
// no month name needs translating.
func (t *Translator) Date(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.UTC().Format(t.T(dateLayout))
}

// Time writes a moment as its date and its UTC time of day.
func (t *Translator) Time(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return t.Date(d) + " " + d.UTC().Format("15:04") + " UTC"
}

// Number writes a number (any integer or float type) with the language's
// decimal mark and grouping: 12 345,6 in Swedish, 12.345,6 in German,
// 12,345.6 in English. A negative number takes the minus sign (−0,3)
// in every language but English, which keeps the keyboard's hyphen-minus
// (-0.3) as its other plain forms do (ISO dates, "26%"): CLDR gives the
// minus sign to Swedish and Finnish only, but typography in every one of
// the network's languages sets it, and it is as wide as the "+" of a
// rise, so a column of changes lines up.
func (t *Translator) Number(v any) string {
	p := message.NewPrinter(language.MustParse(t.lang))
	s := p.Sprint(number.Decimal(v, number.MaxFractionDigits(6)))
	if t.lang != English {
		s = strings.Replace(s, "-", minusSign, 1)
	}
	return s
}

// minusSign is U+2212 MINUS SIGN.
const minusSign = "\u2212"
