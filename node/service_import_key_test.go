package node_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// importKeyed sends the chunks as one stream, each carrying key.
func importKeyed(t *testing.T, c hcnetv1.CityServiceClient, key string, chunks ...[]*hcnetv1.Partner) (*hcnetv1.ImportPartnersResponse, error) {
	t.Helper()
	stream, err := c.ImportPartners(callCtx(t))
	if err != nil {
		t.Fatalf("open import stream: %v", err)
	}
	for i, ch := range chunks {
		if err := stream.Send(&hcnetv1.ImportPartnersRequest{Partners: ch, ImportKey: key}); err != nil {
			t.Fatalf("send chunk %d: %v", i, err)
		}
	}
	return stream.CloseAndRecv()
}

// TestImportWithKeyIsDoneOnce: an import sent again with its key after
// the first committed (its answer lost on the way) writes nothing: the
// node holds each row once, at its first version, and answers the first
// import's counts and ids.
func TestImportWithKeyIsDoneOnce(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	existing := createPartner(t, c, nodetest.Partner("Malmö stad, Fritidsförvaltningen"))
	edit := clone(existing)
	edit.Description = "Runs sports halls and youth clubs."
	edit.Version = 0
	rows := func() [][]*hcnetv1.Partner {
		return [][]*hcnetv1.Partner{{clone(edit)}, partners("Region Skåne", "Malmö universitet"), partners("Röda Korset")}
	}
	const key = "sha256:2b1c0f"

	first, err := importKeyed(t, c, key, rows()...)
	if err != nil {
		t.Fatalf("first import: %v", err)
	}
	if first.GetCreated() != 3 || first.GetUpdated() != 1 || first.GetReplayed() {
		t.Fatalf("first import: created %d updated %d replayed %v; want 3, 1, false", first.GetCreated(), first.GetUpdated(), first.GetReplayed())
	}
	if len(first.GetIds()) != 4 || first.GetIds()[0] != existing.GetId() {
		t.Fatalf("first import ids %q; want 4, the edited partner's first", first.GetIds())
	}
	list, err := c.ListPartners(callCtx(t), &hcnetv1.ListPartnersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "partners after the first import", ids(list.GetPartners()), first.GetIds()...)
	before := list.GetPartners()

	for range 2 {
		again, err := importKeyed(t, c, key, rows()...)
		if err != nil {
			t.Fatalf("import sent again: %v", err)
		}
		if !again.GetReplayed() || again.GetCreated() != 3 || again.GetUpdated() != 1 || !slices.Equal(again.GetIds(), first.GetIds()) {
			t.Fatalf("import sent again: created %d updated %d replayed %v ids %q; want the first answer %q, replayed",
				again.GetCreated(), again.GetUpdated(), again.GetReplayed(), again.GetIds(), first.GetIds())
		}
	}
	list, err = c.ListPartners(callCtx(t), &hcnetv1.ListPartnersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.GetPartners()) != len(before) {
		t.Fatalf("%d partners after the import was sent again; want %d", len(list.GetPartners()), len(before))
	}
	for i, p := range list.GetPartners() {
		wantSame(t, "partner after the import was sent again", p, before[i])
	}

	// Without a key every import writes: rows without an id are created again.
	plain, err := importPartners(t, c, partners("Röda Korset"))
	if err != nil || plain.GetCreated() != 1 || plain.GetReplayed() {
		t.Fatalf("import without a key: %v, %v", plain, err)
	}
	if n := countPartners(t, c); n != 5 {
		t.Errorf("%d partners after an import without a key; want 5", n)
	}
}

// TestImportKeyRefused: a key reused for other rows, a key that changes
// between chunks and a key of bad characters are InvalidArgument on
// import_key, and nothing is written.
func TestImportKeyRefused(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	if _, err := importKeyed(t, c, "k1", partners("Region Skåne")); err != nil {
		t.Fatal(err)
	}
	long := make([]byte, 129)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		title string
		send  func() error
	}{
		{title: "the key of an import of other rows", send: func() error {
			_, err := importKeyed(t, c, "k1", partners("Malmö universitet"))
			return err
		}},
		{title: "the key of an import of other rows, one more row", send: func() error {
			_, err := importKeyed(t, c, "k1", partners("Region Skåne", "Malmö universitet"))
			return err
		}},
		{title: "the key of a partners import for partnerships", send: func() error {
			stream, err := c.ImportPartnerships(callCtx(t))
			if err != nil {
				return err
			}
			if err := stream.Send(&hcnetv1.ImportPartnershipsRequest{ImportKey: "k1"}); err != nil {
				return err
			}
			_, err = stream.CloseAndRecv()
			return err
		}},
		{title: "another key in a later chunk", send: func() error {
			stream, err := c.ImportPartners(callCtx(t))
			if err != nil {
				return err
			}
			stream.Send(&hcnetv1.ImportPartnersRequest{Partners: partners("Röda Korset"), ImportKey: "k2"})
			stream.Send(&hcnetv1.ImportPartnersRequest{Partners: partners("IFK Malmö"), ImportKey: "k3"})
			_, err = stream.CloseAndRecv()
			return err
		}},
		{title: "a space in the key", send: func() error {
			_, err := importKeyed(t, c, "my key", partners("Röda Korset"))
			return err
		}},
		{title: "a key too long", send: func() error {
			_, err := importKeyed(t, c, string(long), partners("Röda Korset"))
			return err
		}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			wantBadFields(t, tc.send(), "import_key")
			if n := countPartners(t, c); n != 1 {
				t.Errorf("%d partners after a refused import; want 1", n)
			}
		})
	}
}

// TestImportKeyConcurrent: two streams with the same key at once write
// the rows once; one of them is answered as a replay.
func TestImportKeyConcurrent(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	var wg sync.WaitGroup
	res := make([]*hcnetv1.ImportPartnersResponse, 2)
	errs := make([]error, 2)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stream, err := c.ImportPartners(callCtx(t))
			if err != nil {
				errs[i] = err
				return
			}
			if err := stream.Send(&hcnetv1.ImportPartnersRequest{Partners: partners("Region Skåne", "Röda Korset"), ImportKey: "same"}); err != nil {
				errs[i] = err
				return
			}
			res[i], errs[i] = stream.CloseAndRecv()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
	}
	if res[0].GetReplayed() == res[1].GetReplayed() || !slices.Equal(res[0].GetIds(), res[1].GetIds()) {
		t.Errorf("answers %v and %v; want one replay of the other", res[0], res[1])
	}
	if n := countPartners(t, c); n != 2 {
		t.Errorf("%d partners; want 2", n)
	}
}
