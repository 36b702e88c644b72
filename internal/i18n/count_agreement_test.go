package i18n

import (
	"strings"
	"testing"
)

// TestCountsAgree renders the messages whose words agree with a count
// at 1 and at 5 in every language: each must be in every catalogue and
// show its number, and its words must agree with it ("1 von 7 berichtet",
// "5 von 7 berichten"; "wait 1 second").
func TestCountsAgree(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	type want struct{ one, five string }
	for _, m := range []struct {
		one, other string
		kv         []any
		// want holds words the text at 1 and at 5 has, by language.
		want map[string]want
	}{
		{
			one: "Judged per city, below: {{.Count}} of {{.Cities}} reporting", other: "Judged per city, below: {{.Count}} of {{.Cities}} reporting",
			kv: []any{"Cities", 7},
			want: map[string]want{
				"en": {"1 of 7 reporting", "5 of 7 reporting"},
				"de": {"1 von 7 berichtet", "5 von 7 berichten"},
				"fr": {"1 sur 7 rend compte", "5 sur 7 rendent compte"},
				"es": {"1 de 7 informa", "5 de 7 informan"},
				"ru": {"отчитывается 1 из 7", "отчитываются 5 из 7"},
			},
		},
		{
			one: "was refused too often: wait {{.Count}} second, then try again", other: "was refused too often: wait {{.Count}} seconds, then try again",
			want: map[string]want{
				"en": {"wait 1 second,", "wait 5 seconds,"},
				"sv": {"1 sekund ", "5 sekunder "}, "da": {"1 sekund,", "5 sekunder,"}, "fi": {"1 sekunti ", "5 sekuntia "},
				"de": {"1 Sekunde ", "5 Sekunden "}, "fr": {"1 seconde,", "5 secondes,"}, "es": {"1 segundo ", "5 segundos "},
				"ru": {"1 с ", "5 с "},
			},
		},
		{
			one:   "was refused too often from this address: wait {{.Count}} second, then try again",
			other: "was refused too often from this address: wait {{.Count}} seconds, then try again",
			want:  map[string]want{"en": {"wait 1 second,", "wait 5 seconds,"}, "de": {"1 Sekunde ", "5 Sekunden "}, "fr": {"1 seconde,", "5 secondes,"}, "sv": {"1 sekund ", "5 sekunder "}},
		},
		{
			one:   "was refused too often for this account or from this address: wait {{.Count}} second, then try again",
			other: "was refused too often for this account or from this address: wait {{.Count}} seconds, then try again",
			want:  map[string]want{"en": {"wait 1 second,", "wait 5 seconds,"}, "es": {"1 segundo ", "5 segundos "}, "fi": {"1 sekunti ", "5 sekuntia "}, "da": {"1 sekund,", "5 sekunder,"}},
		},
	} {
		mark := c.Mark()
		for _, l := range Languages {
			tr := c.In(l.Code)
			at1, at5 := tr.N(m.one, m.other, 1, m.kv...), tr.N(m.one, m.other, 5, m.kv...)
			if !strings.Contains(at1, "1") || !strings.Contains(at5, "5") {
				t.Errorf("%s %q: the count is not shown: %q, %q", l.Code, m.other, at1, at5)
			}
			if w, ok := m.want[l.Code]; ok && (!strings.Contains(at1, w.one) || !strings.Contains(at5, w.five)) {
				t.Errorf("%s %q:\n at 1 %q, want %q in it\n at 5 %q, want %q in it", l.Code, m.other, at1, w.one, at5, w.five)
			}
		}
		for _, miss := range c.MissedSince(mark) {
			t.Errorf("%s: %q is missing from its catalogue", miss.Lang, miss.ID)
		}
	}

	// A network of cities, of which some report: the message chooses its
	// form by the cities, so its words for those reporting must not agree
	// with their number, which may be 1.
	const one, other = "A network of {{.Count}} city, judged per city below: {{.Reporting}} reporting", "A network of {{.Count}} cities, judged per city below: {{.Reporting}} reporting"
	for lang, w := range map[string]string{
		"en": "judged per city below: 1 reporting", "de": "berichtend: 1", "fr": "à jour\u202f: 1", "es": "informando: 1",
	} {
		if got := c.In(lang).N(one, other, 5, "Reporting", 1); !strings.HasSuffix(got, w) {
			t.Errorf("%s a network of 5 cities, 1 reporting: %q, want it to end %q", lang, got, w)
		}
	}

	// A sheet's counts of rows added and replaced: two counts, so their
	// words are labels that read right with any number.
	for _, c2 := range []struct{ id, lang, want string }{
		{"{{.Created}} will be added, {{.Updated}} will replace what this node has", "de", "hinzuzufügen: 1, auf diesem Knoten zu ersetzen: 1"},
		{"{{.Created}} will be added, {{.Updated}} will replace what this node has", "fr", "à ajouter\u202f: 1, à remplacer sur ce nœud\u202f: 1"},
		{"{{.Created}} will be added, {{.Updated}} will replace what this node has", "es", "por añadir: 1, por sustituir en este nodo: 1"},
		{"{{.Created}} added, {{.Updated}} replaced", "es", "añadidos: 1, sustituidos: 1"},
	} {
		if got := c.In(c2.lang).T(c2.id, "Created", 1, "Updated", 1); got != c2.want {
			t.Errorf("%s %q with 1 and 1: %q, want %q", c2.lang, c2.id, got, c2.want)
		}
	}
}
