package chart

import (
	"math"

	"github.com/hcnet/hcnet/internal/i18n"
)

// english writes charts that were given no language.
var english = func() *i18n.Translator {
	c, err := i18n.Shared()
	if err != nil {
		// The catalogue is part of the binary; every test loads it.
		panic(err)
	}
	return c.In(i18n.English)
}()

// words is tr, or English when the chart was given no language.
func words(tr *i18n.Translator) *i18n.Translator {
	if tr == nil {
		return english
	}
	return tr
}

// number writes v to two decimals at most: as Number in English, with
// the language's decimal mark and grouping otherwise.
func number(tr *i18n.Translator, v float64) string {
	if tr == nil || tr.Lang() == i18n.English {
		return Number(v)
	}
	r := math.Round(v*100) / 100
	if r == 0 {
		r = 0 // no "-0"
	}
	return tr.Number(r)
}

// tickLabel is a time axis label: a year as it is, a month in the
// language's numeric layout ("03.2025").
func tickLabel(tr *i18n.Translator, t TimeTick) string {
	if len(t.Label) <= 4 || tr == nil {
		return t.Label
	}
	return t.Time.Format(tr.T("Jan 2006"))
}
