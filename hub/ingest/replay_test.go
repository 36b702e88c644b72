package ingest

import (
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestApprovalsQueue: approvals heard before the replayer looks are
// kept in order and wake it once; taking empties the queue.
func TestApprovalsQueue(t *testing.T) {
	a := NewApprovals()
	a.Add(&hcnetv1.Member{CityId: "malmo"})
	a.Add(&hcnetv1.Member{CityId: "lund"})
	select {
	case <-a.wake:
	default:
		t.Fatal("adding did not wake the replayer")
	}
	select {
	case <-a.wake:
		t.Fatal("two approvals woke the replayer twice; once drains both")
	default:
	}
	got := a.take()
	if len(got) != 2 || got[0].GetCityId() != "malmo" || got[1].GetCityId() != "lund" {
		t.Fatalf("took %v, want malmo then lund", got)
	}
	if rest := a.take(); len(rest) != 0 {
		t.Fatalf("the queue kept %v after taking", rest)
	}
}
