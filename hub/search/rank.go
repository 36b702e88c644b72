package search

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hcnet/hcnet/internal/stem"
)

// Ranking is BM25 as FTS5's bm25() computes it (k1 1.2, b 0.75, a match
// in a title worth 4, in a summary 2, in the body 1), but over the window
// and in Go. FTS5's bm25() first counts, for each phrase of the query,
// every row of the table that holds it, to weigh rare phrases more: over a
// million rows that count alone costs tens of milliseconds for a word and
// hundreds for a phrase (BenchmarkSearchDesigns over a million practices,
// three runs, bm25() over the same window: p50 33–76 ms for a word in every
// record and 250–650 ms for a phrase, against 7–12 and 7–9 ms here). Here
// the window stands in for the table: a phrase's weight comes from how
// many records of the window hold it, and a record's length is compared
// with the window's mean. FTS5 has already decided which records match;
// the phrases are read from the query only to count their occurrences.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

var columnWeights = [3]float64{4, 2, 1} // title, summary, body

// phrase is one phrase of a query: folded words in order, the last
// matching as a prefix when prefix is set.
type phrase struct {
	words  []string
	raw    []string // the words lower-cased, not folded: what a stemmer reads
	prefix bool
	// forms, once a lexicon has set them (lexicon.attach), are for each
	// word the index terms it matches, and keys their first letters; a
	// word of a text matches when one of the terms it may be indexed as
	// is among them. Without them a word matches only as written.
	forms []map[string]bool
	keys  []map[string]bool
	texts *textForms
}

// textForms remembers the terms each word of the texts a search reads
// may be indexed as (stem.Forms), for the languages of the hub.
type textForms struct {
	langs []string
	memo  map[string][]string
}

func (t *textForms) of(lower string) []string {
	if f, ok := t.memo[lower]; ok {
		return f
	}
	f := stem.Forms(lower, t.langs)
	t.memo[lower] = f
	return f
}

// key is the first three letters of a folded word.
func key(folded string) string {
	n := 0
	for i := range folded {
		if n == 3 {
			return folded[:i]
		}
		n++
	}
	return folded
}

// matches says whether a word of a text, lower-cased and folded, is the
// phrase's word j.
func (ph *phrase) matches(j int, lower, folded string) bool {
	pw := ph.words[j]
	if folded == pw {
		return true
	}
	if j == len(ph.words)-1 && ph.prefix {
		return strings.HasPrefix(folded, pw)
	}
	if ph.forms == nil {
		return false
	}
	if ph.forms[j][folded] {
		return true
	}
	if !ph.keys[j][key(folded)] {
		return false
	}
	for _, f := range ph.texts.of(lower) {
		if ph.forms[j][f] {
			return true
		}
	}
	return false
}

// matchesASCII is matches for an ASCII word as written.
func (ph *phrase) matchesASCII(j int, w []byte) bool {
	pw := ph.words[j]
	if foldedEqual(w, pw) || j == len(ph.words)-1 && ph.prefix && len(w) > len(pw) && foldedEqual(w[:len(pw)], pw) {
		return true
	}
	if ph.forms == nil || j == len(ph.words)-1 && ph.prefix {
		return false
	}
	var buf [64]byte
	if len(w) > len(buf) {
		return false
	}
	low := buf[:len(w)]
	for i, c := range w {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	if !ph.keys[j][string(low[:min(3, len(low))])] {
		return false
	}
	lower := string(low)
	return ph.matches(j, lower, lower)
}

// queryPhrases reads the phrases of an FTS5 query: "quoted phrases", bare
// words and prefix* words. Operators (AND, OR, NOT, NEAR), parentheses,
// column filters (title:) and the ^ and + marks only shape which records
// match, which FTS5 has decided; they are skipped.
func queryPhrases(q string) []phrase {
	var out []phrase
	add := func(text string, prefix bool) {
		raw := stem.Words(text)
		if len(raw) == 0 {
			return
		}
		ws := make([]string, len(raw))
		for i, w := range raw {
			ws[i] = stem.Fold(w)
		}
		out = append(out, phrase{words: ws, raw: raw, prefix: prefix})
	}
	for len(q) > 0 {
		r, n := utf8.DecodeRuneInString(q)
		switch {
		case r == '"':
			end := 1
			for end < len(q) {
				if q[end] == '"' {
					if end+1 < len(q) && q[end+1] == '"' { // "" escapes a quote
						end += 2
						continue
					}
					break
				}
				end++
			}
			text := q[1:min(end, len(q))]
			q = q[min(end+1, len(q)):]
			prefix := strings.HasPrefix(q, "*")
			add(text, prefix)
		case unicode.IsLetter(r) || unicode.IsNumber(r) || r >= utf8.RuneSelf || r == '_':
			end := strings.IndexFunc(q, func(r rune) bool {
				return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r >= utf8.RuneSelf || r == '_')
			})
			if end < 0 {
				end = len(q)
			}
			word := q[:end]
			q = q[end:]
			switch {
			case strings.HasPrefix(strings.TrimLeft(q, " "), ":"): // a column filter
			case word == "AND" || word == "OR" || word == "NOT" || word == "NEAR":
			default:
				add(word, strings.HasPrefix(q, "*"))
			}
		default:
			q = q[n:]
		}
	}
	return out
}

// counter counts in a record's texts what ranking needs: how often each
// phrase of the query occurs, weighted by column, and how many words
// there are. It keeps no text, so a window's texts can be read, counted
// and dropped row by row.
type counter struct {
	phrases []phrase
	spans   []int32  // scratch: start and end of each word of an ASCII text
	words   []string // scratch: the words of any other text
}

// count fills w.tf and w.length from the record's title, summary and
// body; tf is w's slice of len(c.phrases).
func (c *counter) count(w *match, tf []float64, texts [3][]byte) {
	w.tf, w.length = tf, 0
	for col, text := range texts {
		weight := columnWeights[col]
		if !isASCII(text) {
			c.words = append(c.words[:0], stem.Words(string(text))...)
			w.length += len(c.words)
			for p := range c.phrases {
				if n := occurrences(c.words, c.phrases[p]); n > 0 {
					tf[p] += weight * float64(n)
				}
			}
			continue
		}
		c.spans = asciiSpans(c.spans[:0], text)
		w.length += len(c.spans) / 2
		for p := range c.phrases {
			if n := asciiOccurrences(text, c.spans, &c.phrases[p]); n > 0 {
				tf[p] += weight * float64(n)
			}
		}
	}
}

// rankWindow scores every record of the window from its counts (see
// counter) and sorts it best first, newest first among equals.
func rankWindow(phrases []phrase, window []match) {
	if len(window) == 0 || len(phrases) == 0 {
		return
	}
	held := make([]int, len(phrases)) // records of the window holding each phrase
	total := 0
	for _, w := range window {
		for p, tf := range w.tf {
			if tf > 0 {
				held[p]++
			}
		}
		total += w.length
	}
	n := float64(len(window))
	mean := float64(total) / n
	idf := make([]float64, len(phrases))
	for p := range phrases {
		// As FTS5: log((N - n + 0.5) / (n + 0.5)), at least 1e-6, so a
		// phrase every record holds still counts.
		idf[p] = max(math.Log((n-float64(held[p])+0.5)/(float64(held[p])+0.5)), 1e-6)
	}
	for i, w := range window {
		score := 0.0
		for p, tf := range w.tf {
			if tf > 0 {
				norm := 1 - bm25B + bm25B*float64(w.length)/max(mean, 1)
				score += idf[p] * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
			}
		}
		window[i].score = score
	}
	slices.SortStableFunc(window, byScore)
}

// occurrences counts where the phrase starts in ws, lower-cased words.
func occurrences(ws []string, ph phrase) int {
	n := 0
	last := len(ph.words) - 1
	for i := 0; i+last < len(ws); i++ {
		ok := true
		for j := range ph.words {
			if w := ws[i+j]; !ph.matches(j, w, stem.Fold(w)) {
				ok = false
				break
			}
		}
		if ok {
			n++
		}
	}
	return n
}

// asciiOccurrences is occurrences over an ASCII text split by asciiSpans,
// folding case as it compares instead of copying the text folded.
func asciiOccurrences(text []byte, spans []int32, ph *phrase) int {
	n := 0
	last := len(ph.words) - 1
	for i := 0; i+last < len(spans)/2; i++ {
		ok := true
		for j := range ph.words {
			if w := text[spans[2*(i+j)]:spans[2*(i+j)+1]]; !ph.matchesASCII(j, w) {
				ok = false
				break
			}
		}
		if ok {
			n++
		}
	}
	return n
}

// foldedEqual reports whether ASCII w, lower-cased, is s.
func foldedEqual(w []byte, s string) bool {
	if len(w) != len(s) {
		return false
	}
	for i, c := range w {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// asciiSpans appends the start and end of each word of an ASCII text, a
// run of letters and digits, as words would split it.
func asciiSpans(spans []int32, text []byte) []int32 {
	start := -1
	for i := 0; i <= len(text); i++ {
		alnum := false
		if i < len(text) {
			c := text[i] | 0x20 // lower-cases letters; digits stay
			alnum = c >= 'a' && c <= 'z' || text[i] >= '0' && text[i] <= '9'
		}
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			spans = append(spans, int32(start), int32(i))
			start = -1
		}
	}
	return spans
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// snippetWords is how many words a snippet shows, as FTS5's snippet()
// is asked for.
const snippetWords = 16

// span is one word of a text: where it is, lower-cased and folded.
type span struct {
	start, end  int
	lower, word string
}

// wordSpans splits text into words as the FTS5 tokenizer does (runs of
// letters and numbers), folded, with their places.
func wordSpans(text string) []span {
	var out []span
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, span{start, i, strings.ToLower(text[start:i]), foldWord(text[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text), strings.ToLower(text[start:]), foldWord(text[start:])})
	}
	return out
}

func foldWord(w string) string {
	if ws := words(w); len(ws) > 0 {
		return strings.Join(ws, "")
	}
	return strings.ToLower(w)
}

// snippetOf is a snippet like FTS5's snippet(records_fts, -1, '[', ']',
// '…', 16): the stretch of snippetWords words, in the column (title,
// summary, body) and place holding the most words of phrase matches,
// with runs of matched words in [brackets].
func snippetOf(texts [3]string, phrases []phrase) string {
	bestCol, bestStart, bestScore := 0, 0, -1
	var cols [3][]span
	var marks [3][]bool
	for col, text := range texts {
		sp := wordSpans(text)
		mark := make([]bool, len(sp))
		for p := range phrases {
			ph := &phrases[p]
			last := len(ph.words) - 1
			for i := 0; i+last < len(sp); i++ {
				ok := true
				for j := range ph.words {
					if w := sp[i+j]; !ph.matches(j, w.lower, w.word) {
						ok = false
						break
					}
				}
				if ok {
					for j := range ph.words {
						mark[i+j] = true
					}
				}
			}
		}
		cols[col], marks[col] = sp, mark
		for start := 0; start == 0 || start+snippetWords <= len(sp); start++ {
			n := 0
			for i := start; i < min(start+snippetWords, len(sp)); i++ {
				if mark[i] {
					n++
				}
			}
			// On a tie the earlier column and place win: the title, then
			// the summary, as in ranking.
			if n > bestScore {
				bestCol, bestStart, bestScore = col, start, n
			}
		}
	}
	sp, mark, text := cols[bestCol], marks[bestCol], texts[bestCol]
	if len(sp) == 0 {
		return ""
	}
	// The earliest best stretch ends at its last match; start it two
	// words before its first match instead, if that keeps every match.
	count := func(start int) int {
		n := 0
		for i := start; i < min(start+snippetWords, len(sp)); i++ {
			if mark[i] {
				n++
			}
		}
		return n
	}
	for i := bestStart; i < min(bestStart+snippetWords, len(sp)); i++ {
		if mark[i] {
			if start := max(0, min(i-2, len(sp)-snippetWords)); count(start) >= bestScore {
				bestStart = start
			}
			break
		}
	}
	end := min(bestStart+snippetWords, len(sp))
	var b strings.Builder
	if bestStart > 0 {
		b.WriteString("…")
	}
	for i := bestStart; i < end; i++ {
		if i > bestStart {
			b.WriteString(text[sp[i-1].end:sp[i].start])
		}
		if mark[i] && (i == bestStart || !mark[i-1]) {
			b.WriteByte('[')
		}
		b.WriteString(text[sp[i].start:sp[i].end])
		if mark[i] && (i == end-1 || !mark[i+1]) {
			b.WriteByte(']')
		}
	}
	if end < len(sp) {
		b.WriteString("…")
	} else {
		b.WriteString(text[sp[end-1].end:])
	}
	return b.String()
}
