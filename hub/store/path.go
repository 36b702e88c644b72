package store

import (
	"encoding/json"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// hop is a Hop as stored and as carried in the relay.PathHeader.
type hop struct {
	At   string    `json:"at"`
	Time time.Time `json:"time"`
}

func EncodePath(path []*hcnetv1.Hop) (string, error) {
	hops := make([]hop, len(path))
	for i, h := range path {
		hops[i] = hop{At: h.GetAt(), Time: h.GetTime().AsTime().UTC()}
	}
	b, err := json.Marshal(hops)
	return string(b), err
}

// DecodePath reads a stored or carried path; a malformed one is empty,
// since a path is informational and never trusted.
func DecodePath(s string) []*hcnetv1.Hop {
	var hops []hop
	if json.Unmarshal([]byte(s), &hops) != nil {
		return nil
	}
	out := make([]*hcnetv1.Hop, len(hops))
	for i, h := range hops {
		out[i] = &hcnetv1.Hop{At: h.At, Time: timestamppb.New(h.Time)}
	}
	return out
}
