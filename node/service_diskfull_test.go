package node_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A node whose database cannot grow answers a write with
// ResourceExhausted and says the disk is full, not a bare internal error;
// nothing is half written, and once the database may grow again the same
// write succeeds.
func TestWriteOnAFullDiskSaysDiskFull(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	createPartner(t, c, nodetest.Partner("Malmö stad"))
	before := countPartners(t, c)

	// max_page_count caps the file at the pages it has: the next write
	// that needs a page fails with SQLITE_FULL, as on a full disk. The
	// writer pool keeps its one connection, so the cap holds.
	w := n.Node.Store.DB().Write
	var pages int64
	if err := w.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	// Pages left free inside the file take a few more partners first.
	var err error
	added := int32(0)
	for i := 0; i < 1000 && err == nil; i++ {
		_, err = c.CreatePartner(callCtx(t), &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner(fmt.Sprintf("Förvaltning %d", i))})
		if err == nil {
			added++
		}
	}
	wantCode(t, err, codes.ResourceExhausted)
	msg := status.Convert(err).Message()
	t.Logf("refused: %s", msg)
	if !strings.Contains(msg, "disk full") {
		t.Errorf("message %q does not say the disk is full", msg)
	}
	if n := countPartners(t, c); n != before+added {
		t.Errorf("%d partners after the refused write, want %d", n, before+added)
	}

	if _, err := w.Exec(`PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	createPartner(t, c, nodetest.Partner("Förvaltning after"))
}
