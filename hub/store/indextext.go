package store

import (
	"slices"

	"github.com/hcnet/hcnet/internal/stem"
)

// indexText is what the full-text index holds of a record (migration
// 0009): its title, summary and body, each word stemmed by the rules of
// the language it is written in (stem.Stemmer.Text); the words whose
// stems differ from them, folded as written, once each; and the
// languages with a stemmer that it uses.
type indexText struct {
	title, summary, body, written string
	langs                         []string
}

// indexTextOf works out a record's index text from its description.
func indexTextOf(d *Description) indexText {
	stemmers := map[string]*stem.Stemmer{}
	var out indexText
	var written []byte
	// Most records have a few dozen such words, which a scan finds
	// faster than a map; a long text gets a map.
	var seen []string
	var seenSet map[string]bool
	note := func(w, s string) {
		f := stem.Fold(w)
		if f == s || seenSet[f] || seenSet == nil && slices.Contains(seen, f) {
			return
		}
		seen = append(seen, f)
		switch {
		case seenSet != nil:
			seenSet[f] = true
		case len(seen) > 64:
			seenSet = make(map[string]bool, 2*len(seen))
			for _, x := range seen {
				seenSet[x] = true
			}
		}
		if len(written) > 0 {
			written = append(written, ' ')
		}
		written = append(written, f...)
	}
	of := func(lang string) *stem.Stemmer {
		p := stem.Primary(lang)
		st := stemmers[p]
		if st == nil {
			st = stem.For(p)
			st.Written = note
			stemmers[p] = st
			if p != "" {
				out.langs = append(out.langs, p)
			}
		}
		return st
	}
	out.title = of(d.Index.Lang).Text(d.Title)
	out.summary = of(d.Index.Lang).Text(d.Summary)
	var body []byte
	for i, part := range d.Index.Parts {
		if i > 0 {
			body = append(body, '\n')
		}
		body = append(body, of(part.Lang).Text(part.Text)...)
	}
	out.body = string(body)
	out.written = string(written)
	return out
}
