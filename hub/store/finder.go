package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Sizes of a partner finder answer.
const (
	DefaultPartnerLimit = 10
	MaxPartnerLimit     = 100
	// evidencePerCity is how many records show why a city was chosen.
	evidencePerCity = 5
)

// partnerKindWeight is what one record of a kind says about a city's work
// on a topic. A good practice is written for other cities to learn from,
// and a success shows results, so each weighs more than a partnership,
// which shows the work is going on.
var partnerKindWeight = map[string]float64{
	string(record.KindPractice):    3,
	string(record.KindSuccess):     3,
	string(record.KindPartnership): 2,
}

// partnerHalfLife is the age at which a record counts half: a city that
// worked on a topic ten years ago is a weaker lead than one working on it
// now.
const partnerHalfLife = 2 * 365 * 24 * time.Hour

// FindPartners ranks member cities by how much they work on a topic, an
// SDG goal or a setting (at least one is required; all given must match).
//
// Scoring: every matching partnership, practice or success adds
//
//	kind weight × relevance × recency
//
// to its city's score, where the kind weight is partnerKindWeight;
// relevance is 1 without a topic and 0.5 + 0.5·b/(b+1) with one, b being
// the record's BM25 score over the window (see package search; so matching at
// all counts at least half, and a better match up to twice that); and
// recency is 0.5^(age/partnerHalfLife)
// with the age taken from when the origin last signed the record. The
// score thus grows with the amount of recent, relevant work, and no single
// record dominates. Only the newest window of matching records are
// scored, like a search. Cities whose membership was revoked or rejected
// are left out. The evidence is a city's best-scoring records.
func (s *Store) FindPartners(ctx context.Context, req *hcnetv1.FindPartnersRequest) (*hcnetv1.FindPartnersResponse, error) {
	const op = "hub.FindPartners"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	topic := strings.TrimSpace(req.GetTopic())
	c.Text("topic", req.GetTopic(), search.MaxQueryLength, false)
	if g := req.GetSdgGoal(); g < 0 || g > 17 {
		c.Report("sdg_goal", record.MsgNotGoal, "Goal", g)
	}
	c.Enum("setting", req.GetSetting(), false)
	if topic == "" && req.GetSdgGoal() == 0 && req.GetSetting() == 0 {
		c.Add("topic", "say what partners should work on: a topic, an sdg_goal or a setting")
	}
	if n := req.GetLimit(); n < 0 || n > MaxPartnerLimit {
		c.Add("limit", "%d is outside 0–%d", n, MaxPartnerLimit)
	}
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	limit := int(req.GetLimit())
	if limit == 0 {
		limit = DefaultPartnerLimit
	}
	f := &hcnetv1.SearchFilter{Kinds: []string{string(record.KindPartnership), string(record.KindPractice), string(record.KindSuccess)}}
	if g := req.GetSdgGoal(); g != 0 {
		f.SdgGoals = []int32{g}
	}
	if st := req.GetSetting(); st != 0 {
		f.Settings = []hcnetv1.Setting{st}
	}
	conds, args := search.FilterConds(c, f, nil)
	conds = append(conds, `NOT EXISTS (SELECT 1 FROM members mb WHERE mb.country = r.country AND mb.city_id = r.city_id
		AND mb.status IN ('revoked', 'rejected'))`)
	m, err := s.search.Window(ctx, topic, conds, args)
	if vs := errs.ViolationsOf(err); len(vs) > 0 {
		// The topic is this request's query.
		return nil, errs.InvalidFields(op, record.Violations{{Field: "topic", Description: vs[0].Description}})
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	cands, err := s.scoreCities(ctx, m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if len(cands) > limit {
		cands = cands[:limit]
	}
	out := &hcnetv1.FindPartnersResponse{}
	var shown []search.Hit
	for _, cand := range cands {
		if len(cand.evidence) > evidencePerCity {
			cand.evidence = cand.evidence[:evidencePerCity]
		}
		pc := &hcnetv1.PartnerCandidate{Country: cand.country, CityId: cand.city, Score: cand.score}
		for _, e := range cand.evidence {
			pc.Evidence = append(pc.Evidence, e.Hit.Hit)
			shown = append(shown, e.Hit)
		}
		out.Candidates = append(out.Candidates, pc)
	}
	if err := s.search.FinishHits(ctx, m.Query(), shown); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if err := s.nameCities(ctx, out.Candidates); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if err := s.reachCities(ctx, out.Candidates); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// candidate is a city being scored.
type candidate struct {
	country, city string
	score         float64
	evidence      []scoredHit
}

type scoredHit struct {
	search.Hit
	score float64
}

// scoreCities scores every record in the set and sums the scores by city,
// best city first.
func (s *Store) scoreCities(ctx context.Context, m *search.Window) ([]*candidate, error) {
	if m.Len() == 0 {
		return nil, nil
	}
	ranks := m.Ranks()
	ids := make([]any, 0, len(ranks))
	for _, rowid := range m.Rowids() {
		ids = append(ids, rowid)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+search.HitColumns+`, r.sign_time FROM records r WHERE r.rowid IN (`+search.Placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	now := s.now()
	byCity := map[[2]string]*candidate{}
	var out []*candidate
	for rows.Next() {
		var signed string
		h, err := search.ScanHit(rows, &signed)
		if err != nil {
			return nil, err
		}
		relevance := 1.0
		if m.Query() != "" {
			b := ranks[h.Rowid] // BM25 over the window (see package search), ≥ 0
			relevance = 0.5 + 0.5*b/(b+1)
		}
		age := max(now.Sub(ParseTime(signed)), 0)
		recency := math.Pow(0.5, float64(age)/float64(partnerHalfLife))
		score := partnerKindWeight[h.Hit.GetKind()] * relevance * recency
		key := [2]string{h.Hit.GetCountry(), h.Hit.GetCityId()}
		cand := byCity[key]
		if cand == nil {
			cand = &candidate{country: key[0], city: key[1]}
			byCity[key] = cand
			out = append(out, cand)
		}
		cand.score += score
		cand.evidence = append(cand.evidence, scoredHit{Hit: h, score: score})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, cand := range out {
		slices.SortFunc(cand.evidence, func(a, b scoredHit) int {
			return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.Rowid, a.Rowid))
		})
	}
	slices.SortFunc(out, func(a, b *candidate) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.country, b.country), cmp.Compare(a.city, b.city))
	})
	return out, nil
}

// nameCities gives each candidate the name from its city profile, else
// from its membership application, else its id.
func (s *Store) nameCities(ctx context.Context, cands []*hcnetv1.PartnerCandidate) error {
	for _, c := range cands {
		err := s.db.Read.QueryRowContext(ctx, `SELECT coalesce(
				(SELECT nullif(title, '') FROM records WHERE country = ?1 AND city_id = ?2 AND kind = 'city' ORDER BY rowid DESC LIMIT 1),
				(SELECT nullif(name, '') FROM members WHERE country = ?1 AND city_id = ?2),
				?2)`, c.Country, c.CityId).Scan(&c.Name)
		if err != nil {
			return err
		}
	}
	return nil
}
