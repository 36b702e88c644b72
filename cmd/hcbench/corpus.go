package main

import (
	"fmt"
	"github.com/hcnet/hcnet/internal/corpus"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// city is a simulated member: its id and identity key.
type city struct {
	id  string
	key nkeys.KeyPair
}

func newCities(n int, prefix string) ([]city, error) {
	out := make([]city, n)
	for i := range out {
		kp, err := nkeys.CreateUser()
		if err != nil {
			return nil, err
		}
		out[i] = city{id: fmt.Sprintf("%s%05d", prefix, i), key: kp}
	}
	return out, nil
}

// sealed is one envelope ready to publish, as a node's outbox holds it.
type sealed struct {
	subject, msgID string
	data           []byte
	header         *hcnetv1.EnvelopeHeader
	record         *hcnetv1.SharedRecord
}

// seal signs the i-th practice as c, with visibility vis (public ones a
// national hub forwards to its parent).
func seal(c city, i int, vis hcnetv1.Visibility, now time.Time) (sealed, error) {
	id := ulid.Make().String()
	rec := corpus.Practice(i, id)
	rec.GetPractice().Visibility = vis
	h := &hcnetv1.EnvelopeHeader{OriginCountry: country, OriginCity: c.id, Kind: "practice", Id: id, Version: 1, Visibility: vis}
	env, err := envelope.Seal(c.key, h, rec, now)
	if err != nil {
		return sealed{}, err
	}
	b, err := proto.Marshal(env)
	if err != nil {
		return sealed{}, err
	}
	hdr, err := envelope.PeekHeader(env)
	if err != nil {
		return sealed{}, err
	}
	return sealed{subject: subject.Record(country, c.id, "practice", id), msgID: envelope.MsgID(hdr), data: b, header: hdr, record: rec}, nil
}

// query is one search of the fixed set.
type query struct {
	Name    string
	Request *hcnetv1.SearchPracticesRequest
}

// queries are the set: most common term, rare term, phrase,
// prefix, facet filter, and a common term under a filter.
var queries = []query{
	{"common term", &hcnetv1.SearchPracticesRequest{Query: "health"}},
	{"rare term", &hcnetv1.SearchPracticesRequest{Query: "zeppelin"}},
	{"phrase", &hcnetv1.SearchPracticesRequest{Query: `"meeting places"`}},
	{"prefix", &hcnetv1.SearchPracticesRequest{Query: "generat*"}},
	{"facet filter", &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}}},
	{"common + facet", &hcnetv1.SearchPracticesRequest{Query: "health", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}}},
}
