package web

import (
	"net/http"
	"sort"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Hop is one step of a record's way from its city to this hub.
type Hop struct {
	Where, What string
	Time        time.Time
}

// Text is a practice's narrative in one language.
type Text struct {
	Lang string
	*hcnetv1.PracticeText
}

type recordData struct {
	Rec        *hcnetv1.HubRecord
	Title      string
	Practice   *hcnetv1.Practice
	Texts      []Text
	Provenance []Hop
	AdoptedBy  []*hcnetv1.SearchHit
	// AdoptedFromHere is set when the hub holds the origin practice.
	AdoptedFromHere bool
	CityName        string
}

// record shows a shared record; a practice in full, with its provenance
// and the practices adopted from it.
func (h *Handler) record(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	country, city, id := r.PathValue("country"), r.PathValue("city"), r.PathValue("id")
	res, err := h.hub.GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: country + "/" + city + "/" + id})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rec := res.GetRecord()
	info := h.hubInfo(ctx)
	d := recordData{Rec: rec, CityName: city}
	if c, err := h.hub.GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: country + "/" + city + "/" + city}); err == nil {
		d.CityName = c.GetRecord().GetRecord().GetCity().GetName()
	}
	d.Provenance = provenance(rec, d.CityName, info)
	d.Title = rec.GetKind() + " " + rec.GetId()
	if p := rec.GetRecord().GetPractice(); p != nil {
		d.Practice = p
		d.Title = record.Title(rec.GetRecord(), "")
		langs := make([]string, 0, len(p.GetTexts()))
		for l := range p.GetTexts() {
			langs = append(langs, l)
		}
		// The original language first, then the others in order.
		sort.Slice(langs, func(i, j int) bool {
			if (langs[i] == p.GetOriginalLanguage()) != (langs[j] == p.GetOriginalLanguage()) {
				return langs[i] == p.GetOriginalLanguage()
			}
			return langs[i] < langs[j]
		})
		for _, l := range langs {
			d.Texts = append(d.Texts, Text{Lang: l, PracticeText: p.GetTexts()[l]})
		}
		if a := p.GetAdoptedFrom(); a != nil {
			_, err := h.hub.GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: a.GetCountry() + "/" + a.GetCityId() + "/" + a.GetPracticeId()})
			d.AdoptedFromHere = err == nil
		}
		d.AdoptedBy = res.GetAdoptions()
		if len(d.AdoptedBy) == 0 && h.opts.Adoptions != nil {
			if d.AdoptedBy, err = h.opts.Adoptions(ctx, country, city, id); err != nil {
				h.fail(w, r, err)
				return
			}
		}
	} else if t := record.Title(rec.GetRecord(), ""); t != "" {
		d.Title = t
	}
	h.pages.Render(w, http.StatusOK, "record", h.page(r, "/search", d.Title, d))
}

// provenance is the way the record came: the hub's path when it gives
// one (the origin city, then each hub it passed), else signed at the
// origin and arrived here.
func provenance(rec *hcnetv1.HubRecord, cityName string, info *hcnetv1.GetHubResponse) []Hop {
	origin := rec.GetCountry() + "/" + rec.GetCityId()
	if len(rec.GetPath()) == 0 {
		return []Hop{
			{Where: cityName + " (" + origin + ")", What: "signed by the city's node", Time: rec.GetSignTime().AsTime()},
			{Where: info.GetName() + " (" + info.GetId() + ")", What: "arrived at this hub", Time: rec.GetArriveTime().AsTime()},
		}
	}
	var out []Hop
	for i, p := range rec.GetPath() {
		hop := Hop{Where: p.GetAt(), What: "passed through this hub", Time: p.GetTime().AsTime()}
		switch {
		case i == 0 && p.GetAt() == origin:
			hop.Where, hop.What = cityName+" ("+origin+")", "signed by the city's node"
		case p.GetAt() == info.GetId():
			hop.Where, hop.What = info.GetName()+" ("+info.GetId()+")", "arrived at this hub"
		}
		out = append(out, hop)
	}
	return out
}
