package node

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// listKinds are the kinds the service lists, in a fixed order for seeds.
var listKinds = []record.Kind{record.KindPartner, record.KindPartnership, record.KindHealthPlan,
	record.KindIndicator, record.KindPractice, record.KindSuccess, record.KindEndorsement}

// FuzzStoreList runs Store.List on an empty temporary store with an
// arbitrary filter (bytes decoded as a RecordFilter), plan id, page size
// and page token: the answer is a page or an Invalid error, never another
// kind (which the service would turn into Internal), never a panic.
func FuzzStoreList(f *testing.F) {
	st, err := OpenStore(context.Background(), filepath.Join(f.TempDir(), "hcnode.db"), StoreOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	filters := []*hcnetv1.RecordFilter{
		nil,
		{Query: "parks \"green\" OR NEAR(a b) * - ^ :"},
		{Status: "ongoing", Sector: hcnetv1.Sector_SECTOR_HEALTH, SdgGoal: 3, SdgTarget: "3.4"},
		{Level: 99, Mechanism: -1, Setting: 1 << 30, SdgGoal: -5, SdgTarget: "99.z", Visibility: 7},
		{Status: "no-such-status", Query: "åäö ÅÄÖ 日本語"},
	}
	for i, fl := range filters {
		b, err := proto.Marshal(fl)
		if err != nil {
			f.Fatal(err)
		}
		kind := listKinds[i%len(listKinds)]
		f.Add(uint8(i), b, "", int32(0), "")
		f.Add(uint8(i+1), b, "01JB7Q6Z8M3V2K5T9X4R1N0P6D", int32(MaxPageSize+1), makePageToken("01JB7Q6Z8M3V2K5T9X4R1N0P6D", pageTokenKey(kind, Query{Filter: fl})))
	}
	f.Add(uint8(3), []byte{}, "not-a-ulid", int32(-1), "!!not base64")
	f.Fuzz(func(t *testing.T, kind uint8, filter []byte, planID string, pageSize int32, pageToken string) {
		fl := &hcnetv1.RecordFilter{}
		if err := proto.Unmarshal(filter, fl); err != nil {
			return
		}
		q := Query{Filter: fl, PlanID: planID, PageSize: pageSize, PageToken: pageToken}
		page, err := st.List(context.Background(), listKinds[int(kind)%len(listKinds)], q)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("List(%+v): %v (kind %v), want a page or Invalid", q, err, errs.KindOf(err))
			}
			return
		}
		if len(page.Records) != 0 || page.TotalSize != 0 {
			t.Fatalf("an empty store listed %d records (total %d)", len(page.Records), page.TotalSize)
		}
	})
}
