package metrics_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A hub whose database finds the disk full says so in its metrics and
// its readiness while it lasts, and stops saying so once ingest commits
// again. max_page_count stands for the full disk: a write that needs a
// page more fails with SQLITE_FULL, as on a full file system.
func TestHubStorageMetricsShowAFullDatabase(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	addr := serve(t, metrics.NewHubCollector(h.Hub))
	hc, nc := h.Client(t), n.Client(t)
	if _, err := nc.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatalf("join: %v", err)
	}
	if _, err := hc.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: n.CityID, Country: "se"}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	checkAll(t, scrape(t, addr), []check{
		{title: "database writable", name: "hcnet_hub_storage_failing", labels: []string{"store", "database"}, ok: eq(0)},
		{title: "stream writable", name: "hcnet_hub_storage_failing", labels: []string{"store", "stream"}, ok: eq(0)},
		{title: "no database errors", name: "hcnet_hub_storage_errors_total", labels: []string{"store", "database"}, ok: eq(0)},
		{title: "no restarts", name: "hcnet_hub_stream_restarts_total", ok: eq(0)},
	})

	w := h.Hub.Store.DB().Write
	var pages int64
	if err := w.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	// Enough practices that some batch needs a page more.
	for i := range 40 {
		p := practice(fmt.Sprintf("Mötesplatser mot ensamhet %d", i), hcnetv1.Visibility_VISIBILITY_NETWORK)
		if _, err := nc.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p}); err != nil {
			t.Fatal(err)
		}
	}
	poll.Until(t, "the full database in the metrics and readiness", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_hub_storage_failing", "store", "database")
		return v == 1 && h.Hub.Ready(ctx) != nil
	})
	checkAll(t, scrape(t, addr), []check{
		{title: "database errors counted", name: "hcnet_hub_storage_errors_total", labels: []string{"store", "database"}, ok: atLeast(1)},
	})

	if _, err := w.Exec(`PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	// Ingest tries the batch again when JetStream delivers it again,
	// after the consumer's AckWait.
	poll.Within(t, 2*time.Minute, "the database writing again after its cap was lifted", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_hub_storage_failing", "store", "database")
		return v == 0
	})
	if err := h.Hub.Ready(ctx); err != nil {
		t.Errorf("Ready = %v once the database writes again", err)
	}
	poll.Until(t, "every practice held", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_hub_records", "kind", "practice")
		return v == 40
	})
}
