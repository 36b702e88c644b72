package search

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/hcnet/hcnet/internal/stem"
)

// The index holds each word as its stem in the language of its record
// (package stem, Store.Apply). A query's language is not known, and a
// reader may well search for an English word among Swedish practices, so
// each word of a query is looked for in every form it may have been
// indexed as: as written, and stemmed by the rules of each language the
// hub's records are in (search_languages), ORed. A language's own reader
// would stem their query by their own language only; but then an English
// practice would not be found by its own English words from a Swedish
// page ("meeting" is stemmed "meet" in English, left as it is in
// Swedish), so the reader's language is no narrower choice that still
// finds every record by its exact words.
//
// A Swedish, Danish or German compound is found by its first part:
// "stad" finds "stadsodling", "Stadt" finds "Stadtgarten". A word's
// compounds are the index's terms that begin with one of its forms and
// go on with another word of the index, perhaps after a linking letter
// or two ("stad" + "s" + "odling"): the dictionary is the index itself,
// so it knows every word the hub holds and no other. A plain prefix
// would also find "stadion" and "stadig"; splitting against the index
// finds only what is made of known words. It is done only when the
// hub holds records in one of those languages, and only for words of
// at least three letters followed by at least four: shorter tails are
// too often endings ("stad" + "ig").

// compoundLanguages are the languages whose compounds are written as one
// word.
var compoundLanguages = []string{"da", "de", "sv"}

// Limits of compound splitting.
const (
	minHead = 3 // letters of the first part
	minTail = 4 // letters of the rest, without its linking letters
)

// linking are the letters that may join the parts of a compound: Swedish
// "stad-s-odling", German "Arbeit-s-platz", "Kind-er-garten".
var linking = []string{"", "s", "e", "n", "en", "er", "es", "ens", "a", "o", "u"}

// lexicon is what one search knows of its words: the languages of the
// hub's records and, for each word, the index terms it matches.
type lexicon struct {
	e         *Engine
	langs     []string
	compounds bool
	forms     map[string][]string // by lower-cased word; compounds too
}

// newLexicon reads the languages the hub's records are written in.
func (e *Engine) newLexicon(ctx context.Context) (*lexicon, error) {
	l := &lexicon{e: e, forms: map[string][]string{}}
	rows, err := e.db.QueryContext(ctx, `SELECT lang FROM search_languages ORDER BY lang`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var lang string
		if err := rows.Scan(&lang); err != nil {
			return nil, err
		}
		l.langs = append(l.langs, lang)
		for _, c := range compoundLanguages {
			l.compounds = l.compounds || c == lang
		}
	}
	return l, rows.Err()
}

// wordForms are the index terms a lower-cased word matches: its forms
// (stem.Forms) and, when compound is set, the compounds it begins.
func (l *lexicon) wordForms(ctx context.Context, w string, compound bool) ([]string, error) {
	key := w
	if compound {
		key = "+" + w
	}
	if f, ok := l.forms[key]; ok {
		return f, nil
	}
	forms := stem.Forms(w, l.langs)
	if compound && l.compounds {
		more, err := l.compoundsOf(ctx, forms)
		if err != nil {
			return nil, err
		}
		forms = append(forms, more...)
	}
	l.forms[key] = forms
	return forms, nil
}

// compoundsOf lists the index terms that are compounds beginning with one
// of forms.
func (l *lexicon) compoundsOf(ctx context.Context, forms []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, f := range forms {
		seen[f] = true
	}
	checked := map[string]bool{}
	for _, head := range forms {
		if utf8.RuneCountInString(head) < minHead || !asciiWord(head) {
			continue
		}
		terms, err := l.e.prefixTerms(ctx, head, maxPrefixTerms)
		if err != nil || len(terms) > maxPrefixTerms {
			// Too many words begin so: the head is too common a
			// beginning to tell compounds by.
			return out, err
		}
		for _, t := range terms {
			if seen[t] {
				continue
			}
			rest := t[len(head):]
			for _, link := range linking {
				tail, ok := strings.CutPrefix(rest, link)
				if !ok || utf8.RuneCountInString(tail) < minTail {
					continue
				}
				known, done := checked[tail]
				if !done {
					if known, err = l.e.hasTerm(ctx, tail); err != nil {
						return nil, err
					}
					checked[tail] = known
				}
				if known {
					seen[t] = true
					out = append(out, t)
					break
				}
			}
		}
	}
	return out, nil
}

// hasTerm says whether the index holds a term.
func (e *Engine) hasTerm(ctx context.Context, term string) (bool, error) {
	var n int
	err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM records_fts WHERE records_fts MATCH ? LIMIT 1)`, quote(term)).Scan(&n)
	return n > 0, err
}

// textColumns are the columns of records_fts that hold the texts' stems
// in order.
const textColumns = "{title summary body}"

// quote is a term as an FTS5 string.
func quote(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }

// rewrite turns a query into one over the index's terms: each word or
// phrase becomes the OR of the forms it may be indexed as (see above),
// and each prefix the terms it stands for (expandPrefixes).
func (l *lexicon) rewrite(ctx context.Context, q string) (string, error) {
	var err error
	out := rewriteTerms(q, func(t ftsTerm) string {
		if err != nil || t.prefix {
			return ""
		}
		var alts []string
		alts, err = l.termForms(ctx, t.word)
		if len(alts) == 0 {
			return ""
		}
		quoted := make([]string, len(alts))
		for i, a := range alts {
			quoted[i] = quote(a)
			// The written column is a bag of words (migration 0009):
			// a phrase is looked for in the texts' columns only.
			if strings.Contains(a, " ") {
				quoted[i] = textColumns + " : " + quoted[i]
			}
		}
		return "(" + strings.Join(quoted, " OR ") + ")"
	})
	if err != nil {
		return "", err
	}
	return l.e.expandPrefixes(ctx, out)
}

// termForms are the strings a term of a query (a word, or the words of
// a phrase) is looked for as: a word's forms and compounds; a phrase
// written as it is and stemmed by each language, its words all by the
// same one, since a phrase is in one language.
func (l *lexicon) termForms(ctx context.Context, text string) ([]string, error) {
	ws := stem.Words(text)
	switch len(ws) {
	case 0:
		return nil, nil
	case 1:
		return l.wordForms(ctx, ws[0], true)
	}
	folded := make([]string, len(ws))
	for i, w := range ws {
		folded[i] = stem.Fold(w)
	}
	out := []string{strings.Join(folded, " ")}
	for _, lang := range l.langs {
		st := stem.For(lang)
		for twice := range 2 {
			stems := make([]string, len(ws))
			for i, w := range ws {
				stems[i] = st.Word(w)
				if twice == 1 {
					stems[i] = st.Word(stems[i])
				}
			}
			if p := strings.Join(stems, " "); !contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// attach gives each phrase the index terms its words match (phrase.forms),
// so that ranking and snippets count what the index matched.
func (l *lexicon) attach(ctx context.Context, phrases []phrase) error {
	texts := &textForms{langs: l.langs, memo: map[string][]string{}}
	for p := range phrases {
		ph := &phrases[p]
		ph.forms = make([]map[string]bool, len(ph.raw))
		ph.keys = make([]map[string]bool, len(ph.raw))
		ph.texts = texts
		for j, w := range ph.raw {
			forms, err := l.wordForms(ctx, w, len(ph.raw) == 1 && !ph.prefix)
			if err != nil {
				return err
			}
			ph.forms[j], ph.keys[j] = map[string]bool{}, map[string]bool{}
			for _, f := range forms {
				ph.forms[j][f] = true
				ph.keys[j][key(f)] = true
			}
		}
	}
	return nil
}
