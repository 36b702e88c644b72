package web

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// A form saved while the node's disk is full says so, with 507, instead
// of a bare "something went wrong". max_page_count stands for the full
// disk: a write that needs a page more fails with SQLITE_FULL.
func TestFormOnAFullDiskSaysDiskFull(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	w := s.node.Node.Store.DB().Write
	var pages int64
	if err := w.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	// Pages left free inside the file take a few partnerships first.
	for i := 0; i < 1000; i++ {
		code, body, _ := s.post(t, "/partnerships/new", url.Values{
			"csrf": {token}, "title": {fmt.Sprintf("Gröna gårdar %d", i)}, "visibility": {"private"}, "level": {"across_sectors"},
			"status": {"active"},
		})
		if code == http.StatusSeeOther {
			continue
		}
		if code != http.StatusInsufficientStorage {
			t.Fatalf("save on a full disk: %d\n%s", code, body)
		}
		mustContain(t, body, "Disk full: nothing was saved.")
		return
	}
	t.Fatal("1000 partnerships saved into a database that may not grow")
}
