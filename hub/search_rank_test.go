package hub

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
