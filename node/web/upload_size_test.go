package web

import (
	"html"
	"testing"
)

// TestUploadSizeInTheReadersUnit: the upload page's hint says the largest
// file in the unit the reader's language writes megabytes in.
func TestUploadSizeInTheReadersUnit(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	for lang, want := range map[string]string{"en": "At most 16 MB.", "fr": "16 Mo", "ru": "16 МБ", "fi": "16 Mt"} {
		_, page := s.getIn(t, lang, "/spreadsheets/partners/upload")
		mustContain(t, html.UnescapeString(page), want)
	}
}
