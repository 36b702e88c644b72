package web

import (
	"html"
	"net/http"
	"testing"
)

// TestBackupRefusalIsASentence: an editor who opens the backup page reads
// why not as a whole sentence in their language, naming their account and
// role, as the other refusals of a role do.
func TestBackupRefusalIsASentence(t *testing.T) {
	s := startAccountSite(t)
	ed := s.as(t, "ed")
	noMisses(t, func() {
		code, page := ed.getIn(t, "sv", "/backup")
		if code != http.StatusForbidden {
			t.Fatalf("an editor's backup page: %d, want 403", code)
		}
		mustContain(t, html.UnescapeString(page), "Ditt konto ed har rollen", "som inte gör säkerhetskopior av noden. Inget ändrades.")
		code, page = ed.getIn(t, "en", "/backup")
		if code != http.StatusForbidden {
			t.Fatalf("an editor's backup page: %d, want 403", code)
		}
		mustContain(t, page, "Your account ed has the role editor, which does not make backups of the node.")
	})
}
