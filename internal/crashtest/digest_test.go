package crashtest

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	_ "modernc.org/sqlite"
)

// key names a shared record in the federation.
type key struct{ country, city, id string }

func (k key) String() string { return k.country + "/" + k.city + "/" + k.id }

// state is what the comparison looks at: the version and the SHA-256 of
// the record's shared form (what the city signed for the hub), in
// deterministic protobuf encoding.
type state struct {
	kind    string
	version int64
	digest  [32]byte
}

// sharedSet is one side of the comparison: the records that must be (on
// a node) or are (on the hub) at the hub, and, from nodes, the records
// that must not be.
type sharedSet struct {
	shared  map[key]state
	private map[key]bool // private records and deleted ones: never on the hub
}

func newSharedSet() *sharedSet {
	return &sharedSet{shared: map[key]state{}, private: map[key]bool{}}
}

// openRO opens a SQLite file read-only; it may be in use by a daemon
// (WAL lets a reader in beside the writer) or left behind by a kill -9.
func openRO(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
}

// sharedKinds are the kinds a node shares (node/share.go): partners
// travel only inside partnerships.
var sharedKinds = map[string]bool{"city": true, "partnership": true, "health_plan": true, "indicator": true,
	"practice": true, "success": true, "endorsement": true}

// addNode reads a node's database and adds its shared set: every record
// of a shared kind with network or public visibility, digested in the
// shared form the node sends (contacts removed, partners named by
// organisation, kind and sector where record.MayCarry allows). Private
// records and deleted ones go to the private set.
func (s *sharedSet) addNode(n *nodeProc) error {
	db, err := openRO(n.dbPath())
	if err != nil {
		return err
	}
	defer db.Close()
	partners := map[string]*hcnetv1.Partner{}
	rows, err := db.Query(`SELECT id, kind, version, visibility, data FROM records ORDER BY kind = 'partner' DESC`)
	if err != nil {
		return fmt.Errorf("%s: %w", n.city, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, vis string
		var version int64
		var data []byte
		if err := rows.Scan(&id, &kind, &version, &vis, &data); err != nil {
			return err
		}
		m, err := record.New(record.Kind(kind))
		if err != nil {
			return err
		}
		if err := proto.Unmarshal(data, m); err != nil {
			return fmt.Errorf("%s: record %s: %w", n.city, id, err)
		}
		if p, ok := m.(*hcnetv1.Partner); ok {
			partners[id] = p
			continue
		}
		k := key{n.country, n.city, id}
		if !sharedKinds[kind] {
			continue
		}
		if vis == "private" {
			s.private[k] = true
			continue
		}
		rec, err := nodeSharedForm(m, partners)
		if err != nil {
			return fmt.Errorf("%s: record %s: %w", n.city, id, err)
		}
		s.shared[k] = state{kind: kind, version: version, digest: digest(rec)}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	deleted, err := db.Query(`SELECT id FROM deleted_records`)
	if err != nil {
		return err
	}
	defer deleted.Close()
	for deleted.Next() {
		var id string
		if err := deleted.Scan(&id); err != nil {
			return err
		}
		s.private[key{n.country, n.city, id}] = true
	}
	return deleted.Err()
}

// nodeSharedForm rebuilds, from a node's stored record, the shared form
// the node signs. The workload's only references are partnerships'
// partners, so the other kinds pass as they are.
func nodeSharedForm(m proto.Message, partners map[string]*hcnetv1.Partner) (*hcnetv1.SharedRecord, error) {
	m = proto.Clone(m)
	switch r := m.(type) {
	case *hcnetv1.City:
		r.Coordinator = nil
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: r}}, nil
	case *hcnetv1.Partnership:
		sp := &hcnetv1.SharedPartnership{}
		for _, member := range r.GetPartners() {
			p, ok := partners[member.GetPartnerId()]
			if !ok {
				return nil, fmt.Errorf("partner %s missing", member.GetPartnerId())
			}
			shared := &hcnetv1.SharedPartner{Role: member.GetRole()}
			if record.MayCarry(r.GetVisibility(), p.GetVisibility()) {
				shared.Organisation, shared.Kind, shared.Sector = p.GetOrganisation(), p.GetKind(), p.GetSector()
			}
			sp.Partners = append(sp.Partners, shared)
		}
		r.Partners = nil
		sp.Partnership = r
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: sp}}, nil
	case *hcnetv1.HealthPlan:
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_HealthPlan{HealthPlan: r}}, nil
	case *hcnetv1.Indicator:
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: r}}, nil
	case *hcnetv1.Practice:
		r.Contacts = nil
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: r}}, nil
	case *hcnetv1.Success:
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Success{Success: r}}, nil
	case *hcnetv1.Endorsement:
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Endorsement{Endorsement: r}}, nil
	}
	return nil, fmt.Errorf("%T has no shared form", m)
}

func digest(m proto.Message) [32]byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		panic(err) // a message just decoded always encodes
	}
	return sha256.Sum256(b)
}

// readHub reads the hub's records from its database: each envelope is
// verified with its city's key (keys: "country/city" to public key), its
// header checked against the row, and its payload digested. A row that
// fails any of these is an error. dups counts rows sharing an origin and
// id (the schema forbids them; the count proves it).
func readHub(path string, keys map[string]string) (set map[key]state, dups int, err error) {
	db, err := openRO(path)
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	verifiers := map[string]*envelope.Verifier{}
	for city, pub := range keys {
		if verifiers[city], err = envelope.NewVerifier(pub); err != nil {
			return nil, 0, err
		}
	}
	rows, err := db.Query(`SELECT country, city_id, kind, id, version, envelope FROM records`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	set = map[key]state{}
	for rows.Next() {
		var k key
		var kind string
		var version int64
		var raw []byte
		if err := rows.Scan(&k.country, &k.city, &kind, &k.id, &version, &raw); err != nil {
			return nil, 0, err
		}
		if _, dup := set[k]; dup {
			dups++
		}
		v := verifiers[k.country+"/"+k.city]
		if v == nil {
			return nil, 0, fmt.Errorf("hub holds %s from a city that is not a member", k)
		}
		env := &hcnetv1.Envelope{}
		if err := proto.Unmarshal(raw, env); err != nil {
			return nil, 0, fmt.Errorf("hub record %s: envelope: %w", k, err)
		}
		h, rec, err := v.Open(env)
		if err != nil {
			return nil, 0, fmt.Errorf("hub record %s: %w", k, err)
		}
		if h.GetId() != k.id || h.GetVersion() != version || h.GetKind() != kind || h.GetTombstone() {
			return nil, 0, fmt.Errorf("hub record %s v%d (%s) holds an envelope for %s v%d (%s, tombstone %v)",
				k, version, kind, h.GetId(), h.GetVersion(), h.GetKind(), h.GetTombstone())
		}
		set[k] = state{kind: kind, version: version, digest: digest(rec)}
	}
	return set, dups, rows.Err()
}

// diff compares the hub's set with the union of the nodes' shared sets
// and describes every difference, "" when they are equal.
func diff(want *sharedSet, got map[key]state) string {
	var missing, older, newer, changed, leaked, extra []string
	for k, w := range want.shared {
		g, ok := got[k]
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("%s v%d", k, w.version))
		case g.version < w.version:
			older = append(older, fmt.Sprintf("%s v%d<v%d", k, g.version, w.version))
		case g.version > w.version:
			newer = append(newer, fmt.Sprintf("%s v%d>v%d", k, g.version, w.version))
		case g.digest != w.digest:
			changed = append(changed, fmt.Sprintf("%s v%d", k, w.version))
		}
	}
	for k, g := range got {
		if _, ok := want.shared[k]; ok {
			continue
		}
		if want.private[k] {
			leaked = append(leaked, fmt.Sprintf("%s v%d", k, g.version))
		} else {
			extra = append(extra, fmt.Sprintf("%s v%d (%s)", k, g.version, g.kind))
		}
	}
	var b strings.Builder
	for _, c := range []struct {
		what  string
		items []string
	}{
		{"missing at the hub", missing}, {"older at the hub", older}, {"newer at the hub than at the node", newer},
		{"different content at the same version", changed}, {"private or deleted but at the hub", leaked},
		{"at the hub but no node shares them", extra},
	} {
		if len(c.items) == 0 {
			continue
		}
		sort.Strings(c.items)
		fmt.Fprintf(&b, "%d %s (e.g. %s); ", len(c.items), c.what, strings.Join(c.items[:min(len(c.items), 5)], ", "))
	}
	return b.String()
}

// integrityCheck runs PRAGMA integrity_check on a database file.
func integrityCheck(path string) (string, error) {
	db, err := openRO(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var res string
	err = db.QueryRow(`PRAGMA integrity_check`).Scan(&res)
	return res, err
}

// countRows runs a count query on a database file.
func countRows(path, query string, args ...any) (int, error) {
	db, err := openRO(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow(query, args...).Scan(&n)
	return n, err
}

// hubVersions reads only the origin, id and version of every record the
// hub holds: cheap enough to poll while the hub ingests, where readHub
// verifies and digests every envelope.
func hubVersions(path string) (map[key]int64, error) {
	db, err := openRO(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT country, city_id, id, version FROM records`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[key]int64{}
	for rows.Next() {
		var k key
		var v int64
		if err := rows.Scan(&k.country, &k.city, &k.id, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// converge waits until the hub holds the nodes' shared sets: it polls
// the cheap version list until it matches, then compares content digests
// (and polls those, should they still differ).
func converge(t *testing.T, limit time.Duration, hubDB string, want *sharedSet, keys map[string]string) {
	t.Helper()
	start := time.Now()
	poll.Within(t, limit, "hub holds the nodes' shared records at their versions", func() string {
		got, err := hubVersions(hubDB)
		if err != nil {
			return err.Error()
		}
		missing, other := 0, 0
		for k, w := range want.shared {
			switch v, ok := got[k]; {
			case !ok:
				missing++
			case v != w.version:
				other++
			}
		}
		if extra := len(got) - (len(want.shared) - missing); missing > 0 || other > 0 || extra > 0 {
			return fmt.Sprintf("%d missing, %d at another version, %d extra", missing, other, extra)
		}
		return ""
	})
	poll.Within(t, max(limit-time.Since(start), time.Minute), "hub holds the nodes' shared sets by content", func() string {
		got, _, err := readHub(hubDB, keys)
		if err != nil {
			return err.Error()
		}
		return diff(want, got)
	})
}

// envelopesContaining counts, for each needle, the hub envelopes whose
// bytes contain it, in one pass over the records.
func envelopesContaining(path string, needles []string) (map[string]int, error) {
	db, err := openRO(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT envelope FROM records`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var env []byte
		if err := rows.Scan(&env); err != nil {
			return nil, err
		}
		for _, n := range needles {
			if bytes.Contains(env, []byte(n)) {
				out[n]++
			}
		}
	}
	return out, rows.Err()
}
