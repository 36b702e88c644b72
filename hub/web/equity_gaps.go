package web

import (
	"context"
	"net/http"
	"sort"
	"strings"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/equity"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Bounds of the network's gaps page: how many indicators it reads (the
// newest), how many gaps it lists, and how many partnerships and
// practices it reads for each group to find those aimed at it.
const (
	maxNetworkIndicators = 1000
	maxListedGaps        = 50
	maxAimedRead         = 100
)

// gapsView is the network's largest equity gaps: the districts and
// groups furthest behind their city, the groups they concern, and the
// cities whose partnerships or practices are aimed at each.
type gapsView struct {
	Opts gapOptions
	Gaps []networkGap
	// Behind counts every gap beyond the threshold on the worse side,
	// listed or not.
	Behind int
	Groups []gapGroup
	// Read counts the indicators read, More is set when the network
	// shares more than the page reads.
	Read int
	More bool
}

// networkGap is one district or group of one city behind the city as a
// whole on one indicator.
type networkGap struct {
	equity.Gap
	Rank       int
	I          *hcnetv1.Indicator
	Indicator  Link
	CityPage   Link
	For        string
	MatrixHref string
	Pct        float64
	Higher     bool
	// Group is the index of its group in gapsView.Groups.
	Group int
}

// gapGroup is a district or group label that gaps concern, across
// cities: labels are the same when they are equal but for case and
// diacritics.
type gapGroup struct {
	Label  string
	Gaps   int
	Cities []Link
	Aimed  []aimedAt
	// AimedCities are the cities of Aimed, each once.
	AimedCities []Link
}

// aimedAt is a partnership or practice that names a group it reaches
// which aims at a gapGroup.
type aimedAt struct {
	City, Record Link
	Noun, Named  string
}

// gaps is the network's largest equity gaps.
func (h *Handler) gaps(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	v := &gapsView{Opts: h.readGapOptions(r)}
	l := h.linker("", "").in(h.tr(r))
	inds, more, err := h.networkIndicators(ctx, l)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Read, v.More = len(inds), more
	var all []networkGap
	for _, in := range inds {
		for _, g := range equity.Gaps(in.ind, v.Opts.Threshold) {
			if g.Against != equity.Worse {
				continue
			}
			all = append(all, networkGap{Gap: g, I: in.ind, For: chart.BreakdownNameIn(l.tr, g.Breakdown), Pct: percent(g.Behind), Higher: g.ToCity > 0,
				Indicator:  Link{Href: recordHref(in.country, in.city, in.ind.GetId()), Text: in.ind.GetName()},
				CityPage:   Link{Href: cityHref(in.country, in.city), Text: in.cityName},
				MatrixHref: matrixLink(in.country, in.city, in.ind.GetId())})
		}
	}
	// The largest first; equal ones by city and indicator, so the page
	// reads the same on every visit.
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Behind != all[j].Behind {
			return all[i].Behind > all[j].Behind
		}
		if all[i].CityPage.Text != all[j].CityPage.Text {
			return all[i].CityPage.Text < all[j].CityPage.Text
		}
		return all[i].Indicator.Text < all[j].Indicator.Text
	})
	v.Behind = len(all)
	if len(all) > maxListedGaps {
		all = all[:maxListedGaps]
	}
	for i := range all {
		all[i].Rank = i + 1
	}
	v.Gaps = all
	if err := v.group(ctx, l); err != nil {
		h.fail(w, r, err)
		return
	}
	h.pages.Render(w, v.Opts.status(), "gaps", h.page(r, "/gaps", h.tr(r).T("Equity gaps across the network"), v))
}

// cityIndicator is an indicator with its city.
type cityIndicator struct {
	country, city, cityName string
	ind                     *hcnetv1.Indicator
}

// networkIndicators are the indicators with district or group values
// that member cities share, the newest maxNetworkIndicators read; more
// is set when there were more.
func (h *Handler) networkIndicators(ctx context.Context, l *linker) (out []cityIndicator, more bool, err error) {
	req := &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{Kinds: []string{string(record.KindIndicator)}}, PageSize: search.MaxPageSize}
	read := 0
	for {
		res, err := h.hub.SearchPractices(ctx, req)
		if err != nil {
			return nil, false, err
		}
		for _, hit := range res.GetHits() {
			if read == maxNetworkIndicators {
				return out, true, l.name(ctx, out)
			}
			read++
			rec, err := l.get(ctx, hit.GetCountry(), hit.GetCityId(), hit.GetId())
			if err != nil {
				return nil, false, err
			}
			ind := rec.GetRecord().GetIndicator()
			if ind == nil || !hasBreakdown(ind) {
				continue
			}
			out = append(out, cityIndicator{country: hit.GetCountry(), city: hit.GetCityId(), ind: ind})
		}
		if req.PageToken = res.GetNextPageToken(); req.PageToken == "" {
			return out, false, l.name(ctx, out)
		}
	}
}

// name names the cities of inds, all at once.
func (l *linker) name(ctx context.Context, inds []cityIndicator) error {
	keys := make([]cityKey, len(inds))
	for i, in := range inds {
		keys[i] = cityKey{in.country, in.city}
	}
	if err := l.nameCities(ctx, keys); err != nil {
		return err
	}
	for i := range inds {
		inds[i].cityName = l.names.of(inds[i].country, inds[i].city)
	}
	return nil
}

// group gathers the listed gaps by the district or group they concern,
// and finds for each the partnerships and practices aimed at it.
func (v *gapsView) group(ctx context.Context, l *linker) error {
	at := map[string]int{}
	cities := map[string]map[string]bool{}
	for i := range v.Gaps {
		g := &v.Gaps[i]
		label := g.Breakdown.GetLabel()
		key := equity.Key(label)
		gi, ok := at[key]
		if !ok {
			gi = len(v.Groups)
			at[key] = gi
			cities[key] = map[string]bool{}
			v.Groups = append(v.Groups, gapGroup{Label: label})
		}
		g.Group = gi
		v.Groups[gi].Gaps++
		if !cities[key][g.CityPage.Href] {
			cities[key][g.CityPage.Href] = true
			v.Groups[gi].Cities = append(v.Groups[gi].Cities, g.CityPage)
		}
	}
	for i := range v.Groups {
		aimed, err := aimedAtGroup(ctx, l, v.Groups[i].Label)
		if err != nil {
			return err
		}
		v.Groups[i].Aimed = aimed
		seen := map[string]bool{}
		for _, a := range aimed {
			if !seen[a.City.Href] {
				seen[a.City.Href] = true
				v.Groups[i].AimedCities = append(v.Groups[i].AimedCities, a.City)
			}
		}
	}
	return nil
}

// aimedAtGroup are the partnerships and practices, of any city, that
// name a group they reach aiming at label (equity.Aims). The hub's
// search finds the candidates by the label's words (a group a record
// names is part of its indexed text); the newest maxAimedRead are read
// and checked.
func aimedAtGroup(ctx context.Context, l *linker, label string) ([]aimedAt, error) {
	words := equity.Words(label)
	if len(words) == 0 {
		return nil, nil
	}
	// Each word quoted: a label's words are searched as words, never as
	// the query language's operators.
	query := `"` + strings.Join(words, `" "`) + `"`
	res, err := l.h.hub.SearchPractices(ctx, &hcnetv1.SearchPracticesRequest{Query: query, PageSize: maxAimedRead,
		Filter: &hcnetv1.SearchFilter{Kinds: []string{string(record.KindPartnership), string(record.KindPractice)}}})
	if err != nil {
		return nil, err
	}
	keys := make([]cityKey, len(res.GetHits()))
	for i, hit := range res.GetHits() {
		keys[i] = cityKey{hit.GetCountry(), hit.GetCityId()}
	}
	if err := l.nameCities(ctx, keys); err != nil {
		return nil, err
	}
	var out []aimedAt
	for _, hit := range res.GetHits() {
		rec, err := l.get(ctx, hit.GetCountry(), hit.GetCityId(), hit.GetId())
		if err != nil {
			return nil, err
		}
		for _, named := range record.EquityGroups(rec.GetRecord()) {
			if !equity.Aims(named, label) {
				continue
			}
			name, href, err := l.cityName(ctx, hit.GetCountry(), hit.GetCityId())
			if err != nil {
				return nil, err
			}
			if href == "" {
				href = cityHref(hit.GetCountry(), hit.GetCityId())
			}
			kp, _ := pageOf(hit.GetKind())
			out = append(out, aimedAt{City: Link{Href: href, Text: name}, Noun: kp.noun, Named: named,
				Record: Link{Href: recordHref(hit.GetCountry(), hit.GetCityId(), hit.GetId()), Text: hit.GetTitle()}})
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].City.Text < out[j].City.Text })
	return out, nil
}
