package crashtest

import (
	"fmt"
	"sort"
	"strings"
)

// outboxAgrees checks, on a stopped node's database and the hub's, that
// the outbox and the records agree: every shared record's latest version
// is at the hub or waits in the outbox, and every private or deleted
// record that the hub still holds has its tombstone waiting. It returns
// "" when they agree, else what does not.
func outboxAgrees(n *nodeProc, hubDB string, keys map[string]string) string {
	db, err := openRO(n.dbPath())
	if err != nil {
		return err.Error()
	}
	defer db.Close()
	type waiting struct {
		version   int64
		tombstone bool
	}
	outbox := map[string][]waiting{}
	rows, err := db.Query(`SELECT record_id, version, tombstone FROM outbox`)
	if err != nil {
		return err.Error()
	}
	for rows.Next() {
		var id string
		var w waiting
		if err := rows.Scan(&id, &w.version, &w.tombstone); err != nil {
			rows.Close()
			return err.Error()
		}
		outbox[id] = append(outbox[id], w)
	}
	rows.Close()
	queued := func(id string, version int64) bool {
		for _, w := range outbox[id] {
			if w.version == version && !w.tombstone {
				return true
			}
		}
		return false
	}
	// A record made private (or deleted) and written again while private
	// queues nothing more: the tombstone of the first change withdraws it.
	tombstoneAfter := func(id string, version int64) bool {
		for _, w := range outbox[id] {
			if w.version > version && w.tombstone {
				return true
			}
		}
		return false
	}
	hub, _, err := readHub(hubDB, keys)
	if err != nil {
		return err.Error()
	}
	var bad []string
	check := func(id, kind string, version int64, shared bool) {
		if !sharedKinds[kind] {
			return
		}
		at, held := hub[key{n.country, n.city, id}]
		switch {
		case held && at.version > version:
			bad = append(bad, fmt.Sprintf("%s: hub at v%d, node at v%d", id, at.version, version))
		case shared && !(held && at.version == version) && !queued(id, version):
			bad = append(bad, fmt.Sprintf("%s v%d: neither at the hub (%v) nor in the outbox", id, version, at.version))
		case !shared && held && !tombstoneAfter(id, at.version):
			bad = append(bad, fmt.Sprintf("%s: private or deleted at v%d, at the hub at v%d, no tombstone waiting", id, version, at.version))
		}
	}
	recs, err := db.Query(`SELECT id, kind, version, visibility != 'private' FROM records
		UNION ALL SELECT id, kind, version, 0 FROM deleted_records`)
	if err != nil {
		return err.Error()
	}
	defer recs.Close()
	for recs.Next() {
		var id, kind string
		var version int64
		var shared bool
		if err := recs.Scan(&id, &kind, &version, &shared); err != nil {
			return err.Error()
		}
		check(id, kind, version, shared)
	}
	if err := recs.Err(); err != nil {
		return err.Error()
	}
	if len(bad) == 0 {
		return ""
	}
	sort.Strings(bad)
	return fmt.Sprintf("%s: %d records disagree: %s", n.city, len(bad), strings.Join(bad[:min(len(bad), 5)], "; "))
}
