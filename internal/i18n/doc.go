// Package i18n holds the web pages' languages: which languages there are,
// which one a request gets, the catalogue of translated messages, and how
// each language writes dates and numbers.
//
// A message's id is its English text, so templates and handlers read as
// the English page does and English needs no catalogue file. The other
// languages have one JSON file each under locales/, in go-i18n's format
// (plural forms as "one"/"other" objects). The catalogue remembers every
// message a page asked for that a language lacks, and when, so a test that
// renders every page in every language can fail on each one its own pages
// left in English.
package i18n
