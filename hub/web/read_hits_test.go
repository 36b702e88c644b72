package web

import (
	"context"
	"fmt"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestReadHitsReadsTheNewestMaxRead: a page reads in full at most
// maxRead of a city's records, the first hits (the newest), in their
// order, and says when it left some unread.
func TestReadHitsReadsTheNewestMaxRead(t *testing.T) {
	// Every record is already held, so no hub is asked.
	l := &linker{country: "se", city: "malmo", held: map[string]*hcnetv1.HubRecord{}}
	var hits []*hcnetv1.SearchHit
	for i := range maxRead + 1 {
		id := fmt.Sprintf("r%03d", i)
		hits = append(hits, &hcnetv1.SearchHit{Id: id})
		l.held["se/malmo/"+id] = &hcnetv1.HubRecord{}
	}
	for _, c := range []struct {
		hits int
		cut  bool
	}{{0, false}, {3, false}, {maxRead, false}, {maxRead + 1, true}} {
		recs, cut, err := l.readHits(context.Background(), hits[:c.hits])
		if err != nil {
			t.Fatal(err)
		}
		if want := min(c.hits, maxRead); len(recs) != want || cut != c.cut {
			t.Fatalf("%d hits: read %d, cut %v; want %d, %v", c.hits, len(recs), cut, want, c.cut)
		}
		for i, rec := range recs {
			if rec != l.held["se/malmo/"+hits[i].GetId()] {
				t.Fatalf("%d hits: record %d is not hit %s's", c.hits, i, hits[i].GetId())
			}
		}
	}
}
