package errs

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
)

// TestOpDoesNotMutate: naming the operation leaves the wrapped error as
// it was, and keeps its kind, violations and cause reachable.
func TestOpDoesNotMutate(t *testing.T) {
	inner := &Error{Kind: NotFound, Err: fs.ErrNotExist}
	err := Op("store.Get", inner)
	if inner.Op != "" {
		t.Fatalf("inner error's operation became %q", inner.Op)
	}
	if inner.Error() != fs.ErrNotExist.Error() {
		t.Fatalf("inner error reads %q", inner)
	}
	if err.Error() != "store.Get: "+fs.ErrNotExist.Error() {
		t.Fatalf("wrapped reads %q", err)
	}
	if KindOf(err) != NotFound || !Is(err, NotFound) {
		t.Fatalf("kind %v, want NotFound", KindOf(err))
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("errors.Is does not reach the cause")
	}
	var e *Error
	if !errors.As(err, &e) || e.Op != "store.Get" {
		t.Fatalf("errors.As finds %+v", e)
	}
	if Message(err) != fs.ErrNotExist.Error() {
		t.Fatalf("Message = %q", Message(err))
	}
	if Op("x", nil) != nil {
		t.Fatal("Op of nil is not nil")
	}
	// Two callers wrapping one shared error each see their own name.
	a, b := Op("a.Do", inner), Op("b.Do", inner)
	if a.Error() == b.Error() {
		t.Fatalf("both read %q", a)
	}
}

func TestOpKeepsViolations(t *testing.T) {
	vs := record.Violations{{Field: "title", Description: "is required"}}
	err := Op("node.Create", Op("store.Create", InvalidFields("", vs)))
	if KindOf(err) != Invalid || len(ViolationsOf(err)) != 1 || ViolationsOf(err)[0] != vs[0] {
		t.Fatalf("kind %v, violations %v", KindOf(err), ViolationsOf(err))
	}
	if err.Error() != "node.Create: store.Create: title: is required" {
		t.Fatalf("reads %q", err)
	}
}

// TestKindOf: the outermost classified kind wins; an unclassified layer
// lets the kind beneath show through.
func TestKindOf(t *testing.T) {
	tests := []struct {
		title string
		err   error
		want  Kind
	}{
		{title: "nil", err: nil, want: Other},
		{title: "plain error", err: errors.New("x"), want: Other},
		{title: "one layer", err: E("op", Stale, "x"), want: Stale},
		{title: "outer wins", err: Wrap("op", Unavailable, E("op", NotFound, "x")), want: Unavailable},
		{title: "through Other", err: Wrap("op", Other, E("op", Exists, "x")), want: Exists},
		{title: "through fmt", err: errors.Join(errors.New("a"), E("op", Full, "x")), want: Full},
		{title: "denied", err: Op("op", E("", Denied, "x")), want: Denied},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := KindOf(tt.err); got != tt.want {
				t.Fatalf("KindOf = %v, want %v", got, tt.want)
			}
		})
	}
}
