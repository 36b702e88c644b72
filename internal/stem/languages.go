package stem

import (
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
)

// stemmers are the Snowball stemmers of the network's languages, by BCP
// 47 primary language subtag. A text in any other language is indexed
// folded but not stemmed.
var stemmers = map[string]func(*snowballstem.Env) bool{
	"da": danish.Stem,
	"de": german.Stem,
	"en": english.Stem,
	"es": spanish.Stem,
	"fi": finnish.Stem,
	"fr": french.Stem,
	"ru": russian.Stem,
	"sv": swedish.Stem,
}

// Languages are the languages with a stemmer, in a fixed order.
var Languages = []string{"da", "de", "en", "es", "fi", "fr", "ru", "sv"}

// stemmerOf is the stemmer of a language tag ("sv", "sv-FI", "EN"), nil
// for a language without one.
func stemmerOf(lang string) func(*snowballstem.Env) bool {
	for i := 0; i < len(lang); i++ {
		if lang[i] == '-' || lang[i] == '_' {
			lang = lang[:i]
			break
		}
	}
	if len(lang) == 2 {
		b := []byte{lang[0] | 0x20, lang[1] | 0x20}
		return stemmers[string(b)]
	}
	return nil
}

// Primary is the primary language subtag of a tag, lower-cased, when the
// language has a stemmer ("sv-FI" is "sv"); "" otherwise.
func Primary(lang string) string {
	if st := stemmerOf(lang); st == nil {
		return ""
	}
	return string([]byte{lang[0] | 0x20, lang[1] | 0x20})
}
