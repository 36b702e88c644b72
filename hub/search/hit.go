package search

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"google.golang.org/protobuf/proto"
)

// finishHits adds to a page of hits what only the page needs: a snippet
// with the matches in [brackets], and for a practice written in several
// languages the title and summary of the language that matched best. Done
// for the page alone, so a large result set costs no snippets.
//
// The snippets are made from the page's texts (snippetOf): the index
// holds stems, not the texts, so FTS5's snippet() has nothing to show.
func (e *Engine) finishHits(ctx context.Context, fts string, hits []Hit) error {
	if fts == "" || len(hits) == 0 {
		return nil
	}
	ids := make([]any, len(hits))
	for i, h := range hits {
		ids[i] = h.Rowid
	}
	phrases := queryPhrases(fts)
	lex, err := e.newLexicon(ctx)
	if err != nil {
		return err
	}
	if err := lex.attach(ctx, phrases); err != nil {
		return err
	}
	rows, err := e.db.QueryContext(ctx, `SELECT r.rowid, r.envelope, r.title, r.summary, r.body FROM records r
		WHERE r.rowid IN (`+Placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byRow := make(map[int64]*hcnetv1.SearchHit, len(hits))
	for _, h := range hits {
		byRow[h.Rowid] = h.Hit
	}
	for rows.Next() {
		var rowid int64
		var env []byte
		var texts [3]string
		if err := rows.Scan(&rowid, &env, &texts[0], &texts[1], &texts[2]); err != nil {
			return err
		}
		h := byRow[rowid]
		if h == nil {
			continue
		}
		snippet := snippetOf(texts, phrases)
		h.Snippet = snippet
		if len(h.Languages) > 1 {
			if p := practiceOf(env); p != nil {
				if lang, t := bestText(p, matchedTerms(snippet)); t != nil {
					h.Title, h.Summary, h.Lang = t.GetTitle(), t.GetSummary(), lang
				}
			}
		}
	}
	return rows.Err()
}

// practiceOf decodes the practice in a stored envelope; nil for anything
// else. The envelope was verified at ingest.
func practiceOf(envBytes []byte) *hcnetv1.Practice {
	env := &hcnetv1.Envelope{}
	rec := &hcnetv1.SharedRecord{}
	if proto.Unmarshal(envBytes, env) != nil || proto.Unmarshal(env.GetPayload(), rec) != nil {
		return nil
	}
	return rec.GetPractice()
}

// matchedTerms are the bracketed words of a snippet, folded.
func matchedTerms(snippet string) []string {
	var out []string
	for {
		i := strings.IndexByte(snippet, '[')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(snippet[i:], ']')
		if j < 0 {
			return out
		}
		out = append(out, words(snippet[i+1:i+j])...)
		snippet = snippet[i+j+1:]
	}
}

// bestText is the practice's text in the language whose words cover the
// most matched terms, and that language; nil when the original language
// does as well as any, so the stored title stays.
func bestText(p *hcnetv1.Practice, terms []string) (string, *hcnetv1.PracticeText) {
	if len(terms) == 0 {
		return "", nil
	}
	score := func(t *hcnetv1.PracticeText) int {
		ws := words(t.GetTitle() + " " + t.GetSummary() + " " + t.GetBody())
		n := 0
		for _, term := range terms {
			if slices.ContainsFunc(ws, func(w string) bool { return strings.HasPrefix(w, term) }) {
				n++
			}
		}
		return n
	}
	best, bestScore := "", score(p.GetTexts()[p.GetOriginalLanguage()])
	langs := make([]string, 0, len(p.GetTexts()))
	for l := range p.GetTexts() {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, l := range langs {
		if n := score(p.GetTexts()[l]); n > bestScore {
			best, bestScore = l, n
		}
	}
	if best == "" {
		return "", nil
	}
	return best, p.GetTexts()[best]
}

// fold lower-cases and strips diacritics the way the unicode61 tokenizer
// with remove_diacritics 2 does, so "Malmö" matches "malmo".
var fold = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// words splits text into folded words.
func words(s string) []string {
	folded, _, err := transform.String(fold, strings.ToLower(s))
	if err != nil {
		folded = strings.ToLower(s)
	}
	return strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// SortCounts puts the largest counts first; equal counts in value order,
// numbers (SDG goals) numerically.
func SortCounts(cs []*hcnetv1.FacetCount) {
	slices.SortFunc(cs, func(a, b *hcnetv1.FacetCount) int {
		if c := cmp.Compare(b.GetCount(), a.GetCount()); c != 0 {
			return c
		}
		return CompareValues(a.GetValue(), b.GetValue())
	})
}

// CompareValues orders facet values: numbers (SDG goals) numerically,
// anything else as text.
func CompareValues(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return strings.Compare(a, b)
}
