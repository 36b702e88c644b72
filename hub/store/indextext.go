package store

import "github.com/hcnet/hcnet/internal/stem"

// indexText is what the full-text index holds of a record (migration
// 0008): its title, summary and body, each word stemmed by the rules of
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
	seen := map[string]bool{}
	note := func(w, s string) {
		if f := stem.Fold(w); f != s && !seen[f] {
			seen[f] = true
			if len(written) > 0 {
				written = append(written, ' ')
			}
			written = append(written, f...)
		}
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
