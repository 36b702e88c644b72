package search

import (
	"context"
	"strings"
	"unicode"
)

// maxPrefixTerms bounds how many terms a prefix may stand for and still be
// spelled out: FTS5 steps an OR of n terms in n cursors per row, and a
// prefix of a word or two letters may stand for thousands. Past it, the
// prefix stays a prefix and FTS5 merges its terms' doclists.
const maxPrefixTerms = 64

// expandPrefixes rewrites an FTS5 query so that each prefix (generat*)
// becomes the terms of the index that begin with it, ORed:
// ("generate" OR "generations"). The meaning does not change, but the
// cost does: FTS5 answers a prefix by merging the doclists of all its
// terms into one before the first row, so "generat*" costs all of its
// million matches however few a search reads; an OR of terms steps
// through the terms' own doclists newest first and stops when the
// search does.
//
// It returns the query unchanged when it has no prefix, when the query
// does not parse (FTS5 then reports the error), and for each prefix that
// stands for no term or for more than maxPrefixTerms.
func (e *Engine) expandPrefixes(ctx context.Context, q string) (string, error) {
	var err error
	out := rewritePrefixes(q, func(word string) string {
		if err != nil {
			return ""
		}
		var terms []string
		terms, err = e.prefixTerms(ctx, strings.ToLower(word), maxPrefixTerms)
		if len(terms) == 0 || len(terms) > maxPrefixTerms {
			return ""
		}
		quoted := make([]string, len(terms))
		for i, t := range terms {
			quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		return "(" + strings.Join(quoted, " OR ") + ")"
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

// rewritePrefixes replaces each lone prefix word of q (generat*, with its
// column filter if any) by what expand gives for the word, an expression
// in parentheses, or keeps it when that is "". A query that does not
// parse comes back as it is.
func rewritePrefixes(q string, expand func(word string) string) string {
	if !strings.Contains(q, "*") {
		return q
	}
	return rewriteTerms(q, func(t ftsTerm) string {
		if !t.prefix || !asciiWord(t.word) {
			return ""
		}
		return expand(t.word)
	})
}

// rewriteTerms replaces each lone term of q (a word or a quoted phrase,
// a prefix or not, with its column filter if any) by what expand gives
// for it, an expression in parentheses, or keeps it when that is "". A
// query that does not parse comes back as it is, and so does one where
// nothing was replaced.
func rewriteTerms(q string, expand func(t ftsTerm) string) string {
	p := ftsParser{toks: lexFTS(q)}
	e, ok := p.parse()
	if !ok || !e.hasTerm() {
		return q
	}
	changed := false
	out := e.text(func(t ftsTerm) string {
		x := expand(t)
		changed = changed || x != ""
		return x
	})
	if !changed {
		return q
	}
	return out
}

// An FTS5 query, lexed and parsed as FTS5's grammar (fts5parse.y) reads
// it, to the point of finding its prefixes and where they stand:
//
//	expr     := unit { (AND | OR | NOT) unit }
//	unit     := "(" expr ")" | colset ":" "(" expr ")" | cnearset { cnearset }
//	cnearset := [colset ":"] (NEAR "(" phrase { phrase } ["," number] ")" | phrase)
//	phrase   := ["^"] string ["*"] { "+" ["^"] string ["*"] }
//	colset   := ["-"] (word | "{" word { word } "}")
//
// Phrases side by side are ANDed and bind tighter than any operator, but
// FTS5 allows it only between phrases: a term turned into a
// parenthesised OR needs an explicit AND to its neighbours, and the run
// of them parentheses, so that nothing else changes.

// ftsTok is one token of an FTS5 query.
type ftsTok struct {
	kind byte   // 's' string (bare or quoted), or the punctuation itself
	text string // as written
}

// lexFTS splits a query as fts5ExprGetToken does. A character FTS5 would
// refuse is lexed as '?', which no rule accepts.
func lexFTS(q string) []ftsTok {
	var out []ftsTok
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.IndexByte("():-{}*+^,", c) >= 0:
			out = append(out, ftsTok{kind: c, text: q[i : i+1]})
			i++
		case c == '"':
			j := i + 1
			for ; j < len(q); j++ {
				if q[j] == '"' {
					if j+1 < len(q) && q[j+1] == '"' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(q) {
				return append(out, ftsTok{kind: '?'})
			}
			out = append(out, ftsTok{kind: 's', text: q[i : j+1]})
			i = j + 1
		case isBareword(c):
			j := i
			for j < len(q) && isBareword(q[j]) {
				j++
			}
			out = append(out, ftsTok{kind: 's', text: q[i:j]})
			i = j
		default:
			return append(out, ftsTok{kind: '?'})
		}
	}
	return out
}

// isBareword is sqlite3Fts5IsBareword: ASCII letters and digits, '_',
// 0x1A, and any byte of a multi-byte character.
func isBareword(c byte) bool {
	return c >= 0x80 || c == '_' || c == 0x1a || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// ftsNode is a parsed query part that can write itself out again, with
// its expandable terms replaced.
type ftsNode interface {
	hasTerm() bool
	// text writes the node; expand gives a term's replacement, "" to
	// keep the term.
	text(expand func(t ftsTerm) string) string
}

// ftsRaw is a part written back as it was.
type ftsRaw []string

func (r ftsRaw) hasTerm() bool                      { return false }
func (r ftsRaw) text(func(t ftsTerm) string) string { return strings.Join(r, " ") }

// ftsTerm is a cnearset that is one string, quoted or not, perhaps a
// prefix, with its column filter: the one form that can become an OR of
// terms.
type ftsTerm struct {
	colset []string // as written, with the colon; nil for none
	word   string   // the string, unquoted
	prefix bool     // followed by a star
	raw    []string // the whole cnearset as written
}

func (p ftsTerm) hasTerm() bool { return true }
func (p ftsTerm) text(expand func(t ftsTerm) string) string {
	or := expand(p)
	if or == "" {
		return strings.Join(p.raw, " ")
	}
	return strings.Join(append(append([]string(nil), p.colset...), or), " ")
}

// ftsList is cnearsets side by side: implicitly ANDed.
type ftsList []ftsNode

func (l ftsList) hasTerm() bool {
	for _, n := range l {
		if n.hasTerm() {
			return true
		}
	}
	return false
}

func (l ftsList) text(expand func(t ftsTerm) string) string {
	parts := make([]string, len(l))
	changed := false
	for i, n := range l {
		parts[i] = n.text(expand)
		if p, ok := n.(ftsTerm); ok && parts[i] != strings.Join(p.raw, " ") {
			changed = true
		}
	}
	switch {
	case !changed:
		return strings.Join(parts, " ")
	case len(parts) == 1:
		return parts[0]
	}
	return "(" + strings.Join(parts, " AND ") + ")"
}

// ftsSeq is any other sequence of parts: operators, parentheses.
type ftsSeq []ftsNode

func (s ftsSeq) hasTerm() bool { return ftsList(s).hasTerm() }
func (s ftsSeq) text(expand func(t ftsTerm) string) string {
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = n.text(expand)
	}
	return strings.Join(parts, " ")
}

// ftsParser parses lexed tokens; any token no rule accepts fails it.
type ftsParser struct {
	toks []ftsTok
	at   int
	// empty is set by a string that may hold no token ("_", "…"): FTS5
	// drops such a phrase from an implicit AND but not from an explicit
	// one, so a query with one is left as it is.
	empty bool
}

func (p *ftsParser) peek(k int) byte {
	if p.at+k < len(p.toks) {
		return p.toks[p.at+k].kind
	}
	return 0
}

func (p *ftsParser) word(k int) string {
	if p.at+k < len(p.toks) && p.toks[p.at+k].kind == 's' {
		return p.toks[p.at+k].text
	}
	return ""
}

func (p *ftsParser) take() string {
	t := p.toks[p.at].text
	p.at++
	return t
}

func (p *ftsParser) parse() (ftsNode, bool) {
	e, ok := p.expr(0)
	return e, ok && p.at == len(p.toks) && !p.empty
}

func isOperator(w string) bool { return w == "AND" || w == "OR" || w == "NOT" }

func (p *ftsParser) expr(depth int) (ftsNode, bool) {
	if depth > 50 {
		return nil, false
	}
	first, ok := p.unit(depth)
	if !ok {
		return nil, false
	}
	seq := ftsSeq{first}
	for isOperator(p.word(0)) {
		op := p.take()
		u, ok := p.unit(depth)
		if !ok {
			return nil, false
		}
		seq = append(seq, ftsRaw{op}, u)
	}
	if len(seq) == 1 {
		return first, true
	}
	return seq, true
}

func (p *ftsParser) unit(depth int) (ftsNode, bool) {
	if p.peek(0) == '(' {
		return p.group(nil, depth)
	}
	save := p.at
	if cs, ok := p.colset(); ok && p.peek(0) == '(' {
		return p.group(cs, depth)
	}
	p.at = save
	var list ftsList
	for {
		n, ok := p.cnearset()
		if !ok {
			break
		}
		list = append(list, n)
	}
	if len(list) == 0 {
		return nil, false
	}
	if len(list) == 1 {
		if _, ok := list[0].(ftsTerm); !ok {
			return list[0], true
		}
	}
	return list, true
}

// group is "(" expr ")", after its column filter if any.
func (p *ftsParser) group(colset []string, depth int) (ftsNode, bool) {
	p.take()
	e, ok := p.expr(depth + 1)
	if !ok || p.peek(0) != ')' {
		return nil, false
	}
	p.take()
	return ftsSeq{ftsRaw(append(colset, "(")), e, ftsRaw{")"}}, true
}

// colset reads a column filter and its colon.
func (p *ftsParser) colset() ([]string, bool) {
	var out []string
	if p.peek(0) == '-' {
		out = append(out, p.take())
	}
	switch {
	case p.peek(0) == '{':
		out = append(out, p.take())
		for p.peek(0) == 's' {
			out = append(out, p.take())
		}
		if p.peek(0) != '}' || len(out) < 2 {
			return nil, false
		}
		out = append(out, p.take())
	case p.peek(0) == 's':
		out = append(out, p.take())
	default:
		return nil, false
	}
	if p.peek(0) != ':' {
		return nil, false
	}
	return append(out, p.take()), true
}

// cnearset reads one phrase or NEAR group with its column filter; it
// consumes nothing when there is none.
func (p *ftsParser) cnearset() (ftsNode, bool) {
	start := p.at
	if isOperator(p.word(0)) {
		return nil, false
	}
	var colset []string
	if p.peek(0) == '-' || p.peek(0) == '{' || p.peek(0) == 's' && p.peek(1) == ':' {
		var ok bool
		if colset, ok = p.colset(); !ok || p.peek(0) == '(' {
			p.at = start
			return nil, false
		}
	}
	if p.word(0) == "NEAR" && p.peek(1) == '(' {
		p.at += 2
		n := 0
		for p.phrase() {
			n++
		}
		if p.peek(0) == ',' {
			p.take()
			if p.peek(0) != 's' {
				p.at = start
				return nil, false
			}
			p.take()
		}
		if n == 0 || p.peek(0) != ')' {
			p.at = start
			return nil, false
		}
		p.take()
		return p.raw(start), true
	}
	phraseAt := p.at
	if !p.phrase() {
		p.at = start
		return nil, false
	}
	// A lone term: a string, perhaps then a star, then no "+".
	n := p.at - phraseAt
	if s := p.toks[phraseAt]; s.kind == 's' && (n == 1 || n == 2 && p.toks[phraseAt+1].kind == '*') && !isOperator(s.text) {
		w := s.text
		if strings.HasPrefix(w, `"`) {
			w = strings.ReplaceAll(w[1:len(w)-1], `""`, `"`)
		}
		return ftsTerm{colset: colset, word: w, prefix: n == 2, raw: p.raw(start)}, true
	}
	return p.raw(start), true
}

// phrase reads one phrase.
func (p *ftsParser) phrase() bool {
	for {
		if p.peek(0) == '^' {
			p.take()
		}
		if p.peek(0) != 's' || isOperator(p.word(0)) || p.word(0) == "NEAR" && p.peek(1) == '(' {
			return false
		}
		// A letter or digit of any script is a token (Cyrillic too).
		if !strings.ContainsFunc(p.take(), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			p.empty = true
		}
		if p.peek(0) == '*' {
			p.take()
		}
		if p.peek(0) != '+' {
			return true
		}
		p.take()
	}
}

func (p *ftsParser) raw(start int) ftsRaw {
	out := make(ftsRaw, 0, p.at-start)
	for _, t := range p.toks[start:p.at] {
		out = append(out, t.text)
	}
	return out
}

// asciiWord reports whether w is one token of the unicode61 tokenizer
// that folding leaves as lower-cased ASCII.
func asciiWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
