package web

import (
	"context"
	"net/http"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Hop is one step of a record's way from its city to this hub; Href
// links the origin city's page.
type Hop struct {
	Where, What, Href string
	Time              time.Time
}

// recordData is what every record's page has: the record as the hub
// holds it, what it is called, its city and the way it came. View is
// the kind's own part (kindPage.build).
type recordData struct {
	Rec        *hcnetv1.HubRecord
	Title      string
	Noun       string
	CityName   string
	CityHref   string
	Provenance []Hop
	// NamedBy are the city's records that name this one, with the noun
	// of their kind.
	NamedBy []namedLink
	View    any
	// Text is the language the record's free text is shown in.
	Text shownText
	// CityContact is the contact point the city's shared profile
	// publishes, nil when it publishes none.
	CityContact *hcnetv1.ContactPoint
}

// namedLink is a record naming the page's record.
type namedLink struct {
	Link
	Noun string
}

// record shows a shared record in full, as its kind's page (kindPages)
// says, with its provenance. Its text is in the reader's language where
// the city wrote it, else in the original; ?text=LANG asks for the text
// in LANG, when the city wrote it in LANG (a link to the original, or
// from a search hit shown in the language the search matched).
func (h *Handler) record(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	country, city, id := r.PathValue("country"), r.PathValue("city"), r.PathValue("id")
	res, err := h.hub.GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: country + "/" + city + "/" + id})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	l := h.linker(res.GetRecord().GetCountry(), res.GetRecord().GetCityId()).in(h.tr(r))
	d, err := h.recordHead(ctx, l, res.GetRecord())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The kind is the payload's, as the registry reads it: a page is
	// never handed a record of another kind than its own.
	page := "record"
	if in, m := record.Unwrap(res.GetRecord().GetRecord()); in != nil {
		if kp, ok := kindPages[in.Kind]; ok {
			m, d.Text = localizeIn(h.tr(r), in, m, r.URL.Query().Get("text"))
			if t := in.Text(m, d.Text.Shown()).Title; t != "" {
				d.Title = t
			}
			if d.View, err = kp.build(ctx, l, res, m); err != nil {
				h.fail(w, r, err)
				return
			}
			page, d.Noun = kp.page, kp.noun
			if d.NamedBy, err = l.namedBy(ctx, kp.namedBy, in.Kind, res.GetRecord().GetId()); err != nil {
				h.fail(w, r, err)
				return
			}
		}
	}
	h.pages.Render(w, http.StatusOK, page, h.page(r, "/search", d.Title, d))
}

// recordHead is the part of a record's page every kind has.
func (h *Handler) recordHead(ctx context.Context, l *linker, rec *hcnetv1.HubRecord) (recordData, error) {
	d := recordData{Rec: rec, Noun: rec.GetKind(), CityName: rec.GetCityId(), CityHref: cityHref(rec.GetCountry(), rec.GetCityId())}
	c, err := l.get(ctx, rec.GetCountry(), rec.GetCityId(), rec.GetCityId())
	if err != nil {
		return d, err
	}
	if name := record.Title(c.GetRecord(), ""); name != "" {
		d.CityName = name
	} else if d.CityName, _, err = l.cityName(ctx, rec.GetCountry(), rec.GetCityId()); err != nil {
		return d, err
	}
	d.CityContact = c.GetRecord().GetCity().GetContactPoint()
	d.Provenance = provenance(rec, d.CityName, h.hubInfo(ctx))
	d.Title = record.Title(rec.GetRecord(), "")
	if d.Title == "" {
		d.Title = rec.GetKind() + " " + rec.GetId()
	}
	return d, nil
}

// provenance is the way the record came: the hub's path when it gives
// one (the origin city, then each hub it passed), else signed at the
// origin and arrived here.
func provenance(rec *hcnetv1.HubRecord, cityName string, info *hcnetv1.GetHubResponse) []Hop {
	origin := rec.GetCountry() + "/" + rec.GetCityId()
	href := cityHref(rec.GetCountry(), rec.GetCityId())
	if len(rec.GetPath()) == 0 {
		return []Hop{
			{Where: cityName + " (" + origin + ")", What: "signed by the city's node", Href: href, Time: rec.GetSignTime().AsTime()},
			{Where: info.GetName() + " (" + info.GetId() + ")", What: "arrived at this hub", Time: rec.GetArriveTime().AsTime()},
		}
	}
	var out []Hop
	for i, p := range rec.GetPath() {
		hop := Hop{Where: p.GetAt(), What: "passed through this hub", Time: p.GetTime().AsTime()}
		switch {
		case i == 0 && p.GetAt() == origin:
			hop.Where, hop.What, hop.Href = cityName+" ("+origin+")", "signed by the city's node", href
		case p.GetAt() == info.GetId():
			hop.Where, hop.What = info.GetName()+" ("+info.GetId()+")", "arrived at this hub"
		}
		out = append(out, hop)
	}
	return out
}
