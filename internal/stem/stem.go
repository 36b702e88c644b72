package stem

import (
	"strings"

	"github.com/blevesearch/snowballstem"
)

// A Stemmer reduces words of one language to their stems. It keeps the
// Snowball state between words, so it is not safe for concurrent use.
type Stemmer struct {
	// yo is set for Russian, whose stemmer reads "ё" as no vowel at all:
	// the algorithm asks for it to be written "е" first.
	yo bool
	// Written, when set, is told each word Text reads, lower-cased, and
	// the form it gave it.
	Written func(word, indexed string)

	stem  func(*snowballstem.Env) bool
	env   *snowballstem.Env
	cache *cache
}

// For returns the stemmer of a language; one for a language without
// Snowball rules only folds.
func For(lang string) *Stemmer {
	p := Primary(lang)
	return &Stemmer{stem: stemmerOf(lang), env: snowballstem.NewEnv(""), yo: p == "ru", cache: caches[p]}
}

// Word is the indexed form of a lower-cased word: its stem, folded.
func (s *Stemmer) Word(w string) string {
	if s.stem == nil || !stemmable(w) {
		return Fold(w)
	}
	if f, ok := s.cache.get(w); ok {
		return f
	}
	in := w
	if s.yo {
		in = strings.ReplaceAll(in, "ё", "е")
	}
	s.env.SetCurrent(in)
	s.stem(s.env)
	f := Fold(s.env.Current())
	s.cache.put(w, f)
	return f
}

// stemmable says whether a word is one a stemmer should see: numbers
// ("2030", "3.4" split as "3" and "4") are kept as written.
func stemmable(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return true
		}
	}
	return false
}

// Text is text as the index holds it: each word's indexed form, in
// order, separated by spaces. The index's own tokenizer then finds the
// same words in the same places, so phrases and NEAR keep working.
func (s *Stemmer) Text(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	eachWord(text, func(w string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		f := s.Word(w)
		b.WriteString(f)
		if s.Written != nil {
			s.Written(w, f)
		}
	})
	return b.String()
}

// Forms are the words a query word may be indexed as in a record of one
// of langs: folded as it is, and stemmed by each language's rules, once
// and twice. Twice, because Snowball's stems are not always stable:
// Swedish "promenader" is stemmed to "promenad", but "promenad" to
// "promen", so the singular must also be looked for as the plural's
// stem stemmed again. The first form is the word folded.
func Forms(w string, langs []string) []string {
	w = strings.ToLower(w)
	out := []string{Fold(w)}
	add := func(f string) {
		for _, o := range out {
			if o == f {
				return
			}
		}
		out = append(out, f)
	}
	if !stemmable(w) {
		return out
	}
	for _, lang := range langs {
		st := For(lang)
		if st.stem == nil {
			continue
		}
		once := st.Word(w)
		add(once)
		add(st.Word(once))
	}
	return out
}
