package record

import (
	"strconv"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// Facet names a multi-valued property lists filter on.
type Facet string

// The facets of the vocabulary. Stored, so append-only.
const (
	FacetSector    Facet = "sector"
	FacetSetting   Facet = "setting"
	FacetMechanism Facet = "mechanism"
	FacetSDGGoal   Facet = "sdg"
	FacetSDGTarget Facet = "sdg_target"
	FacetSixP      Facet = "six_p"
	FacetPlan      Facet = "plan"
	// FacetCode is an indicator's code in a named scheme
	// ("kolada:N00945"): a hub finds the cities that report a measure by it.
	FacetCode Facet = "code"
)

// Term is one facet value of a record ("sector" = "health").
type Term struct {
	Facet Facet
	Value string
}

// Ref is a reference from a record to another record: on the same node,
// or, when Across, of the city Country/City, which may be this node's own.
type Ref struct {
	Field string // path of the referring field, for error messages
	Kind  Kind
	ID    string
	// Across is set for a reference that names its city (an adopted
	// practice, an endorsed success): it is to a record on this node
	// only when Country and City are this node's.
	Across        bool
	Country, City string
	// Rel is the relation a hub keeps the reference as (LinksOf), ""
	// for one it does not.
	Rel Rel
}

// OnNode tells whether the reference is to a record on the node of the
// city country/city. A reference that names this city is one like any
// other: what the node checks and shares of it must not depend on how it
// was written.
func (r Ref) OnNode(country, city string) bool {
	return !r.Across || (r.Country == country && r.City == city)
}

// Index is what a store needs to find a record: its single-valued filter
// columns, its facet terms, the text to search and its references.
type Index struct {
	Status string
	Level  string
	Terms  []Term
	Text   string
	Refs   []Ref
	// Lang is the language the record's title and summary are in, as
	// Info.Text gives them without a reader's language; "" when unknown.
	Lang string
	// Parts are Text part by part with the language each is written in,
	// so that a search can stem each by its language's rules.
	Parts []TextPart
}

// TextPart is a stretch of a record's searchable text and its language
// ("" when unknown).
type TextPart struct {
	Lang, Text string
}

type indexer struct {
	ix   Index
	text []TextPart
	lang string // the language of the words that follow
	refs []Ref  // all of them, links that name no record included
}

func (x *indexer) term(f Facet, v string) {
	if v != "" {
		x.ix.Terms = append(x.ix.Terms, Term{Facet: f, Value: v})
	}
}

func terms[E Enum](x *indexer, f Facet, items []E) {
	for _, e := range items {
		x.term(f, ShortName(e))
	}
}

func (x *indexer) sdg(t *hcnetv1.SdgTags) {
	for _, g := range t.GetGoals() {
		x.term(FacetSDGGoal, strconv.Itoa(int(g)))
	}
	for _, tg := range t.GetTargets() {
		x.term(FacetSDGTarget, tg)
		// A target implies its goal: filtering by goal 3 finds "3.4".
		if goal, _, ok := strings.Cut(tg, "."); ok {
			x.term(FacetSDGGoal, goal)
		}
	}
}

func (x *indexer) words(s ...string) {
	for _, w := range s {
		x.text = append(x.text, TextPart{Lang: x.lang, Text: w})
	}
}

// in sets the language of the words indexed after it.
func (x *indexer) in(lang string) { x.lang = lang }

func (x *indexer) ref(field string, k Kind, id string) {
	if id != "" {
		x.refs = append(x.refs, Ref{Field: field, Kind: k, ID: id})
	}
}

// across is a reference to a record of the city country/city, which a
// hub keeps as a link of relation rel.
func (x *indexer) across(field string, rel Rel, k Kind, country, city, id string) {
	x.refs = append(x.refs, Ref{Field: field, Kind: k, ID: id, Across: true, Country: country, City: city, Rel: rel})
}

// IndexOf computes the index entries of a record. Private contact fields
// are not indexed: a free-text search should not find people.
func IndexOf(m proto.Message) Index {
	x := &indexer{}
	if in, err := Of(m); err == nil {
		in.index(x, m)
	}
	return x.finish()
}

// IndexShared computes the index entries of the record a SharedRecord
// holds, with what its shared form carries besides the record (a
// partnership's partners, by sector and organisation).
func IndexShared(rec *hcnetv1.SharedRecord) Index {
	in, m := Unwrap(rec)
	if in == nil {
		return Index{}
	}
	x := &indexer{}
	in.index(x, m)
	ix := x.finish()
	if in.extraIndex != nil {
		in.extraIndex(&ix, rec)
	}
	return ix
}

func (x *indexer) finish() Index {
	x.ix.Terms = dedupTerms(x.ix.Terms)
	var parts []string
	for _, w := range x.text {
		if w.Text != "" {
			parts = append(parts, w.Text)
			x.ix.Parts = append(x.ix.Parts, w)
		}
	}
	x.ix.Text = strings.Join(parts, "\n")
	// A link that names no record (a partner city) is no reference.
	for _, r := range x.refs {
		if r.ID != "" {
			x.ix.Refs = append(x.ix.Refs, r)
		}
	}
	return x.ix
}

func dedupTerms(ts []Term) []Term {
	seen := make(map[Term]bool, len(ts))
	out := ts[:0]
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
