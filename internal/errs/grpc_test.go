package errs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// kinds lists every kind; TestKindsListed fails when one is added
// without being listed here.
var kinds = []Kind{Other, Invalid, NotFound, Stale, Unauthenticated, InUse, Exists, Unavailable, Full, Denied}

func TestKindsListed(t *testing.T) {
	if Kind(len(kinds)).String() != Other.String() {
		t.Fatalf("kind %d has a name of its own (%q): add it to kinds", len(kinds), Kind(len(kinds)))
	}
	for i, k := range kinds {
		if int(k) != i {
			t.Fatalf("kinds[%d] = %d: the list is append-only and in order", i, k)
		}
	}
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestRoundTrip: every kind a server reports reaches the client as the
// same kind, with the server's message, and a client passing the error
// on (as a node passes on its hub's answer) reports the same code.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			sent := E("store.Thing", k, "thing %d went wrong", 7)
			st := status.Convert(Status(ctx, quiet(), "/x", sent))
			got := FromStatus(st.Err())
			if k == Other {
				// An internal error's cause stays on the server.
				if st.Code() != codes.Internal || KindOf(got) != Other || status.Code(got) != codes.Internal {
					t.Fatalf("internal error: code %v, back as %v (%v)", st.Code(), KindOf(got), status.Code(got))
				}
				return
			}
			if KindOf(got) != k {
				t.Fatalf("kind %v went out as %v and came back as %v", k, st.Code(), KindOf(got))
			}
			if got.Error() != "thing 7 went wrong" || Message(got) != "thing 7 went wrong" {
				t.Fatalf("message %q (Message %q), want the server's", got.Error(), Message(got))
			}
			again := status.Convert(Status(ctx, quiet(), "/y", Wrap("relay.Join", KindOf(got), got)))
			if again.Code() != st.Code() || again.Message() != st.Message() {
				t.Fatalf("passed on as %v %q, want %v %q", again.Code(), again.Message(), st.Code(), st.Message())
			}
		})
	}
}

func TestFromStatusCodes(t *testing.T) {
	tests := []struct {
		title string
		code  codes.Code
		kind  Kind
	}{
		{title: "unauthenticated", code: codes.Unauthenticated, kind: Unauthenticated},
		{title: "permission denied", code: codes.PermissionDenied, kind: Denied},
		{title: "unavailable", code: codes.Unavailable, kind: Unavailable},
		{title: "resource exhausted", code: codes.ResourceExhausted, kind: Full},
		{title: "aborted", code: codes.Aborted, kind: Stale},
		{title: "failed precondition", code: codes.FailedPrecondition, kind: InUse},
		{title: "unknown", code: codes.Unknown, kind: Other},
		{title: "unimplemented", code: codes.Unimplemented, kind: Other},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			err := FromStatus(status.Error(tt.code, "the hub says no"))
			if KindOf(err) != tt.kind || err.Error() != "the hub says no" {
				t.Fatalf("FromStatus = %v %q, want %v %q", KindOf(err), err, tt.kind, "the hub says no")
			}
		})
	}
}

func TestFromStatusEdges(t *testing.T) {
	if FromStatus(nil) != nil {
		t.Fatal("FromStatus(nil) is not nil")
	}
	plain := errors.New("not a status")
	if FromStatus(plain) != plain {
		t.Fatal("an error that is no status changed")
	}
	// Wrapping around a status is dropped; the server's words are kept.
	err := FromStatus(fmt.Errorf("call the hub: %w", status.Error(codes.NotFound, "no such city")))
	if KindOf(err) != NotFound || err.Error() != "no such city" {
		t.Fatalf("wrapped status came back as %v %q", KindOf(err), err)
	}
	// A status without a message reads as its kind.
	if err := FromStatus(status.Error(codes.NotFound, "")); err.Error() != "not found" {
		t.Fatalf("empty message reads %q", err)
	}
	// A cancelled or timed-out call is still one to errors.Is.
	for _, c := range []struct {
		code codes.Code
		want error
	}{{codes.Canceled, context.Canceled}, {codes.DeadlineExceeded, context.DeadlineExceeded}} {
		err := FromStatus(status.Error(c.code, "the server gave up"))
		if !errors.Is(err, c.want) || err.Error() != "the server gave up" {
			t.Fatalf("%v came back as %q, errors.Is(%v) false", c.code, err, c.want)
		}
		if got := status.Code(Status(context.Background(), quiet(), "/x", err)); got != c.code {
			t.Fatalf("%v passed on as %v", c.code, got)
		}
	}
	// Unknown codes keep the status in the chain.
	if got := status.Code(FromStatus(status.Error(codes.DataLoss, "gone"))); got != codes.DataLoss {
		t.Fatalf("status.Code of an unmapped code = %v", got)
	}
}

// TestFromStatusViolations: field violations cross the wire both ways.
func TestFromStatusViolations(t *testing.T) {
	vs := record.Violations{{Field: "application.time", Description: "too far from the hub's clock"}, {Field: "application.hub_id", Description: "not this hub"}}
	st := status.Convert(Status(context.Background(), quiet(), "/x", InvalidFields("hub.Join", vs)))
	got := FromStatus(st.Err())
	if KindOf(got) != Invalid {
		t.Fatalf("kind %v, want Invalid", KindOf(got))
	}
	back := ViolationsOf(got)
	if len(back) != len(vs) {
		t.Fatalf("violations %v, want %v", back, vs)
	}
	for i := range vs {
		if back[i] != vs[i] {
			t.Fatalf("violation %d = %v, want %v", i, back[i], vs[i])
		}
	}
	if got.Error() != st.Message() {
		t.Fatalf("message %q, want the server's %q", got.Error(), st.Message())
	}
	under := ViolationsOf(Under("join", got))
	if under[0].Field != "join.application.time" {
		t.Fatalf("Under gives %q", under[0].Field)
	}
}

// A server's refusal keeps its kind; a failure that names none is
// Unavailable, to be tried again, and keeps the error as it came.
func TestRefusal(t *testing.T) {
	for _, c := range []struct {
		err  error
		want Kind
	}{
		{status.Error(codes.Unauthenticated, "unknown key"), Unauthenticated},
		{status.Error(codes.PermissionDenied, "revoked"), Denied},
		{status.Error(codes.ResourceExhausted, "over quota"), Full},
		{status.Error(codes.Unavailable, "away"), Unavailable},
		{status.Error(codes.Internal, "broke"), Unavailable},
		{errors.New("connection reset"), Unavailable},
	} {
		kind, err := Refusal(c.err)
		if kind != c.want {
			t.Errorf("Refusal(%v) = %v, want %v", c.err, kind, c.want)
		}
		if st, _ := status.FromError(c.err); !containsMessage(err, st.Message()) {
			t.Errorf("Refusal(%v) lost the server's words: %v", c.err, err)
		}
	}
}

func containsMessage(err error, msg string) bool {
	return err != nil && (msg == "" || strings.Contains(err.Error(), msg))
}
