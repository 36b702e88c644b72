package node

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// TestSharedFormNamesNothingItMayNotCarry: whatever sharedForm does field
// by field, a shared form that still names a record of the references
// record.IndexOf lists, one that may not travel as far, is refused,
// wherever in the form the id is.
func TestSharedFormNamesNothingItMayNotCarry(t *testing.T) {
	const private, network = "01J0000000000000000000PRIV", "01J0000000000000000000NETW"
	vis := map[string]hcnetv1.Visibility{private: hcnetv1.Visibility_VISIBILITY_PRIVATE, network: hcnetv1.Visibility_VISIBILITY_NETWORK}
	get := func(kind record.Kind, id string) (proto.Message, error) {
		return &hcnetv1.Practice{Id: id, Visibility: vis[id]}, nil
	}
	refs := []record.Ref{
		{Field: "adopted_from.practice_id", Kind: record.KindPractice, ID: private, Across: true, Country: "se", City: "malmo"},
		{Field: "partnership_ids[0]", Kind: record.KindPartnership, ID: network},
	}
	practice := func(edit func(p *hcnetv1.Practice)) *hcnetv1.SharedRecord {
		p := &hcnetv1.Practice{Id: "01J00000000000000000000ONE", PartnershipIds: []string{network}}
		edit(p)
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: p}}
	}
	for _, tc := range []struct {
		title string
		vis   hcnetv1.Visibility
		rec   *hcnetv1.SharedRecord
		want  string // in the error; "" for none
	}{
		{title: "nothing it may not carry", vis: hcnetv1.Visibility_VISIBILITY_NETWORK, rec: practice(func(*hcnetv1.Practice) {})},
		{title: "a reference left in", vis: hcnetv1.Visibility_VISIBILITY_PUBLIC,
			rec: practice(func(p *hcnetv1.Practice) {
				p.AdoptedFrom = &hcnetv1.PracticeRef{Country: "se", CityId: "malmo", PracticeId: private}
			}), want: "adopted_from.practice_id"},
		{title: "a network id in a public form", vis: hcnetv1.Visibility_VISIBILITY_PUBLIC,
			rec: practice(func(*hcnetv1.Practice) {}), want: "partnership_ids[0]"},
		{title: "an id in a map value", vis: hcnetv1.Visibility_VISIBILITY_NETWORK,
			rec: practice(func(p *hcnetv1.Practice) {
				p.Texts = map[string]*hcnetv1.PracticeText{"en": {Title: private}}
			}), want: private},
	} {
		c := carrier{vis: tc.vis, get: get}
		err := c.unnamed(tc.rec, refs)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.title, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want an error naming %s", tc.title, err, tc.want)
		}
	}
}
