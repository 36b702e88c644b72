package cli

import (
	"testing"

	"github.com/nats-io/nkeys"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestSquattedIDFreedByDelete: someone applies under stockholm's id with
// a key of their own; the coordinator rejects it, and the real city is
// still refused ("applied with another key") until the coordinator
// deletes the application. An approved member cannot be deleted.
func TestSquattedIDFreedByDelete(t *testing.T) {
	h := startHub(t)
	applyTo(t, h, "stockholm", false) // the squatter
	coordinatorOK(t, h, "hub", "reject", "se/stockholm")

	real, _ := nkeys.CreateUser()
	realKey, _ := real.PublicKey()
	err := applyWith(t, h, real, "stockholm", false)
	if status.Code(err) != codes.Unauthenticated {
		t.Fatalf("the real city applying after the squatter: %v, want UNAUTHENTICATED (another key)", err)
	}

	deleted := coordinatorOK(t, h, "hub", "delete", "se/stockholm")
	contains(t, "delete", deleted.stderr, "se/stockholm: the rejected application is deleted", "free to apply again")
	if err := applyWith(t, h, real, "stockholm", false); err != nil {
		t.Fatalf("the real city applying once the squatter's application is deleted: %v", err)
	}
	contains(t, "the real city's application", coordinatorOK(t, h, "hub", "members", "-o", "json").stdout, realKey, "MEMBER_STATUS_PENDING")

	coordinatorOK(t, h, "hub", "approve", "se/stockholm")
	refused := coordinator(t, h, "hub", "delete", "se/stockholm")
	if refused.code == 0 {
		t.Fatalf("an approved member was deleted:\n%s", refused.stdout)
	}
	contains(t, "refusal", refused.stderr, "is approved", "only a pending or rejected application can be deleted")
	contains(t, "still approved", memberRow(t, h, "stockholm"), "approved")
}
