package store

import (
	"cmp"
	"slices"

	"github.com/hcnet/hcnet/internal/record"
)

// pairKey is one row of facet_pairs (migration 0013): two facet values
// held together by records of a kind, the lesser term first, or a term
// and a country or city.
type pairKey struct{ kind, facet, value, facet2, value2 string }

// pairDeltas are what a batch adds to facet_pairs: a practice's half a
// dozen counted terms make some thirty pairs, which a batch of a
// thousand sums into a few thousand rows, each written once at its end.
type pairDeltas map[pairKey]int64

// add counts the pairs of a record of kind in country and city holding
// terms: every two counted terms, and each with the country and with
// the city.
func (d *pairDeltas) add(kind, country, city string, terms []record.Term) {
	var held []record.Term
	for _, t := range terms {
		if counted[string(t.Facet)] {
			held = append(held, t)
		}
	}
	if len(held) == 0 {
		return
	}
	if *d == nil {
		*d = pairDeltas{}
	}
	// SQLite compares the row values (facet, value) bytewise, as Go
	// compares strings: the trigger that takes a record's pairs away
	// finds them in the same order.
	slices.SortFunc(held, func(a, b record.Term) int {
		return cmp.Or(cmp.Compare(a.Facet, b.Facet), cmp.Compare(a.Value, b.Value))
	})
	for i, a := range held {
		for _, b := range held[i+1:] {
			(*d)[pairKey{kind, string(a.Facet), a.Value, string(b.Facet), b.Value}]++
		}
		(*d)[pairKey{kind, string(a.Facet), a.Value, "country", country}]++
		(*d)[pairKey{kind, string(a.Facet), a.Value, "city", city}]++
	}
}

// flushPairs writes the batch's pairs so far.
func (a *applier) flushPairs() error {
	for k, n := range a.pairs {
		if _, err := a.st.addPair.ExecContext(a.ctx, k.kind, k.facet, k.value, k.facet2, k.value2, n); err != nil {
			return err
		}
	}
	clear(a.pairs)
	return nil
}
