package store

// facetKey is one row of facet_counts: a value of a facet among the
// records of a kind.
type facetKey struct{ kind, facet, value string }

// facetDeltas are what a batch adds to facet_counts. A batch of a
// thousand records touches a few hundred rows, so it writes each once
// at its end instead of once for every record's every value; removals
// are counted by a trigger on records (migration 0011) as they happen.
type facetDeltas map[facetKey]int64

// counted are the facets facet_counts holds besides kind, country and
// city: those a search shows.
var counted = map[string]bool{"sdg": true, "mechanism": true, "sector": true, "setting": true}

func (d *facetDeltas) add(kind, facet, value string) {
	if facet != "kind" && facet != "country" && facet != "city" && !counted[facet] {
		return
	}
	if *d == nil {
		*d = facetDeltas{}
	}
	(*d)[facetKey{kind, facet, value}]++
}

// flushCounts writes the batch's additions so far.
func (a *applier) flushCounts() error {
	for k, n := range a.counts {
		if _, err := a.st.addCount.ExecContext(a.ctx, k.kind, k.facet, k.value, n); err != nil {
			return err
		}
	}
	clear(a.counts)
	return a.flushPairs()
}

// deleteRecord deletes a record the hub holds. The additions come first:
// the record may be one of this batch, and the trigger that counts its
// removal must find the rows it takes from.
func (a *applier) deleteRecord(country, city, id string) error {
	if err := a.flushCounts(); err != nil {
		return err
	}
	_, err := a.st.deleteRecord.ExecContext(a.ctx, country, city, id)
	return err
}
