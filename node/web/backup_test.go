package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/cli"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestBackupDownload: an admin's navigation links the backup page, whose
// form downloads the database named after the city and the day; the file
// is a SQLite database that hcctl restore accepts into a stopped node's
// folder, and the node started on it holds the records saved before the
// download. Nothing of the copy is left in the data folder.
func TestBackupDownload(t *testing.T) {
	s := startAccountSite(t)
	ctx := context.Background()
	p, err := s.api.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Folkhälsomyndigheten")})
	if err != nil {
		t.Fatal(err)
	}
	token := s.signInAs(t, "ada")
	code, page := s.get(t, "/")
	if code != http.StatusOK || !strings.Contains(page, `href="/backup"`) {
		t.Fatalf("an admin's dashboard: %d, no link to /backup", code)
	}
	code, page = s.get(t, "/backup")
	if code != http.StatusOK {
		t.Fatalf("GET /backup: %d", code)
	}
	mustContain(t, page, `action="/backup"`, "Download a backup", "hcctl restore")

	res, err := s.http.PostForm(s.srv.URL+"/backup", url.Values{"csrf": {token}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST /backup: %d\n%s", res.StatusCode, body)
	}
	name := regexp.MustCompile(`^attachment; filename="hcnode-malmo-\d{4}-\d\d-\d\d\.db"$`)
	if cd := res.Header.Get("Content-Disposition"); !name.MatchString(cd) {
		t.Errorf("Content-Disposition %q, want the city and the day", cd)
	}
	if !bytes.HasPrefix(body, []byte("SQLite format 3\x00")) {
		t.Fatalf("the download is not a SQLite database: % x", body[:min(len(body), 16)])
	}
	// The handler removes its copy once the last byte is written, which
	// may be just after the client has read it.
	poll.Within(t, 10*time.Second, "the copy is removed from the data folder", func() bool {
		left, _ := filepath.Glob(filepath.Join(s.node.Dir, ".web-backup-*"))
		return len(left) == 0
	})

	// Restore it, as the IT team would, into the node's own folder once
	// the node is stopped: a partner added after the backup is gone, the
	// one before it is back.
	file := filepath.Join(t.TempDir(), "download.db")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.api.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("After the backup")}); err != nil {
		t.Fatal(err)
	}
	dir := s.node.Dir
	s.node.Stop(t)
	var out, errOut bytes.Buffer
	if code := cli.Main(ctx, []string{"restore", "--dir", dir, "--from", file}, cli.Env{Stdout: &out, Stderr: &errOut}); code != 0 {
		t.Fatalf("hcctl restore of the download: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	n := nodetest.Restart(t, dir)
	ps, err := n.Client(t).ListPartners(ctx, &hcnetv1.ListPartnersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.GetPartners()) != 1 || ps.GetPartners()[0].GetId() != p.GetPartner().GetId() {
		t.Fatalf("restored node's partners: %v, want only %s", ps.GetPartners(), p.GetPartner().GetId())
	}
}

// TestBackupIsForAdmins: editors and viewers have no link to the backup
// and get 403 for its page and its download, with a valid CSRF token;
// an admin's download without the token is refused as a forged form.
func TestBackupIsForAdmins(t *testing.T) {
	s := startAccountSite(t)
	for _, name := range []string{"ed", "vi"} {
		s.http.Jar, _ = cookiejar.New(nil)
		token := s.signInAs(t, name)
		_, page := s.get(t, "/")
		if strings.Contains(page, `href="/backup"`) {
			t.Errorf("%s's navigation links the backup", name)
		}
		if code, _ := s.get(t, "/backup"); code != http.StatusForbidden {
			t.Errorf("%s: GET /backup %d, want 403", name, code)
		}
		code, body, _ := s.post(t, "/backup", url.Values{"csrf": {token}})
		if code != http.StatusForbidden || strings.Contains(body, "SQLite format 3") {
			t.Errorf("%s: POST /backup %d, want 403 and no database", name, code)
		}
	}
	s.http.Jar, _ = cookiejar.New(nil)
	s.signInAs(t, "ada")
	code, body, _ := s.post(t, "/backup", url.Values{"csrf": {"forged"}})
	if code != http.StatusForbidden || strings.Contains(body, "SQLite format 3") {
		t.Errorf("admin's POST /backup with a forged token: %d, want 403 and no database", code)
	}
}

// TestBackupAndCheckInEveryLanguage: the texts of the backup page and of
// the hub page's check, as the English pages show them, have a
// translation in each of the network's other languages. It asks the
// catalogue rather than rendering pages in each language, because a
// page's other texts that are not translated yet would be remembered as
// missing by the shared catalogue, which the sign-in page's test reads.
func TestBackupAndCheckInEveryLanguage(t *testing.T) {
	s := startAccountSite(t)
	s.signInAs(t, "ada")
	_, backup := s.get(t, "/backup")
	_, hub := s.get(t, "/hub")
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for page, ids := range map[string][]string{
		backup: {
			"Download a copy of this node's database: every record, private ones and contacts included, and the accounts, as they stand at this moment.",
			"The copy is consistent while the node runs: whatever was saved before you asked is in it, and nothing half-saved. It is one SQLite file, named after the city and the day. Keep it where only the city's IT team can read it, as it holds personal data.",
			"The backup holds the records, not the node's keys: the city's IT team keeps a copy of identity.nk and admin.token from the data folder once. To bring a backup back, they stop the node and run hcctl restore.",
			"Download a backup",
		},
		hub: {
			"Check delivery now",
			"Compares every shared record with what the hub holds and sends again whatever the hub lacks or holds at an older version.",
		},
	} {
		for _, id := range ids {
			mustContain(t, page, html.EscapeString(id))
			for _, l := range i18n.Languages {
				if l.Code != i18n.English && words.In(l.Code).T(id) == id {
					t.Errorf("%s: %q is not translated", l.Code, id)
				}
			}
		}
	}
	// The notices, which the check's tests read in English.
	for _, id := range []string{"Backup",
		"Delivery checked. Shared records compared with the hub: {{.Compared}}; already there: {{.Present}}; sent again: {{.Repaired}}.",
		"The check took longer than a page can wait and was stopped; nothing is lost. The node compares with its hub by itself every 10 minutes.",
		"The check did not run: {{.Reason}}", "The hub refused the check: {{.Reason}}",
	} {
		for _, l := range i18n.Languages {
			if l.Code != i18n.English && words.In(l.Code).T(id, "Compared", 1, "Present", 1, "Repaired", 0, "Reason", "r") == words.In(i18n.English).T(id, "Compared", 1, "Present", 1, "Repaired", 0, "Reason", "r") {
				t.Errorf("%s: %q is not translated", l.Code, id)
			}
		}
	}
}
