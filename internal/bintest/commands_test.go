package bintest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
)

// TestEveryCommandFamily runs each family of hcctl commands, as listed
// by hcctl --help, at least once against a live hub and node.
func TestEveryCommandFamily(t *testing.T) {
	f := startFederation(t)

	ok(t, f.officer(t, "status"), "has not joined a hub")
	ok(t, f.officer(t, "city", "get"), "Malmö", "malmo")
	ok(t, f.officer(t, "city", "update", "--population", "362133"), "362133")

	// The records a later step needs: a partner with a contact, a plan
	// with a goal, and a public practice to share.
	partner := created(t, f.officer(t, "partner", "add", "-o", "json", "--organisation", "Vårdcentralen Rosengård",
		"--kind", "public_agency", "--sector", "health", "--visibility", "network", "--contact-email", "anna@example.org"))
	plan := created(t, f.officer(t, "plan", "add", "-o", "json", "--title", "Folkhälsoplan 2024–2030", "--status", "draft",
		"--visibility", "public", "--period-start-year", "2024", "--period-end-year", "2030", "--goal", "g1:Mindre ensamhet"))
	practice := created(t, f.officer(t, "practice", "add", "-o", "json", "--lang", "sv", "--title", "Promenadgrupper för äldre",
		"--summary", "Mot ensamhet", "--status", "ongoing", "--visibility", "public", "--sdg", "3"))
	f.records(t, partner)

	// One more of each kind through its whole life: add, list, get,
	// update, delete.
	for _, k := range []struct {
		kind        string
		add, update []string
		shown       string // in get -o json after the update
	}{
		{kind: "partner", add: []string{"--organisation", "Föreningen Gåbra", "--kind", "ngo", "--sector", "sport", "--visibility", "private"},
			update: []string{"--description", "walks every Tuesday"}, shown: "walks every Tuesday"},
		{kind: "partnership", add: []string{"--title", "Aktiva skolgårdar", "--level", "across_sectors", "--status", "active",
			"--visibility", "public", "--partner", "Vårdcentralen Rosengård:lead", "--sector", "health,education"},
			update: []string{"--description", "yards open after school"}, shown: "yards open after school"},
		{kind: "plan", add: []string{"--title", "Plan för barn", "--status", "draft", "--visibility", "network",
			"--period-start-year", "2025", "--period-end-year", "2028"},
			update: []string{"--title", "Plan för barn och unga"}, shown: "Plan för barn och unga"},
		{kind: "indicator", add: []string{"--plan-id", plan, "--goal-id", "g1", "--name", "Ofta ensamma", "--unit", "%",
			"--direction", "decrease", "--baseline", "24", "--baseline-date", "2023-12-31", "--visibility", "public"},
			update: []string{"--name", "Ofta ensamma (65+)"}, shown: "Ofta ensamma (65+)"},
		{kind: "practice", add: []string{"--lang", "sv", "--title", "Mötesplatser", "--summary", "Öppet hus", "--status", "ongoing",
			"--visibility", "private"},
			update: []string{"--lang", "en", "--title", "Meeting places"}, shown: "Meeting places"},
		{kind: "success", add: []string{"--title", "Ensamheten minskade", "--outcome", "En tredjedel färre",
			"--partner-city", "se/lund/Lund", "--visibility", "public"},
			update: []string{"--outcome", "Hälften färre"}, shown: "Hälften färre"},
	} {
		t.Run(k.kind, func(t *testing.T) {
			id := created(t, f.officer(t, append([]string{k.kind, "add", "-o", "json"}, k.add...)...))
			ok(t, f.officer(t, k.kind, "list"), id)
			ok(t, f.officer(t, append([]string{k.kind, "update", id}, k.update...)...))
			ok(t, f.officer(t, k.kind, "get", id), id)
			ok(t, f.officer(t, k.kind, "get", id, "-o", "json"), k.shown)
			switch k.kind {
			case "indicator":
				ok(t, f.officer(t, "indicator", "record", id, "--date", "2024-12-31", "--value", "-5"))
				ok(t, f.officer(t, "indicator", "get", id), "-5")
			case "success":
				f.endorsements(t, id)
			}
			ok(t, f.officer(t, k.kind, "delete", id), "deleted "+k.kind+" "+id)
			fails(t, f.officer(t, k.kind, "get", id), 1, "not found")
		})
	}

	// Accounts of the web pages: hcnode init made the first admin.
	ok(t, f.officer(t, "user", "add", "amira", "--role", "editor"), "amira", "Password of amira: ")
	ok(t, f.officer(t, "user", "list"), "admin", "amira", "editor")
	ok(t, f.officer(t, "user", "passwd", "amira"), "sessions are ended")
	ok(t, f.officer(t, "user", "role", "amira", "viewer"), "amira", "viewer")
	ok(t, f.officer(t, "user", "list"), "amira", "viewer")
	fails(t, f.officer(t, "user", "role", "admin", "editor"), 1, "last admin")
	fails(t, f.officer(t, "user", "role", "amira", "owner"), 2, "admin, editor or viewer")
	ok(t, f.officer(t, "user", "remove", "amira"), "Removed account amira")
	fails(t, f.officer(t, "user", "remove", "admin"), 1, "last admin")

	f.spreadsheets(t)
	f.share(t, practice)
	f.backupAndRestore(t, partner)

	ok(t, f.run(t, "completion", "bash"), "bash completion")
	help := ok(t, f.run(t, "help"), "Available Commands:")
	for _, family := range families(t, help) {
		if !f.ran[family] {
			t.Errorf("no command of the family %q ran", family)
		}
	}
}

// created is the id of the record an add command printed as JSON.
func created(t *testing.T, r result) string {
	t.Helper()
	out := ok(t, r)
	var resp map[string]struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil || len(resp) != 1 {
		t.Fatalf("add printed %v, want one record as JSON: %s", err, out)
	}
	for _, rec := range resp {
		if rec.ID == "" {
			t.Fatalf("the record has no id: %s", out)
		}
		return rec.ID
	}
	return ""
}

// families are the command names hcctl's help lists.
func families(t *testing.T, help string) []string {
	t.Helper()
	_, list, found := strings.Cut(help, "Available Commands:\n")
	if !found {
		t.Fatalf("help lists no commands:\n%s", help)
	}
	var out []string
	for _, line := range strings.Split(list, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			break
		}
		out = append(out, fields[0])
	}
	if len(out) < 10 || !slices.Contains(out, "backup") {
		t.Fatalf("help lists %v", out)
	}
	return out
}

// records checks the officer's view of the partner with its contact.
func (f *federation) records(t *testing.T, partner string) {
	t.Helper()
	ok(t, f.officer(t, "partner", "get", partner), "anna@example.org")
	ok(t, f.officer(t, "partner", "list", "-o", "csv"), "Vårdcentralen Rosengård")
}

// endorsements endorses the success and takes the endorsement back.
func (f *federation) endorsements(t *testing.T, success string) {
	t.Helper()
	e := created(t, f.officer(t, "success", "endorse", "-o", "json", "--city", "lund", "--country", "se", "--success", success,
		"--visibility", "public"))
	ok(t, f.officer(t, "endorsement", "list"), "se/lund/"+success)
	ok(t, f.officer(t, "endorsement", "get", e), e)
	ok(t, f.officer(t, "endorsement", "delete", e), "deleted endorsement "+e)
}

// spreadsheets exports and imports partners and partnerships, and
// exports everything.
func (f *federation) spreadsheets(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	partners := filepath.Join(dir, "partners.csv")
	ok(t, f.officer(t, "export", "--kind", "partners", "--out", partners))
	b, err := os.ReadFile(partners)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "id,organisation,") || !strings.Contains(string(b), "anna@example.org") {
		t.Fatalf("partners export:\n%s", b)
	}
	ownerOnly(t, partners)
	ok(t, f.officer(t, "export", "--kind", "partnerships"), "title")

	sheet := filepath.Join(dir, "new.csv")
	if err := os.WriteFile(sheet, []byte("organisation,kind,sector,visibility\nIdrottsföreningen Rosengård,ngo,sport,private\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, f.officer(t, "import", "--kind", "partners", sheet), "1 created")
	ok(t, f.officer(t, "partner", "list"), "Idrottsföreningen Rosengård")
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("organisation,kind\nX,spaceship\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fails(t, f.officer(t, "import", "--kind", "partners", bad), 1, "bad.csv:2: kind", "nothing was imported")

	all := filepath.Join(dir, "all.jsonl")
	ok(t, f.officer(t, "export", "--all", "--out", all), "exported")
	b, err = os.ReadFile(all)
	if err != nil {
		t.Fatal(err)
	}
	ownerOnly(t, all)
	for _, want := range []string{`{"kind":"city"`, `{"kind":"partner"`, `"anna@example.org"`, `{"kind":"practice"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("export --all lacks %s:\n%s", want, b)
		}
	}
}

// share has the node join the hub, the coordinator approve it, and then
// reads what it shared through the hub's commands, the feed, sync and
// record status.
func (f *federation) share(t *testing.T, practice string) {
	t.Helper()
	ok(t, f.officer(t, "hub", "join", "--hub", f.hub.Addr()), "pending")
	ok(t, f.coordinator(t, "hub", "members"), "malmo", "pending")
	fails(t, f.coordinator(t, "hub", "reject", "se/lund"), 1, "lund")
	ok(t, f.coordinator(t, "hub", "approve", "se/malmo"), "approved")
	poll.Within(t, time.Minute, "malmo approved, connected and delivered", func() string {
		r := f.officer(t, "status", "-o", "json")
		var st struct {
			Hub         struct{ Status string }
			Connected   bool
			OutboxDepth string
		}
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &st) != nil {
			return r.stderr
		}
		if st.Hub.Status != "MEMBER_STATUS_APPROVED" || !st.Connected || (st.OutboxDepth != "" && st.OutboxDepth != "0") {
			return r.stdout
		}
		return ""
	})
	ok(t, f.officer(t, "status"), "approved", "se-net")
	// The read commands are a peer's: they find the hub by --hub, not
	// through a data folder.
	poll.Within(t, time.Minute, "the practice at the hub", func() string {
		if r := f.coordinator(t, "hub", "--hub", f.hub.Addr(), "get", practice); r.code != 0 {
			return r.stderr
		}
		return ""
	})
	ok(t, f.coordinator(t, "hub", "--hub", f.hub.Addr(), "get", practice), "se/malmo", "Promenadgrupper för äldre")
	ok(t, f.coordinator(t, "hub", "--hub", f.hub.Addr(), "search", "promenadgrupper"), practice)
	ok(t, f.coordinator(t, "hub", "--hub", f.hub.Addr(), "stats"), "cities:")
	ok(t, f.coordinator(t, "hub", "--hub", f.hub.Addr(), "find-partners", "--sdg", "3"), "se/malmo")
	ok(t, f.coordinator(t, "hub", "quarantine"), "no quarantined records")
	ok(t, f.coordinator(t, "hub", "members", "-o", "csv"), "malmo,se,Malmö,approved,")

	seed := filepath.Join(t.TempDir(), "research.nk")
	ok(t, f.coordinator(t, "hub", "subscriber", "add", "research-lund", "--seed-file", seed), "research-lund", "written to "+seed)
	ok(t, f.coordinator(t, "hub", "subscriber", "list"), "research-lund", "active")
	ok(t, f.coordinator(t, "hub", "subscriber", "revoke", "research-lund"), "revoked research-lund")

	ok(t, f.run(t, "feed", "--hub", f.hub.Addr(), "--kind", "practice"), practice, "caught up")
	ok(t, f.officer(t, "sync"), "compared", "repaired 0")
	ok(t, f.officer(t, "record", "status", practice), "hub se-net", "version 1 (current)")
}

// backupAndRestore backs up the node and the hub while they run, stops
// the node, restores its backup and starts it again.
func (f *federation) backupAndRestore(t *testing.T, partner string) {
	t.Helper()
	dir := t.TempDir()
	nodeBackup, hubBackup := filepath.Join(dir, "malmo.db"), filepath.Join(dir, "hub.db")
	ok(t, f.run(t, "backup", "--dir", f.nodeDir, "--out", nodeBackup), "backed up the node's hcnode.db", "integrity check ok")
	ok(t, f.run(t, "backup", "--dir", f.hubDir, "--out", hubBackup), "backed up the hub's hub.db", "integrity check ok")
	ownerOnly(t, nodeBackup)
	fails(t, f.run(t, "restore", "--dir", f.nodeDir, "--from", nodeBackup), 1, "is running")

	// A partner added after the backup is gone after the restore.
	later := created(t, f.officer(t, "partner", "add", "-o", "json", "--organisation", "Added after the backup", "--kind", "ngo",
		"--sector", "culture", "--visibility", "private"))
	f.node.Stop()
	ok(t, f.run(t, "restore", "--dir", f.nodeDir, "--from", nodeBackup), "restored the node's hcnode.db", "pre-restore")
	f.node.Start()
	list := ok(t, f.officer(t, "partner", "list"), partner)
	if strings.Contains(list, later) {
		t.Errorf("the partner added after the backup survived the restore:\n%s", list)
	}
	fails(t, f.run(t, "restore", "--dir", f.nodeDir, "--from", hubBackup), 1, "a hub's database")
	ok(t, f.coordinator(t, "hub", "revoke", "se/malmo"), "revoked")
}

// ownerOnly fails unless the file at path, which holds personal data, is
// readable by its owner alone.
func ownerOnly(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v, want 0600", path, st.Mode().Perm())
	}
}
