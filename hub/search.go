package hub

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// Page sizes of a search.
const (
	DefaultSearchPageSize = 20
	MaxSearchPageSize     = 100
)

// searchWindow bounds the work of one search: a text query ranks, counts
// and facets only the newest searchWindow records that match its words
// and its filter, and a filter alone counts and facets the newest
// searchWindow records it selects. Finding them walks the FTS doclist (or
// the table) newest first and stops, so a word in every one of a million
// records costs what a word in a thousand does. When more match,
// total_size is searchWindow and total_size_is_lower_bound says so; the
// facets then count the window. A variable so that tests can make it
// small.
var searchWindow = 1000

// scanBudget bounds how many newest matches of the words a filtered text
// query walks looking for ones the filter also selects. When the budget
// runs out before the window fills, the filter is narrow, and the query
// walks the filter's records instead, testing each against the words.
var scanBudget = 20000

// maxQueryLength keeps a query small enough to parse and run quickly.
const maxQueryLength = 500

// facetOrder is the order facets appear in a response.
var facetOrder = []string{
	string(record.FacetSDGGoal), string(record.FacetMechanism), string(record.FacetSector),
	string(record.FacetSetting), "country", "city", "kind",
}

// sharedKinds are the kinds a hub can hold; partners travel inside
// partnerships.
var sharedKinds = record.SharedKinds()

// Search answers SearchPractices: see the request's documentation. Bad
// fields and a query FTS5 cannot parse are Invalid.
func (s *Store) Search(ctx context.Context, req *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error) {
	const op = "hub.Search"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.Text("query", req.GetQuery(), maxQueryLength, false)
	if n := req.GetPageSize(); n < 0 || n > MaxSearchPageSize {
		c.Add("page_size", "%d is outside 0–%d", n, MaxSearchPageSize)
	}
	conds, args := filterConds(c.At("filter"), req.GetFilter(), []record.Kind{record.KindPractice})
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	size := int(req.GetPageSize())
	if size == 0 {
		size = DefaultSearchPageSize
	}
	key := searchKey(req)
	pos, err := parseSearchToken(req.GetPageToken(), key)
	if err != nil {
		return nil, err
	}
	m, err := s.matches(ctx, strings.TrimSpace(req.GetQuery()), conds, args, pos)
	if err != nil {
		return nil, wrapSearch(op, err)
	}
	out := &hcnetv1.SearchPracticesResponse{TotalSize: int64(len(m.window)), TotalSizeIsLowerBound: m.capped}
	if out.Facets, err = s.facets(ctx, m); err != nil {
		return nil, wrapSearch(op, err)
	}
	hits, next, err := s.page(ctx, m, pos, size)
	if err != nil {
		return nil, wrapSearch(op, err)
	}
	if err := s.finishHits(ctx, m.fts, hits); err != nil {
		return nil, wrapSearch(op, err)
	}
	for _, h := range hits {
		out.Hits = append(out.Hits, h.hit)
	}
	if next != "" {
		out.NextPageToken = makeSearchToken(key, next)
	}
	return out, nil
}

// filterConds checks a filter and turns it into conditions on records r.
// Values within a field are alternatives; every field given must match.
func filterConds(c record.Checker, f *hcnetv1.SearchFilter, defaultKinds []record.Kind) ([]string, []any) {
	var conds []string
	var args []any
	in := func(expr string, values []string) {
		if len(values) == 0 {
			return
		}
		conds = append(conds, expr+" IN ("+placeholders(len(values))+")")
		for _, v := range values {
			args = append(args, v)
		}
	}
	term := func(f record.Facet, values []string) {
		if len(values) == 0 {
			return
		}
		// A probe per record by the (record) index: a search walks
		// records newest first and stops at its window, so the filter
		// never lists all records with a common value.
		conds = append(conds, termCond(len(values)))
		args = append(args, string(f))
		for _, v := range values {
			args = append(args, v)
		}
	}
	// Bounded like a record's lists: a longer one is refused before it
	// becomes SQL parameters (SQLite takes at most 32,766 per statement).
	c.List("sdg_goals", len(f.GetSdgGoals()))
	c.List("mechanisms", len(f.GetMechanisms()))
	c.List("sectors", len(f.GetSectors()))
	c.List("settings", len(f.GetSettings()))
	c.List("countries", len(f.GetCountries()))
	c.List("cities", len(f.GetCities()))
	c.List("kinds", len(f.GetKinds()))
	var goals []string
	for i, g := range f.GetSdgGoals() {
		if g < 1 || g > 17 {
			c.Add(fmt.Sprintf("sdg_goals[%d]", i), "%d is not an SDG goal (1–17)", g)
		}
		goals = append(goals, strconv.Itoa(int(g)))
	}
	term(record.FacetSDGGoal, goals)
	term(record.FacetMechanism, enumTerms(c, "mechanisms", f.GetMechanisms()))
	term(record.FacetSector, enumTerms(c, "sectors", f.GetSectors()))
	term(record.FacetSetting, enumTerms(c, "settings", f.GetSettings()))
	for i, cc := range f.GetCountries() {
		c.Country(fmt.Sprintf("countries[%d]", i), cc, true)
	}
	in("r.country", f.GetCountries())
	for i, id := range f.GetCities() {
		c.CityID(fmt.Sprintf("cities[%d]", i), id, true)
	}
	in("r.city_id", f.GetCities())
	kinds := f.GetKinds()
	for i, k := range kinds {
		if !isSharedKind(k) {
			c.Add(fmt.Sprintf("kinds[%d]", i), "%q is not a kind of shared record (one of: %s)", k, kindList())
		}
	}
	if len(kinds) == 0 {
		for _, k := range defaultKinds {
			kinds = append(kinds, string(k))
		}
	}
	in("r.kind", kinds)
	if len(conds) == 0 {
		conds = []string{"1"}
	}
	return conds, args
}

// termCond is the condition that a record has one of n values of a facet.
func termCond(n int) string {
	return "EXISTS (SELECT 1 FROM record_terms t WHERE t.record = r.rowid AND t.facet = ? AND t.value IN (" + placeholders(n) + "))"
}

func enumTerms[E record.Enum](c record.Checker, name string, items []E) []string {
	out := make([]string, len(items))
	for i, e := range items {
		c.Enum(fmt.Sprintf("%s[%d]", name, i), e, true)
		out[i] = record.ShortName(e)
	}
	return out
}

func isSharedKind(k string) bool {
	for _, s := range sharedKinds {
		if string(s) == k {
			return true
		}
	}
	return false
}

func kindList() string {
	names := make([]string, len(sharedKinds))
	for i, k := range sharedKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// queryError turns SQLite's complaint about an FTS5 query into an Invalid
// error on the query field: the user typed it, so the user can fix it.
// modernc reports these as plain SQL logic errors; their text is the only
// way to tell them from the hub's own faults.
func queryError(err error) error {
	msg := err.Error()
	for _, sign := range []string{"fts5: syntax error", "unterminated string", "no such column", "unknown special query", "fts5:"} {
		if strings.Contains(msg, sign) {
			msg = strings.TrimPrefix(msg[strings.Index(msg, sign):], "fts5: ")
			msg = strings.TrimSuffix(msg, " (1)")
			hint := ""
			if sign == "no such column" {
				hint = " (a word followed by a colon, or joined by a hyphen, reads as a column name)"
			}
			return errs.InvalidFields("", record.Violations{{Field: "query",
				Description: "cannot parse the query: " + msg + hint + `; put words in double quotes to search for them literally ("covid-19")`}})
		}
	}
	return err
}

// wrapSearch gives an error the operation unless it is already classified.
func wrapSearch(op string, err error) error {
	if errs.KindOf(err) != errs.Other {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// hitRow is a hit with what finishing it needs.
type hitRow struct {
	rowid int64
	hit   *hcnetv1.SearchHit
}

const hitColumns = `r.rowid, r.country, r.city_id, r.kind, r.id, r.version, r.title, r.summary, r.languages`

func scanHit(rows *sql.Rows, extra ...any) (hitRow, error) {
	h := &hcnetv1.SearchHit{}
	var langs string
	var rowid int64
	if err := rows.Scan(append([]any{&rowid, &h.Country, &h.CityId, &h.Kind, &h.Id, &h.Version, &h.Title, &h.Summary, &langs}, extra...)...); err != nil {
		return hitRow{}, err
	}
	h.Languages = strings.Fields(langs)
	return hitRow{rowid: rowid, hit: h}, nil
}

// searchKey ties a page token to its query and filter, so a token is not
// silently reused with others.
func searchKey(req *hcnetv1.SearchPracticesRequest) string {
	h := fnv.New64a()
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(req.GetFilter())
	fmt.Fprintf(h, "%s\x00", strings.TrimSpace(req.GetQuery()))
	h.Write(b)
	return strconv.FormatUint(h.Sum64(), 36)
}

func makeSearchToken(key, pos string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("1|" + key + "|" + pos))
}

func parseSearchToken(tok, key string) (string, error) {
	if tok == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	parts := strings.Split(string(b), "|")
	if err != nil || len(parts) != 3 || parts[0] != "1" || parts[2] == "" {
		return "", badSearchToken()
	}
	if parts[1] != key {
		return "", errs.InvalidFields("", record.Violations{{Field: "page_token", Description: "belongs to a search with another query or filter; start again without it"}})
	}
	return parts[2], nil
}

func badSearchToken() error {
	return errs.InvalidFields("", record.Violations{{Field: "page_token", Description: "is not a page token of this hub's search"}})
}
