package sharetest

import (
	"math/rand/v2"
	"testing"

	"github.com/oklog/ulid/v2"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Every kind a node holds besides its one city profile has a builder, and
// it builds a valid record of its own kind: a kind added to the registry
// is then also drawn in the sharing property test.
func TestEveryKindHasABuilder(t *testing.T) {
	g := New(rand.New(rand.NewPCG(1, 2)), "t")
	for _, k := range record.Kinds {
		if k == record.KindCity {
			continue
		}
		b, ok := builders[k]
		if !ok {
			t.Errorf("no builder for kind %s", k)
			continue
		}
		m, _ := b(g, "mk", hcnetv1.Visibility_VISIBILITY_PUBLIC)
		if got, err := record.KindOf(m); err != nil || got != k {
			t.Errorf("the %s builder made a %v (%v)", k, got, err)
		}
		if vs := record.Validate("", m); len(vs) > 0 {
			t.Errorf("the %s builder made an invalid record: %v", k, vs)
		}
		// Later kinds name earlier ones (an indicator its plan), as in a
		// graph the test adds to in record.Kinds order.
		g.ofKind[k] = append(g.ofKind[k], &Rec{Kind: k, ID: ulid.Make().String(), Msg: m})
	}
}
