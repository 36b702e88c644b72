package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// cityView is a city's page: its profile as it shared it, and every
// record it shares with the network, by kind.
type cityView struct {
	Country, CityID string
	// C is the city's profile, nil when the city has not shared one.
	C      *hcnetv1.City
	Groups []cityGroup
	Total  int
	// More is set when the city shares more than the page lists.
	More                  bool
	StatsHref, SearchHref string
	// EquityHref is the city's equity matrix, linked when it shares
	// indicators.
	EquityHref string
}

// cityGroup is the city's records of one kind, newest first.
type cityGroup struct {
	ID, Label, SearchHref string
	Hits                  []*hcnetv1.SearchHit
}

func buildCity(ctx context.Context, l *linker, _ *hcnetv1.GetRecordResponse, c *hcnetv1.City) (any, error) {
	return l.h.cityView(ctx, l.language(), l.country, l.city, c)
}

func (h *Handler) cityView(ctx context.Context, lang, country, city string, c *hcnetv1.City) (*cityView, error) {
	v := &cityView{Country: country, CityID: city, C: c,
		StatsHref:  "/stats?" + url.Values{"city": {country + "/" + city}}.Encode(),
		SearchHref: "/search?" + url.Values{"country": {country}, "city": {city}}.Encode(),
	}
	var kinds []string
	at := map[string]int{}
	for _, k := range record.SharedKinds() {
		kp, ok := kindPages[k]
		if !ok || kp.plural == "" {
			continue
		}
		kinds = append(kinds, string(k))
		at[string(k)] = len(v.Groups)
		v.Groups = append(v.Groups, cityGroup{ID: "kind-" + string(k), Label: kp.plural,
			SearchHref: "/search?" + url.Values{"country": {country}, "city": {city}, "kind": {string(k)}}.Encode()})
	}
	hits, more, err := h.cityRecordsIn(ctx, lang, country, city, kinds)
	if err != nil {
		return nil, err
	}
	v.More, v.Total = more, len(hits)
	for _, hit := range hits {
		if i, ok := at[hit.GetKind()]; ok {
			v.Groups[i].Hits = append(v.Groups[i].Hits, hit)
		}
	}
	if i, ok := at[string(record.KindIndicator)]; ok && len(v.Groups[i].Hits) > 0 {
		v.EquityHref = equityHref(country, city)
	}
	return v, nil
}

// city is a city's page, reached from its members' row and from every
// record's provenance: its profile and what it shares, by kind. A city
// that has shared neither is not known here.
func (h *Handler) city(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	country, city := r.PathValue("country"), r.PathValue("city")
	l := h.linker(country, city).in(h.tr(r))
	rec, err := l.get(ctx, country, city, city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := recordData{Noun: "city", CityName: city, Title: city, CityHref: cityHref(country, city)}
	profile := rec.GetRecord().GetCity()
	if profile != nil {
		if d, err = h.recordHead(ctx, l, rec); err != nil {
			h.fail(w, r, err)
			return
		}
		d.Noun = kindPages[record.KindCity].noun
		var m proto.Message
		m, d.Text = localize(h.tr(r), record.Lookup(record.KindCity), profile)
		profile = m.(*hcnetv1.City)
	}
	v, err := h.cityView(ctx, l.language(), country, city, profile)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if profile == nil && v.Total == 0 {
		tr := h.tr(r)
		h.pages.Render(w, http.StatusNotFound, "problem", h.page(r, "/members", tr.T("Problem"),
			map[string]string{"Message": tr.T("The hub holds nothing from this city. It may not be a member, or has shared nothing yet.")}))
		return
	}
	d.View = v
	h.pages.Render(w, http.StatusOK, "city", h.page(r, "/members", d.Title, d))
}

// Lang is the lang attribute of a listed record's title and summary.
func (v *cityView) Lang(h *hcnetv1.SearchHit) template.HTMLAttr { return langAttr(h.GetLang()) }
