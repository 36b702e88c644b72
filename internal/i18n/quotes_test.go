package i18n

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// placeholderOrTag is what a translation may hold ASCII quotes inside:
// a template placeholder ({{.X}}) or an HTML tag's attributes.
var placeholderOrTag = regexp.MustCompile(`\{\{.*?\}\}|<[^>]*>`)

// TestTranslationsQuoteAsTheirLanguage: a translation quotes words with
// its language's marks (Finnish and Swedish ”…”, Danish and German „…“,
// French « … », Russian and Spanish «…»), never ASCII double quotes. The
// one exception is a quote the reader types, such as a search phrase: the
// English text shows it with ASCII quotes too.
func TestTranslationsQuoteAsTheirLanguage(t *testing.T) {
	names, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(locales, name)
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(data, &msgs); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id, v := range msgs {
			if strings.Contains(id, `"`) {
				continue
			}
			for _, text := range translationTexts(v) {
				if strings.Contains(placeholderOrTag.ReplaceAllString(text, ""), `"`) {
					t.Errorf("%s: %q quotes with ASCII double quotes: %q", name, id, text)
				}
			}
		}
	}
}

// translationTexts are a catalogue entry's translated texts: the string,
// or each plural form (not its description, which no reader sees).
func translationTexts(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case map[string]any:
		var out []string
		for k, f := range v {
			if s, ok := f.(string); ok && k != "description" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
