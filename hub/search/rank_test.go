package search

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCounterCountsAsWords checks the counts of ASCII texts, taken
// without folding a copy, against the words of the same texts.
func TestCounterCountsAsWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	vocab := []string{"Health", "health", "HEALTH", "healthy", "meeting", "Places", "place", "a1", "1a", "x", "Möte", "mote", "--", ", ", "  ", "é"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(vocab[rng.IntN(len(vocab))])
			b.WriteString([]string{" ", "", ". ", "-", "_"}[rng.IntN(5)])
		}
		return b.String()
	}
	queries := []string{"health", "health*", `"meeting places"`, `"meeting plac"*`, "a1 x", "mote", "möte*", "1*"}
	for range 2000 {
		q := queries[rng.IntN(len(queries))]
		texts := [3]string{text(), text(), text()}
		phrases := queryPhrases(q)
		c := counter{phrases: phrases}
		var got match
		c.count(&got, make([]float64, len(phrases)), [3][]byte{[]byte(texts[0]), []byte(texts[1]), []byte(texts[2])})
		want := make([]float64, len(phrases))
		length := 0
		for col, text := range texts {
			ws := words(text)
			length += len(ws)
			for p, ph := range phrases {
				want[p] += columnWeights[col] * float64(occurrences(ws, ph))
			}
		}
		if got.length != length {
			t.Fatalf("%q in %q: length %d, want %d", q, texts, got.length, length)
		}
		for p := range want {
			if got.tf[p] != want[p] {
				t.Fatalf("%q in %q: phrase %d counts %v, want %v", q, texts, p, got.tf[p], want[p])
			}
		}
	}
}

func TestQueryPhrases(t *testing.T) {
	for _, tc := range []struct{ query, want string }{
		{`health`, `[health]`},
		{`"Meeting places" generat*`, `[meeting places] [generat*]`},
		{`title:school NOT meals`, `[school] [meals]`},
		{`ensamhet OR einsamkeit AND (Malmö OR "a ""quoted"" word")`, `[ensamhet] [einsamkeit] [malmo] [a quoted word]`},
		{`NEAR(green roofs, 5) "covid-19"*`, `[green] [roofs] [5] [covid 19*]`},
		{`^start + "x y"`, `[start] [x y]`},
	} {
		var parts []string
		for _, p := range queryPhrases(tc.query) {
			s := "[" + strings.Join(p.words, " ")
			if p.prefix {
				s += "*"
			}
			parts = append(parts, s+"]")
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("queryPhrases(%q) = %s, want %s", tc.query, got, tc.want)
		}
	}
}

// TestSnippetOf wants snippets made from a record's texts shaped like
// FTS5's snippet().
func TestSnippetOf(t *testing.T) {
	long := "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen " +
		"Malmö roofs grow, eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five."
	for _, tc := range []struct{ query, want string }{
		{"roof*", "…seventeen Malmö [roofs] grow, eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty…"},
		{`"malmo roofs"`, "…sixteen seventeen [Malmö roofs] grow, eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four…"},
		{"one", "[One] two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen…"},
		{"titl*", "[Title] words"},
	} {
		if got := snippetOf([3]string{"Title words", "", long}, queryPhrases(tc.query)); got != tc.want {
			t.Errorf("snippetOf(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}
