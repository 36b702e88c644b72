package web

import (
	"context"
	"html/template"
	"sort"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Text is a practice's narrative in one language; Name is the
// language's name in the reader's language.
type Text struct {
	Lang, Name string
	*hcnetv1.PracticeText
}

// practiceView is a practice in every language it is written in, the
// partnerships and indicators it names, and its adoptions.
type practiceView struct {
	P *hcnetv1.Practice
	// Texts are the practice's languages, the original first.
	Texts        []Text
	Partnerships []Link
	Indicators   []Link
	AdoptedBy    []*hcnetv1.SearchHit
	// AdoptedFromHere is set when the hub holds the origin practice.
	AdoptedFromHere bool
}

// In is the practice's text in lang, nil when it has none.
func (v *practiceView) In(lang string) *Text {
	for i := range v.Texts {
		if v.Texts[i].Lang == lang {
			return &v.Texts[i]
		}
	}
	return nil
}

// Others are the practice's texts in languages other than lang, the
// original first: the page shows them below the one it reads in.
func (v *practiceView) Others(lang string) []Text {
	var out []Text
	for _, t := range v.Texts {
		if t.Lang != lang {
			out = append(out, t)
		}
	}
	return out
}

func buildPractice(ctx context.Context, l *linker, res *hcnetv1.GetRecordResponse, p *hcnetv1.Practice) (any, error) {
	v := &practiceView{P: p}
	langs := make([]string, 0, len(p.GetTexts()))
	for lang := range p.GetTexts() {
		langs = append(langs, lang)
	}
	// The original language first, then the others in order.
	sort.Slice(langs, func(i, j int) bool {
		if (langs[i] == p.GetOriginalLanguage()) != (langs[j] == p.GetOriginalLanguage()) {
			return langs[i] == p.GetOriginalLanguage()
		}
		return langs[i] < langs[j]
	})
	for _, lang := range langs {
		v.Texts = append(v.Texts, Text{Lang: lang, Name: languageName(l.tr, lang), PracticeText: p.GetTexts()[lang]})
	}
	var err error
	if v.Partnerships, err = l.links(ctx, p.GetPartnershipIds()); err != nil {
		return nil, err
	}
	if v.Indicators, err = l.links(ctx, p.GetIndicatorIds()); err != nil {
		return nil, err
	}
	if a := p.GetAdoptedFrom(); a != nil {
		origin, err := l.get(ctx, a.GetCountry(), a.GetCityId(), a.GetPracticeId())
		if err != nil {
			return nil, err
		}
		v.AdoptedFromHere = origin != nil
	}
	v.AdoptedBy = res.GetAdoptions()
	if rec := res.GetRecord(); len(v.AdoptedBy) == 0 && l.h.opts.Adoptions != nil {
		if v.AdoptedBy, err = l.h.opts.Adoptions(ctx, rec.GetCountry(), rec.GetCityId(), rec.GetId()); err != nil {
			return nil, err
		}
	}
	if err := l.inReadersLanguage(ctx, v.AdoptedBy); err != nil {
		return nil, err
	}
	return v, nil
}

// inReadersLanguage titles the practices hits name in the reader's
// language where their cities wrote them in it, as their pages read:
// the hub lists them by the title they arrived with. Past maxRead they
// keep that title, so a page reads a bounded number of records.
func (l *linker) inReadersLanguage(ctx context.Context, hits []*hcnetv1.SearchHit) error {
	for i, h := range hits {
		if i == maxRead {
			break
		}
		rec, err := l.get(ctx, h.GetCountry(), h.GetCityId(), h.GetId())
		if err != nil {
			return err
		}
		if in, m := record.Unwrap(rec.GetRecord()); in != nil {
			if t := in.Text(m, l.language()); t.Title != "" {
				h.Title, h.Lang = t.Title, t.Lang
			}
		}
	}
	return nil
}

// Lang is the lang attribute of a listed practice's title.
func (v *practiceView) Lang(h *hcnetv1.SearchHit) template.HTMLAttr { return langAttr(h.GetLang()) }
