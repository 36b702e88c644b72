package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/cli"
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
	if left, _ := filepath.Glob(filepath.Join(s.node.Dir, ".web-backup-*")); len(left) != 0 {
		t.Errorf("the copy was left in the data folder: %v", left)
	}

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
