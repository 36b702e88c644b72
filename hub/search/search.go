package search

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
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// MaxQueryLength keeps a query small enough to parse and run quickly.
const MaxQueryLength = 500

// FacetOrder is the order facets appear in a response: their names.
var FacetOrder = []string{
	string(record.FacetSDGGoal), string(record.FacetMechanism), string(record.FacetSector),
	string(record.FacetSetting), "country", "city", "kind",
}

// SharedKinds are the kinds a hub can hold; partners travel inside
// partnerships.
var SharedKinds = record.SharedKinds()

// Search answers SearchPractices: see the request's documentation. Bad
// fields and a query FTS5 cannot parse are Invalid.
func (e *Engine) Search(ctx context.Context, req *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error) {
	const op = "hub.Search"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.Text("query", req.GetQuery(), MaxQueryLength, false)
	if req.GetLang() != "" {
		c.Language("lang", req.GetLang())
	}
	if n := req.GetPageSize(); n < 0 || n > MaxPageSize {
		c.Add("page_size", "%d is outside 0–%d", n, MaxPageSize)
	}
	conds, args := FilterConds(c.At("filter"), req.GetFilter(), []record.Kind{record.KindPractice})
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	size := int(req.GetPageSize())
	if size == 0 {
		size = DefaultPageSize
	}
	key := searchKey(req)
	pos, err := parseSearchToken(req.GetPageToken(), key)
	if err != nil {
		return nil, err
	}
	m, err := e.matches(ctx, strings.TrimSpace(req.GetQuery()), conds, args, pos)
	if err != nil {
		return nil, wrapSearch(op, err)
	}
	n, err := e.countAll(ctx, m)
	if err != nil {
		return nil, wrapSearch(op, err)
	}
	out := &hcnetv1.SearchPracticesResponse{TotalSize: n.total, TotalSizeIsLowerBound: n.totalLow,
		Facets: n.facets, FacetCountsAreLowerBound: n.facetsLow}
	if n.ranked {
		out.RankedSize = int64(len(m.window))
	}
	hits, next, err := e.page(ctx, m, pos, size)
	if err != nil {
		return nil, wrapSearch(op, err)
	}
	if err := e.finishHits(ctx, m.fts, hits); err != nil {
		return nil, wrapSearch(op, err)
	}
	if err := e.inLanguage(ctx, req.GetLang(), hits); err != nil {
		return nil, wrapSearch(op, err)
	}
	for _, h := range hits {
		out.Hits = append(out.Hits, h.Hit)
	}
	if next != "" {
		out.NextPageToken = makeSearchToken(key, next)
	}
	return out, nil
}

// FilterConds checks a filter and turns it into conditions on records r.
// Values within a field are alternatives; every field given must match.
func FilterConds(c record.Checker, f *hcnetv1.SearchFilter, defaultKinds []record.Kind) ([]string, []any) {
	var conds []string
	var args []any
	in := func(expr string, values []string) {
		if len(values) == 0 {
			return
		}
		conds = append(conds, expr+" IN ("+Placeholders(len(values))+")")
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
	return "EXISTS (SELECT 1 FROM record_terms t WHERE t.record = r.rowid AND t.facet = ? AND t.value IN (" + Placeholders(n) + "))"
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
	for _, s := range SharedKinds {
		if string(s) == k {
			return true
		}
	}
	return false
}

func kindList() string {
	names := make([]string, len(SharedKinds))
	for i, k := range SharedKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Placeholders is n SQL parameters, comma-separated.
func Placeholders(n int) string {
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
	return errs.Op(op, err)
}

// Hit is a hit with the row it came from, which finishing it needs.
type Hit struct {
	Rowid int64
	Hit   *hcnetv1.SearchHit
}

// HitColumns are the columns of records r that ScanHit reads, in order.
const HitColumns = `r.rowid, r.country, r.city_id, r.kind, r.id, r.version, r.title, r.summary, r.languages`

// ScanHit reads a hit from a row that starts with HitColumns; extra
// receives the columns after them.
func ScanHit(rows *sql.Rows, extra ...any) (Hit, error) {
	h := &hcnetv1.SearchHit{}
	var langs string
	var rowid int64
	if err := rows.Scan(append([]any{&rowid, &h.Country, &h.CityId, &h.Kind, &h.Id, &h.Version, &h.Title, &h.Summary, &langs}, extra...)...); err != nil {
		return Hit{}, err
	}
	h.Languages = strings.Fields(langs)
	return Hit{Rowid: rowid, Hit: h}, nil
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
