package i18n

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
)

// frenchSpacing finds, in French text, a breakable space (or none) where
// French sets a narrow no-break space: before a colon, semicolon,
// exclamation or question mark, and inside guillemets. A colon with no
// space before it is left alone, as in "kolada:N00945" or "3; 11", the
// syntax of a value a reader types.
var frenchSpacing = regexp.MustCompile(`[ \t\n]+[:;!?»]|«[ \t\n]|«[^\s\x{00a0}\x{202f}]|[^\s\x{00a0}\x{202f}]»`)

// TestFrenchPunctuationSpacing fails on a French message that lets a
// line break before a colon, semicolon, exclamation or question mark, or
// inside guillemets, which French typography forbids ("seuil :" read on
// a phone could leave the colon alone at the start of a line).
func TestFrenchPunctuationSpacing(t *testing.T) {
	for _, c := range []struct {
		text string
		bad  bool
	}{
		{"seuil : 10", true},
		{"seuil\u202f: 10", false},
		{"seuil\u00a0: 10", false},
		{"Réessayez plus tard ; merci", true},
		{"pour « {{.Query}} »", true},
		{"pour «\u202f{{.Query}}\u202f»", false},
		{"pour «{{.Query}}»", true},
		{"kolada:N00945, 3; 11", false},
	} {
		if got := frenchSpacing.MatchString(c.text); got != c.bad {
			t.Errorf("%q: found a bad space = %v, want %v", c.text, got, c.bad)
		}
	}
	files, err := fs.Glob(locales, "locales/*.fr.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("French catalogue files: %v (%v)", files, err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(locales, f)
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]json.RawMessage
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, raw := range msgs {
			for form, text := range frenchForms(t, raw) {
				if m := frenchSpacing.FindString(text); m != "" {
					t.Errorf("%s: %q (%s) sets %q with a breakable space: %q", path.Base(f), id, form, strings.TrimSpace(m), text)
				}
			}
		}
	}
}

// frenchForms are a message's texts by form: "other" for a plain string,
// each plural form of a message that has them (not its description).
func frenchForms(t *testing.T, raw json.RawMessage) map[string]string {
	t.Helper()
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return map[string]string{"other": s}
	}
	var forms map[string]string
	if err := json.Unmarshal(raw, &forms); err != nil {
		t.Fatalf("a message neither text nor forms: %s", raw)
	}
	delete(forms, "description")
	delete(forms, "hash")
	return forms
}
