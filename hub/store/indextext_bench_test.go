package store

import (
	"testing"

	"github.com/hcnet/hcnet/internal/corpus"
)

// BenchmarkIndexText measures what stemming adds to a record's ingest:
// the index text of one corpus practice (English, about 60 words), as
// Prepare works it out on ingest's verifying goroutines.
func BenchmarkIndexText(b *testing.B) {
	descs := make([]Description, 100)
	for i := range descs {
		descs[i] = Describe(corpus.Practice(i, "01JBENCH0000000000000000AA"))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		indexTextOf(&descs[i%len(descs)])
	}
}
