package fedtest

import (
	"testing"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// hubNATS connects to the hub's NATS as the hub itself.
func hubNATS(t *testing.T, h *hubtest.Hub) *nats.Conn {
	t.Helper()
	seed, err := readSeed(h.Dir + "/" + hub.IdentityFile)
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.FromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: kp, Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}
