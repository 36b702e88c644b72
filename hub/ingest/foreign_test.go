package ingest

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// TestDroppedMessagesAreLoggedAtABoundedRate: a flood of dropped
// messages is one log line per interval, not one per batch.
func TestDroppedMessagesAreLoggedAtABoundedRate(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	var d dropLog
	for i := 0; i < 100; i++ {
		d.note(log, 3, "hcnet.rec.zz.nowhere.practice.x", "no member publishes under this subject")
	}
	if n := strings.Count(buf.String(), "ingest dropped messages"); n != 1 {
		t.Fatalf("%d log lines for 100 batches, want 1:\n%s", n, buf.String())
	}
	if d.missed != 99*3 {
		t.Fatalf("%d dropped messages kept for the next line, want %d", d.missed, 99*3)
	}
}
