package main

import (
	"fmt"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// words give practice texts a skewed vocabulary: the first is in every
// record (the common term of the query set), "zeppelin" in one of rareEvery,
// so both ends of FTS posting-list sizes are measured. The hub's
// BenchmarkSearch uses the same corpus shape.
var words = []string{"health", "meeting", "places", "loneliness", "older", "residents", "generations",
	"walking", "school", "meals", "garden", "cycling", "housing", "noise", "air", "water", "green", "youth"}

const rareEvery = 5000

// practice is the i-th shared practice of the corpus, about half a KiB
// sealed, the size the DESIGN's raw figures were measured at.
func practice(i int, id string) *hcnetv1.SharedRecord {
	w := func(k int) string { return words[(i*7+k*13)%len(words)] }
	title := fmt.Sprintf("%s %s %s for %s", words[0], w(1), w(2), w(3))
	if i%rareEvery == 0 {
		title += " zeppelin"
	}
	summary := fmt.Sprintf("Meeting places against loneliness: %s and %s bring %s together across generations in practice %d.", w(4), w(5), w(6), i)
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{
		Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "en",
		Texts: map[string]*hcnetv1.PracticeText{"en": {Title: title, Summary: summary,
			Body: fmt.Sprintf("The city works with %s, %s and %s. Residents of every age take part; %s is measured each year.", w(7), w(8), w(9), w(10))}},
		Problem: "Isolation of " + w(11) + " and " + w(12),
		Sdg:     &hcnetv1.SdgTags{Goals: []int32{3, int32(10 + i%8)}},
	}}}
}

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
	rec := practice(i, id)
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
