package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/cli"
	"github.com/hcnet/hcnet/internal/sample"
)

// TestExportAllDownloadIsHcctls: an admin's download of every record is
// byte for byte what hcctl export --all writes for the same node, a
// sample city with every kind in it; editors and viewers are refused.
func TestExportAllDownloadIsHcctls(t *testing.T) {
	s := startAccountSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := sample.Load(ctx, s.api, sample.Cities[0]); err != nil {
		t.Fatal(err)
	}
	var want, errb bytes.Buffer
	if code := cli.Main(ctx, []string{"--node", s.node.Addr, "--dir", s.node.Dir, "export", "--all"}, cli.Env{
		Stdin: strings.NewReader(""), Stdout: &want, Stderr: &errb, Getenv: func(string) string { return "" },
	}); code != 0 {
		t.Fatalf("hcctl export --all: exit %d\n%s", code, errb.String())
	}
	if strings.Count(want.String(), "\n") < 10 {
		t.Fatalf("hcctl exported too little to compare:\n%s", want.String())
	}

	s.signInAs(t, "ada")
	_, page := s.get(t, "/backup")
	mustContain(t, page, `href="/backup/records.jsonl"`)
	res, err := s.http.Get(s.srv.URL + "/backup/records.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("download: %d\n%s", res.StatusCode, got)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".jsonl") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store: the file holds personal data", cc)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("the download differs from hcctl export --all:\n got %d bytes\nwant %d bytes", len(got), want.Len())
	}

	for _, name := range []string{"ed", "vi"} {
		if code, _ := s.as(t, name).get(t, "/backup/records.jsonl"); code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, code)
		}
	}
}

// TestBackupPageSpeaksEveryLanguage: the backup page with its export
// comes in each of the eight languages, none missing.
func TestBackupPageSpeaksEveryLanguage(t *testing.T) {
	s := startAccountSite(t)
	s.signInAs(t, "ada")
	noMisses(t, func() { inEveryLanguage(t, s.site, "/backup") })
	_, page := s.getIn(t, "de", "/backup")
	mustContain(t, page, "Alle Datensätze herunterladen")
}
