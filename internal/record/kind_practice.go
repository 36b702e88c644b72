package record

import (
	"strconv"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A good practice, written in one or more languages. Its contacts are
// people and stay on the node.
var practiceInfo = spec[*hcnetv1.Practice]{
	kind: KindPractice,
	wrap: wrapPractice,
	unwrap: func(rec *hcnetv1.SharedRecord) (*hcnetv1.Practice, bool) {
		r := rec.GetPractice()
		return r, r != nil
	},
	text: func(r *hcnetv1.Practice, lang string) Text {
		langs := sortedKeys(r.GetTexts())
		shown := PracticeLanguage(r, lang)
		t := r.GetTexts()[shown]
		return Text{Title: t.GetTitle(), Summary: t.GetSummary(), Languages: langs, Lang: shown, Original: PracticeLanguage(r, "")}
	},
	share: func(r *hcnetv1.Practice, c carrier) (*hcnetv1.SharedRecord, error) {
		r.Contacts = nil
		ids, err := c.refs(KindPartnership, r.GetPartnershipIds())
		if err != nil {
			return nil, err
		}
		r.PartnershipIds = ids
		if ids, err = c.refs(KindIndicator, r.GetIndicatorIds()); err != nil {
			return nil, err
		}
		r.IndicatorIds = ids
		if a := r.GetAdoptedFrom(); a != nil && c.names(a.GetCountry(), a.GetCityId()) {
			id, err := c.ref(KindPractice, a.GetPracticeId())
			if err != nil {
				return nil, err
			}
			if id == "" {
				r.AdoptedFrom = nil
			}
		}
		return wrapPractice(r), nil
	},
	personal: func(r *hcnetv1.Practice) string {
		if len(r.GetContacts()) > 0 {
			return "a shared practice carries personal contacts"
		}
		return ""
	},
	index: func(x *indexer, r *hcnetv1.Practice) {
		x.ix.Status = ShortName(r.GetStatus())
		terms(x, FacetSector, r.GetSectors())
		terms(x, FacetSetting, r.GetSettings())
		terms(x, FacetMechanism, r.GetMechanisms())
		terms(x, FacetSixP, r.GetSixPs())
		x.sdg(r.GetSdg())
		x.ix.Lang = PracticeLanguage(r, "")
		for _, lang := range sortedKeys(r.GetTexts()) {
			t := r.GetTexts()[lang]
			x.in(lang)
			x.words(t.GetTitle(), t.GetSummary(), t.GetBody())
		}
		// The narrative fields have no language of their own: the
		// practice's, as the city wrote it.
		x.in(x.ix.Lang)
		x.words(r.GetProblem(), r.GetContext(), r.GetActivities(), r.GetResults(), r.GetLessonsLearnt(), r.GetTransferNotes())
		x.words(r.GetPartners()...)
		x.words(r.GetEquityGroups()...)
		for i, id := range r.GetIndicatorIds() {
			x.ref("indicator_ids["+strconv.Itoa(i)+"]", KindIndicator, id)
		}
		for i, id := range r.GetPartnershipIds() {
			x.ref("partnership_ids["+strconv.Itoa(i)+"]", KindPartnership, id)
		}
		if a := r.GetAdoptedFrom(); a != nil {
			x.across("adopted_from.practice_id", RelAdoptedFrom, KindPractice, a.GetCountry(), a.GetCityId(), a.GetPracticeId())
		}
	},
	localize: localizePractice,
	validate: validatePractice,
	groups:   func(r *hcnetv1.Practice) []string { return r.GetEquityGroups() },
}.info(func() *hcnetv1.Practice { return &hcnetv1.Practice{} })

func wrapPractice(r *hcnetv1.Practice) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: r}}
}

// practiceTexts are the keys of the fields a practice writes in each of
// its languages; the rest of its narrative is in its original language.
var practiceTexts = map[string]bool{"title": true, "summary": true, "body": true}

// localizePractice is r as a reader of lang reads it: its title, summary
// and body in lang where r is written in it (PracticeLanguage), the rest
// in the original.
func localizePractice(r *hcnetv1.Practice, lang string) Localized {
	l := Localized{Msg: r, Original: PracticeLanguage(r, ""), Lang: PracticeLanguage(r, lang), title: "title"}
	if l.Lang != l.Original {
		l.shown = practiceTexts
	}
	return l
}

// PracticeLanguage is the language a practice is read in by a reader of
// lang: lang when the practice is written in it, else the practice's
// original language, else the first of its languages in alphabetical
// order ("" when it has no text at all).
func PracticeLanguage(r *hcnetv1.Practice, lang string) string {
	texts := r.GetTexts()
	if _, ok := texts[lang]; ok && lang != "" {
		return lang
	}
	if _, ok := texts[r.GetOriginalLanguage()]; ok {
		return r.GetOriginalLanguage()
	}
	first := ""
	for l := range texts {
		if first == "" || l < first {
			first = l
		}
	}
	return first
}
