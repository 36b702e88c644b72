package errs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestMessage(t *testing.T) {
	tests := []struct {
		title string
		err   error
		want  string
	}{
		{title: "operation dropped", err: E("node.Init", Exists, "%s already holds a node", "/srv/x"), want: "/srv/x already holds a node"},
		{title: "wrapping kept", err: fmt.Errorf("open the data folder: %w", Wrap("node.Init", Other, errors.New("disk full"))), want: "open the data folder: disk full"},
		{title: "nested operations", err: Wrap("hub.Init", Other, Wrap("store.Create", Other, errors.New("locked"))), want: "locked"},
		{title: "no operation", err: errors.New("plain"), want: "plain"},
		{title: "kind only", err: &Error{Op: "store.Get", Kind: NotFound}, want: "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := Message(tt.err); got != tt.want {
				t.Fatalf("Message = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestStatusMessageInWords: a client reads no operation names, also of
// errors inside the cause.
func TestStatusMessageInWords(t *testing.T) {
	err := Wrap("relay.Join", Unavailable, fmt.Errorf("reach the hub: %w", E("store.Setting", Unavailable, "database is locked")))
	st, _ := status.FromError(Status(context.Background(), slog.New(slog.DiscardHandler), "/x", err))
	if st.Code() != codes.Unavailable || st.Message() != "reach the hub: database is locked" {
		t.Fatalf("status %v %q", st.Code(), st.Message())
	}
}
