package corpus

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
)

// The corpus is what the benchmarks' figures rest on: valid practices of
// about half a KiB, every one holding the common word and one in
// RareEvery holding the rare one.
func TestPracticesAreValidAndSkewed(t *testing.T) {
	const n = 2 * RareEvery
	rare := 0
	for i := range n {
		rec := Practice(i, "01JBENCH0000000000000000AA")
		p := rec.GetPractice()
		if vs := record.ValidateShared(rec); len(vs) > 0 {
			t.Fatalf("practice %d is not valid: %v", i, vs)
		}
		title := p.GetTexts()["en"].GetTitle()
		if !strings.Contains(title, Words[0]) {
			t.Fatalf("practice %d lacks the common word: %q", i, title)
		}
		if strings.Contains(title, "zeppelin") {
			rare++
		}
		if size := proto.Size(rec); size < 300 || size > 700 {
			t.Fatalf("practice %d is %d bytes, not about half a KiB", i, size)
		}
	}
	if rare != n/RareEvery {
		t.Errorf("%d practices hold the rare word, want %d", rare, n/RareEvery)
	}
}
