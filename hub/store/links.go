package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// Relations in record_links (record.Rel): what one record says about
// another record or a city. Kept as rows at apply time so that "who
// endorsed this success" and "who adopted this practice" are index
// lookups, not a decode of every endorsement and practice the hub holds.
const (
	relPartner     = string(record.RelPartner)
	relEndorses    = string(record.RelEndorses)
	relAdoptedFrom = string(record.RelAdoptedFrom)
)

// maxAdoptions bounds the adoptions GetRecord lists; the response has no
// paging, and a practice adopted more often than this is a rare success.
const maxAdoptions = 500

// link is one row of record_links without its record.
type link struct{ rel, country, city, id string }

// linksOf is what a shared record says about others (record.LinksOf).
func linksOf(rec *hcnetv1.SharedRecord) []link {
	var out []link
	for _, r := range record.LinksOf(rec) {
		out = append(out, link{string(r.Rel), r.Country, r.City, r.ID})
	}
	return out
}

// insertLinks stores a record's links (as Apply does, for records held
// before record_links existed). A record names a target once at most; a
// duplicate is ignored rather than refused, since the record was signed
// and verified and the hub only indexes it.
func insertLinks(ctx context.Context, tx *sql.Tx, rowid int64, rec *hcnetv1.SharedRecord) error {
	for _, l := range linksOf(rec) {
		if _, err := tx.ExecContext(ctx, sqlInsertLink, l.rel, l.country, l.city, l.id, rowid); err != nil {
			return err
		}
	}
	return nil
}

// buildLinks links the records a hub held before record_links existed,
// once: the migration that made the table cannot decode the payloads.
func (s *Store) buildLinks(ctx context.Context) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key = 'links_built'`).Scan(&done); err != nil || done > 0 {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT rowid, envelope FROM records WHERE kind IN ('success', 'endorsement', 'practice')`)
		if err != nil {
			return err
		}
		type held struct {
			rowid int64
			rec   *hcnetv1.SharedRecord
		}
		var all []held
		for rows.Next() {
			var h held
			var envBytes []byte
			if err := rows.Scan(&h.rowid, &envBytes); err != nil {
				rows.Close()
				return err
			}
			if h.rec, err = payloadOf(envBytes); err != nil {
				rows.Close()
				return fmt.Errorf("record %d: %w", h.rowid, err)
			}
			all = append(all, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, h := range all {
			if err := insertLinks(ctx, tx, h.rowid, h.rec); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('links_built', '1')`)
		return err
	})
}

// payloadOf decodes the record in a stored envelope, verified at ingest.
func payloadOf(envBytes []byte) (*hcnetv1.SharedRecord, error) {
	env := &hcnetv1.Envelope{}
	rec := &hcnetv1.SharedRecord{}
	if err := proto.Unmarshal(envBytes, env); err != nil {
		return nil, err
	}
	if err := proto.Unmarshal(env.GetPayload(), rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// Endorsements tells which partner cities the success country/city/id
// names (among its links, record.LinksOf) and which of them have an endorsement of it at this hub. The
// success is mutual when it names at least one city and every one has
// endorsed it. An endorsement from a city the success does not name is
// not counted.
func (s *Store) Endorsements(ctx context.Context, country, city, id string, links []record.Ref) (*hcnetv1.SuccessEndorsements, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT e.country, e.city_id FROM record_links l JOIN records e ON e.rowid = l.record
		WHERE l.rel = ? AND l.target_country = ? AND l.target_city = ? AND l.target_id = ? AND e.kind = 'endorsement'`,
		relEndorses, country, city, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	endorsers := map[string]bool{}
	for rows.Next() {
		var cc, cityID string
		if err := rows.Scan(&cc, &cityID); err != nil {
			return nil, err
		}
		endorsers[cc+"/"+cityID] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := &hcnetv1.SuccessEndorsements{}
	for _, pc := range links {
		if pc.Rel != record.RelPartner {
			continue
		}
		name := pc.Country + "/" + pc.City
		out.PartnerCities = append(out.PartnerCities, name)
		if endorsers[name] {
			out.EndorsedBy = append(out.EndorsedBy, name)
		}
	}
	out.Mutual = len(out.PartnerCities) > 0 && len(out.EndorsedBy) == len(out.PartnerCities)
	return out, nil
}

// Adoptions are the practice that practice country/city/id was adopted
// from (among its links, record.LinksOf), when this hub holds it, and the practices held here adopted from
// it (at most maxAdoptions, by city).
func (s *Store) Adoptions(ctx context.Context, country, city, id string, links []record.Ref) (*hcnetv1.SearchHit, []*hcnetv1.SearchHit, error) {
	var from *hcnetv1.SearchHit
	for _, a := range links {
		if a.Rel != record.RelAdoptedFrom {
			continue
		}
		hits, err := s.hits(ctx, `SELECT `+search.HitColumns+` FROM records r
			WHERE r.country = ? AND r.city_id = ? AND r.id = ? AND r.kind = 'practice'`,
			a.Country, a.City, a.ID)
		if err != nil {
			return nil, nil, err
		}
		if len(hits) > 0 {
			from = hits[0]
		}
	}
	adoptions, err := s.hits(ctx, `SELECT `+search.HitColumns+` FROM record_links l JOIN records r ON r.rowid = l.record
		WHERE l.rel = ? AND l.target_country = ? AND l.target_city = ? AND l.target_id = ? AND r.kind = 'practice'
		ORDER BY r.country, r.city_id, r.id LIMIT ?`,
		relAdoptedFrom, country, city, id, maxAdoptions)
	if err != nil {
		return nil, nil, err
	}
	return from, adoptions, nil
}

// hits runs a query selecting search.HitColumns.
func (s *Store) hits(ctx context.Context, query string, args ...any) ([]*hcnetv1.SearchHit, error) {
	rows, err := s.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hcnetv1.SearchHit
	for rows.Next() {
		h, err := search.ScanHit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h.Hit)
	}
	return out, rows.Err()
}

// mutualSuccesses counts, in SQL for statsCounts, the successes in scope
// that name at least one partner city and have an endorsement from every
// one: no named city lacks an endorsement pointing at the success.
const mutualSuccesses = `SELECT 'mutual', '', count(*) FROM records r WHERE ` + statsScope + ` AND r.kind = 'success'
	AND EXISTS (SELECT 1 FROM record_links p WHERE p.record = r.rowid AND p.rel = '` + relPartner + `')
	AND NOT EXISTS (SELECT 1 FROM record_links p WHERE p.record = r.rowid AND p.rel = '` + relPartner + `'
		AND NOT EXISTS (SELECT 1 FROM record_links l JOIN records e ON e.rowid = l.record
			WHERE l.rel = '` + relEndorses + `' AND l.target_country = r.country AND l.target_city = r.city_id AND l.target_id = r.id
				AND e.kind = 'endorsement' AND e.country = p.target_country AND e.city_id = p.target_city))`
