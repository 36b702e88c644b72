package relay_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/hcnet/hcnet/internal/relay"
)

// noSettings is a relay's settings with nothing remembered.
type noSettings struct{}

func (noSettings) Setting(context.Context, string) (string, error)      { return "", nil }
func (noSettings) SetSettings(context.Context, map[string]string) error { return nil }

// A bell never blocks the writer that rings it, and rings while the
// relay is busy collapse into one wake-up.
func TestBellCollapsesRings(t *testing.T) {
	b := relay.NewBell()
	b.Ring()
	b.Ring() // would block a writer were the bell not collapsing
	<-b
	select {
	case <-b:
		t.Fatal("two rings woke the relay twice")
	default:
	}
}

// A relay given a bell sleeps on that bell: its own Wake rings the one
// the outbox's writer rings.
func TestRelaySharesItsBell(t *testing.T) {
	b := relay.NewBell()
	r := relay.New(nil, noSettings{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), relay.WithBell(b))
	r.Wake()
	select {
	case <-b:
	default:
		t.Fatal("Wake did not ring the bell the relay was given")
	}
}
