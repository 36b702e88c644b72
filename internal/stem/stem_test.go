package stem

import (
	"slices"
	"strings"
	"testing"
)

func TestWordStemsByTheLanguagesRules(t *testing.T) {
	for _, c := range []struct{ title, lang, word, want string }{
		{"English plural", "en", "places", "place"},
		{"English -ing", "en", "meeting", "meet"},
		{"Swedish plural", "sv", "promenader", "promenad"},
		{"Swedish definite", "sv", "staden", "stad"},
		{"German plural with umlaut, folded", "de", "städte", "stadt"},
		{"German plural of Garten", "de", "gärten", "gart"},
		{"Danish definite plural", "da", "husene", "hus"},
		{"Russian plural", "ru", "встречи", "встреч"},
		{"Russian locative plural", "ru", "городах", "город"},
		{"Russian ё read as е", "ru", "ёлки", "елк"},
		{"a tag with a region", "sv-FI", "promenader", "promenad"},
		{"no stemmer: folded only", "it", "città", "citta"},
		{"unknown language: folded only", "", "Malmö", "malmo"},
		{"numbers are kept", "en", "2030", "2030"},
	} {
		if got := For(c.lang).Word(strings.ToLower(c.word)); got != c.want {
			t.Errorf("%s: For(%q).Word(%q) = %q, want %q", c.title, c.lang, c.word, got, c.want)
		}
	}
}

// Text keeps one indexed word per written word, in order, so that the
// index's positions are the text's and phrases match.
func TestTextKeepsOneWordPerWord(t *testing.T) {
	text := "Meeting places, for older residents (2030) — café-möten"
	got := strings.Fields(For("en").Text(text))
	want := []string{"meet", "place", "for", "older", "resid", "2030", "cafe", "moten"}
	if !slices.Equal(got, want) {
		t.Errorf("Text(%q) = %q, want %q", text, got, want)
	}
	var written []string
	st := For("sv")
	st.Written = func(w, f string) { written = append(written, w+">"+f) }
	st.Text("Promenader i staden")
	if want := []string{"promenader>promenad", "i>i", "staden>stad"}; !slices.Equal(written, want) {
		t.Errorf("Written saw %q, want %q", written, want)
	}
}

func TestFormsAreTheWordAndItsStemsInEachLanguage(t *testing.T) {
	for _, c := range []struct {
		title string
		word  string
		langs []string
		want  []string
	}{
		{"no language: as written, folded", "Malmö", nil, []string{"malmo"}},
		{"English", "places", []string{"en"}, []string{"places", "place"}},
		{"stemmed twice: the Swedish singular's stem", "promenader", []string{"sv"}, []string{"promenader", "promenad", "promen"}},
		{"each language once", "places", []string{"en", "sv"}, []string{"places", "place", "plac"}},
		{"Cyrillic untouched by Latin rules", "встречи", []string{"en", "ru"}, []string{"встречи", "встреч"}},
		{"numbers", "2030", []string{"en", "sv"}, []string{"2030"}},
	} {
		if got := Forms(c.word, c.langs); !slices.Equal(got, c.want) {
			t.Errorf("%s: Forms(%q, %q) = %q, want %q", c.title, c.word, c.langs, got, c.want)
		}
	}
}

func TestFoldRemovesDiacriticsAndCase(t *testing.T) {
	for in, want := range map[string]string{"Malmö": "malmo", "ÅRHUS": "arhus", "Ёлка": "елка", "Straße": "straße", "plain": "plain"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Stemmers of one language share a cache: used from several goroutines
// at once (ingest prepares records on several), each word still gets its
// own stem.
func TestStemmersShareTheirCacheSafely(t *testing.T) {
	words := []string{"places", "meeting", "residents", "generations", "walking", "meals"}
	want := make([]string, len(words))
	for i, w := range words {
		want[i] = For("en").Word(w)
	}
	done := make(chan []string)
	for range 4 {
		go func() {
			st := For("en")
			var got []string
			for range 200 {
				for _, w := range words {
					got = append(got, st.Word(w))
				}
			}
			done <- got
		}()
	}
	for range 4 {
		got := <-done
		for i, g := range got {
			if g != want[i%len(words)] {
				t.Fatalf("word %q stemmed %q, want %q", words[i%len(words)], g, want[i%len(words)])
			}
		}
	}
}
