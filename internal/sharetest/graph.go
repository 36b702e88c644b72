// Package sharetest builds, from a seed, graphs of records that refer to
// one another at every visibility, and finds in any bytes (a shared form,
// a hub's database, a feed) content of a record that may not travel that
// far. The node's tests and the federation's share it, so that the rule
// "a shared form carries content of another record only if that record
// may travel at least as far" (record.MayCarry) is checked the same way
// on the node and at every destination.
//
// Every text field of a record holds a marker unique to the record, so a
// search of raw bytes for the marker is a search for the record's
// content; its id is searched for as well.
package sharetest

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Writer is where a graph's records are written: a node's store.
type Writer interface {
	Create(ctx context.Context, m proto.Message) error
	Update(ctx context.Context, kind record.Kind, id string, version int64, mutate func(proto.Message) error) (proto.Message, error)
}

// Rec is one record of a graph as the test wrote it.
type Rec struct {
	Kind   record.Kind
	ID     string
	Marker string // in every text field of the record, and nowhere else
	// Visibility is the record's visibility now; Widest the farthest it
	// ever travelled, so the farthest its id (in a withdrawal) may show.
	Visibility, Widest hcnetv1.Visibility
	// Refs are the records of the graph it names, in field order.
	Refs []*Rec
	// Msg is the record as last written.
	Msg proto.Message
}

func (r *Rec) String() string {
	return fmt.Sprintf("%s %s (%s, %s)", r.Kind, r.ID, r.Marker, record.ShortName(r.Visibility))
}

// Graph is a set of records written one random step at a time.
type Graph struct {
	rng    *rand.Rand
	prefix string
	recs   []*Rec
	byID   map[string]*Rec
	ofKind map[record.Kind][]*Rec
	steps  []string
	// home is the city of the node the graph is written to, when known:
	// an adopted practice or an endorsed success may name it, and is then
	// a reference to a record of the graph like any other.
	home *hcnetv1.CityRef
}

// New starts an empty graph. prefix makes its markers unique among the
// graphs written to one store: lower-case letters and digits only.
func New(rng *rand.Rand, prefix string) *Graph {
	return &Graph{rng: rng, prefix: prefix, byID: map[string]*Rec{}, ofKind: map[record.Kind][]*Rec{}}
}

// At tells the graph the city of the node it is written to, so that its
// practices adopt its practices and its endorsements endorse its
// successes by naming that city, as they would another city's.
func (g *Graph) At(country, city string) *Graph {
	g.home = &hcnetv1.CityRef{Country: country, CityId: city}
	return g
}

// Records are the graph's records in the order they were created.
func (g *Graph) Records() []*Rec { return g.recs }

// Get is the record with the id, nil if the graph has none.
func (g *Graph) Get(id string) *Rec { return g.byID[id] }

// Steps describes what was written so far, one line a step, for a
// failure message.
func (g *Graph) Steps() []string { return g.steps }

// visibilities are the choices a record has.
var visibilities = []hcnetv1.Visibility{
	hcnetv1.Visibility_VISIBILITY_PRIVATE, hcnetv1.Visibility_VISIBILITY_NETWORK, hcnetv1.Visibility_VISIBILITY_PUBLIC,
}

func (g *Graph) visibility() hcnetv1.Visibility { return visibilities[g.rng.IntN(len(visibilities))] }

// Step makes one random write and returns the record written: mostly a
// new record of a random kind naming random records of the graph, and
// now and then a new visibility for a record of the graph, so that what
// was shared must be shared again differently.
func (g *Graph) Step(ctx context.Context, w Writer) (*Rec, error) {
	if len(g.recs) > 0 && g.rng.IntN(4) == 0 {
		return g.revisit(ctx, w)
	}
	kinds := []record.Kind{record.KindPartner, record.KindPartnership, record.KindHealthPlan, record.KindPractice, record.KindSuccess, record.KindEndorsement}
	if len(g.ofKind[record.KindHealthPlan]) > 0 {
		kinds = append(kinds, record.KindIndicator)
	}
	return g.Add(ctx, w, kinds[g.rng.IntN(len(kinds))])
}

// Add writes a new record of the kind with a random visibility, naming
// random records of the graph.
func (g *Graph) Add(ctx context.Context, w Writer, kind record.Kind) (*Rec, error) {
	r := &Rec{Kind: kind, Marker: fmt.Sprintf("mk%sr%03dz", g.prefix, len(g.recs)), Visibility: g.visibility()}
	r.Widest = r.Visibility
	m, refs := g.build(r)
	r.Msg, r.Refs = m, refs
	if err := w.Create(ctx, m); err != nil {
		return nil, fmt.Errorf("create %s %s: %w", kind, r.Marker, err)
	}
	r.ID = record.GetMeta(m).ID
	g.recs = append(g.recs, r)
	g.byID[r.ID] = r
	g.ofKind[kind] = append(g.ofKind[kind], r)
	g.steps = append(g.steps, fmt.Sprintf("create %v naming %v", r, refs))
	return r, nil
}

// revisit gives a record of the graph another visibility.
func (g *Graph) revisit(ctx context.Context, w Writer) (*Rec, error) {
	r := g.recs[g.rng.IntN(len(g.recs))]
	v := r.Visibility
	for v == r.Visibility {
		v = g.visibility()
	}
	m, err := w.Update(ctx, r.Kind, r.ID, 0, func(m proto.Message) error {
		pm := m.ProtoReflect()
		pm.Set(pm.Descriptor().Fields().ByName("visibility"), protoreflect.ValueOfEnum(v.Number()))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("make %v %s: %w", r, record.ShortName(v), err)
	}
	g.steps = append(g.steps, fmt.Sprintf("make %v %s", r, record.ShortName(v)))
	r.Visibility, r.Msg = v, m
	if record.Reach(v) > record.Reach(r.Widest) {
		r.Widest = v
	}
	return r, nil
}

// some picks up to max records of the kind, each at most once.
func (g *Graph) some(kind record.Kind, max int) []*Rec {
	all := g.ofKind[kind]
	n := min(len(all), g.rng.IntN(max+1))
	var out []*Rec
	for _, i := range g.rng.Perm(len(all))[:n] {
		out = append(out, all[i])
	}
	return out
}

// one picks a record of the kind, or none.
func (g *Graph) one(kind record.Kind) *Rec {
	if all := g.ofKind[kind]; len(all) > 0 && g.rng.IntN(4) > 0 {
		return all[g.rng.IntN(len(all))]
	}
	return nil
}

func ids(rs []*Rec) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}
