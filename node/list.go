package node

import (
	"context"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Page sizes of List.
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// Query asks for one page of a list.
type Query struct {
	Filter    *hcnetv1.RecordFilter
	PlanID    string // indicators of one plan
	PageSize  int32
	PageToken string
}

// Page is one page of records, newest first.
type Page struct {
	Records       []proto.Message
	NextPageToken string
	TotalSize     int32
}

// kindFilters says which filters make sense for a kind, and which enum
// its status filter reads.
var kindFilters = map[record.Kind]struct {
	status          protoreflect.EnumDescriptor
	level, sector   bool
	mechanism, sdg  bool
	setting, planID bool
}{
	record.KindPartner:     {sector: true},
	record.KindPartnership: {status: hcnetv1.PartnershipStatus(0).Descriptor(), level: true, sector: true, mechanism: true, sdg: true, setting: true},
	record.KindHealthPlan:  {status: hcnetv1.PlanStatus(0).Descriptor(), sdg: true},
	record.KindIndicator:   {sdg: true, planID: true},
	record.KindPractice:    {status: hcnetv1.PracticeStatus(0).Descriptor(), sector: true, mechanism: true, sdg: true, setting: true},
	record.KindSuccess:     {sdg: true},
	record.KindEndorsement: {},
}

// List returns one page of the records of a kind that match the query.
// Bad filters or a page token from another query are Invalid.
func (s *Store) List(ctx context.Context, kind record.Kind, q Query) (Page, error) {
	const op = "store.List"
	where, args, err := buildFilter(kind, q)
	if err != nil {
		return Page{}, errs.Op(op, err)
	}
	size := q.PageSize
	if size == 0 {
		size = DefaultPageSize
	}
	tokenKey := pageTokenKey(kind, q)
	pageWhere, pageArgs := where, args
	if q.PageToken != "" {
		after, err := parsePageToken(q.PageToken, tokenKey)
		if err != nil {
			return Page{}, errs.Op(op, err)
		}
		pageWhere = where + " AND r.id < ?"
		pageArgs = append(append([]any{}, args...), after)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.id, r.data FROM records r WHERE `+pageWhere+` ORDER BY r.id DESC LIMIT ?`,
		append(pageArgs, size+1)...)
	if err != nil {
		return Page{}, errs.Op(op, err)
	}
	defer rows.Close()
	var page Page
	var lastID string
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return Page{}, errs.Op(op, err)
		}
		if len(page.Records) == int(size) {
			page.NextPageToken = makePageToken(lastID, tokenKey)
			break
		}
		m, err := decode(kind, data)
		if err != nil {
			return Page{}, errs.Op(op, err)
		}
		page.Records = append(page.Records, m)
		lastID = id
	}
	if err := rows.Err(); err != nil {
		return Page{}, errs.Op(op, err)
	}
	rows.Close()
	if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM records r WHERE `+where, args...).Scan(&page.TotalSize); err != nil {
		return Page{}, errs.Op(op, err)
	}
	return page, nil
}

// buildFilter turns a query into SQL, reporting every bad filter field.
func buildFilter(kind record.Kind, q Query) (string, []any, error) {
	var vs record.Violations
	c := record.NewChecker("", &vs)
	kf, ok := kindFilters[kind]
	if !ok {
		return "", nil, fmt.Errorf("list of unknown kind %q", kind)
	}
	if q.PageSize < 0 || q.PageSize > MaxPageSize {
		c.Add("page_size", "%d is outside 0–%d", q.PageSize, MaxPageSize)
	}
	conds := []string{"r.kind = ?"}
	args := []any{string(kind)}
	term := func(f record.Facet, v string) {
		conds = append(conds, "r.id IN (SELECT record_id FROM record_terms WHERE facet = ? AND value = ?)")
		args = append(args, string(f), v)
	}
	unsupported := func(name string) { c.Add("filter."+name, "%ss cannot be filtered by %s", kind, name) }
	f := q.Filter
	fc := c.At("filter")
	if v := f.GetVisibility(); v != 0 {
		fc.Enum("visibility", v, false)
		conds, args = append(conds, "r.visibility = ?"), append(args, record.ShortName(v))
	}
	if st := f.GetStatus(); st != "" {
		if kf.status == nil {
			unsupported("status")
		} else if n, err := parseEnumDesc(kf.status, st); err != nil {
			fc.Add("status", "%v", err)
		} else {
			conds, args = append(conds, "r.status = ?"), append(args, record.ShortName(enumValue{kf.status, n}))
		}
	}
	if v := f.GetLevel(); v != 0 {
		if !kf.level {
			unsupported("level")
		}
		fc.Enum("level", v, false)
		conds, args = append(conds, "r.level = ?"), append(args, record.ShortName(v))
	}
	if v := f.GetSector(); v != 0 {
		if !kf.sector {
			unsupported("sector")
		}
		fc.Enum("sector", v, false)
		term(record.FacetSector, record.ShortName(v))
	}
	if v := f.GetMechanism(); v != 0 {
		if !kf.mechanism {
			unsupported("mechanism")
		}
		fc.Enum("mechanism", v, false)
		term(record.FacetMechanism, record.ShortName(v))
	}
	if v := f.GetSetting(); v != 0 {
		if !kf.setting {
			unsupported("setting")
		}
		fc.Enum("setting", v, false)
		term(record.FacetSetting, record.ShortName(v))
	}
	if g := f.GetSdgGoal(); g != 0 {
		if !kf.sdg {
			unsupported("sdg_goal")
		}
		if g < 1 || g > 17 {
			fc.Report("sdg_goal", record.MsgNotGoal, "Goal", g)
		}
		term(record.FacetSDGGoal, strconv.Itoa(int(g)))
	}
	if t := f.GetSdgTarget(); t != "" {
		if !kf.sdg {
			unsupported("sdg_target")
		}
		if !record.ValidSDGTarget(t) {
			fc.Report("sdg_target", record.MsgNotTarget, "Value", strconv.Quote(t))
		}
		term(record.FacetSDGTarget, t)
	}
	if q.PlanID != "" {
		if !kf.planID {
			c.Add("plan_id", "only indicators belong to a plan")
		}
		c.ID("plan_id", q.PlanID, false)
		term(record.FacetPlan, q.PlanID)
	}
	if text := f.GetQuery(); text != "" {
		fc.Text("query", text, 500, false)
		if m := ftsQuery(text); m != "" {
			conds = append(conds, "r.rowid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
			args = append(args, m)
		}
	}
	if err := errs.InvalidFields("", vs); err != nil {
		return "", nil, err
	}
	return strings.Join(conds, " AND "), args, nil
}

// ftsQuery turns what an officer types into an FTS5 query that cannot fail
// to parse: every word quoted, matched as a prefix, all words required.
func ftsQuery(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > 20 {
		words = words[:20]
	}
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + w + `"*`
	}
	return strings.Join(parts, " ")
}

// enumValue lets a status read through a descriptor use record.ShortName.
type enumValue struct {
	d protoreflect.EnumDescriptor
	n protoreflect.EnumNumber
}

func (e enumValue) Descriptor() protoreflect.EnumDescriptor { return e.d }
func (e enumValue) Type() protoreflect.EnumType             { return nil }
func (e enumValue) Number() protoreflect.EnumNumber         { return e.n }

func parseEnumDesc(d protoreflect.EnumDescriptor, s string) (protoreflect.EnumNumber, error) {
	return record.ParseEnumDescriptor(d, s)
}

// pageTokenKey ties a page token to the query it came from, so a token is
// not silently reused with other filters.
func pageTokenKey(kind record.Kind, q Query) string {
	h := fnv.New64a()
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(q.Filter)
	fmt.Fprintf(h, "%s\x00%s\x00", kind, q.PlanID)
	h.Write(b)
	return strconv.FormatUint(h.Sum64(), 36)
}

func makePageToken(lastID, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("1|" + key + "|" + lastID))
}

func parsePageToken(tok, key string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	parts := strings.Split(string(b), "|")
	if err != nil || len(parts) != 3 || parts[0] != "1" {
		return "", pageTokenRefused(msgNotPageToken)
	}
	if parts[1] != key {
		return "", pageTokenRefused(msgOtherFilters)
	}
	return parts[2], nil
}

// pageTokenRefused is the refusal of a request's page token.
func pageTokenRefused(m record.Msg) error {
	var vs record.Violations
	record.NewChecker("", &vs).Report("page_token", m)
	return errs.InvalidFields("", vs)
}
