package web

import (
	"context"
	"net/url"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Link points at a record on this hub's pages. A record the hub does not
// hold (withdrawn, or shared less widely than the one naming it) has no
// Href: its Text says so instead.
type Link struct {
	Href, Text string
}

// linker finds the records a page links to, each once per page: a
// record's page names records of its own city by id (a plan's
// partnerships, a practice's indicators).
type linker struct {
	h             *Handler
	country, city string
	held          map[string]*hcnetv1.HubRecord
	// tr is the reader's language, for the words a link or a chart
	// writes itself: English until a page says otherwise (in).
	tr *i18n.Translator
	// names are the cities the page named so far.
	names *cityNames
}

func (h *Handler) linker(country, city string) *linker {
	return &linker{h: h, country: country, city: city, held: map[string]*hcnetv1.HubRecord{}, tr: h.words.In(i18n.English)}
}

// in is the linker speaking tr.
func (l *linker) in(tr *i18n.Translator) *linker {
	l.tr = tr
	return l
}

// get is the record COUNTRY/CITY/ID the hub holds, nil when it holds
// none.
func (l *linker) get(ctx context.Context, country, city, id string) (*hcnetv1.HubRecord, error) {
	key := country + "/" + city + "/" + id
	if rec, ok := l.held[key]; ok {
		return rec, nil
	}
	res, err := l.h.hub.GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: key})
	if status.Code(err) == codes.NotFound {
		l.held[key] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	l.held[key] = res.GetRecord()
	return res.GetRecord(), nil
}

// link is a link to the record id of the page's city; nil for no id.
func (l *linker) link(ctx context.Context, id string) (*Link, error) {
	return l.linkTo(ctx, l.country, l.city, id)
}

// linkTo is a link to the record COUNTRY/CITY/ID, titled as the record
// calls itself; nil for no id.
func (l *linker) linkTo(ctx context.Context, country, city, id string) (*Link, error) {
	if id == "" {
		return nil, nil
	}
	rec, err := l.get(ctx, country, city, id)
	if err != nil || rec == nil {
		return &Link{Text: l.tr.T("a record this hub does not hold ({{.ID}})", "ID", id)}, err
	}
	title := record.Title(rec.GetRecord(), "")
	if in, m := record.Unwrap(rec.GetRecord()); in != nil && in.Translatable() {
		title = in.Text(m, l.language()).Title
	}
	if title == "" {
		title = rec.GetKind() + " " + id
	}
	return &Link{Href: recordHref(country, city, id), Text: title}, nil
}

// links are links to the records ids of the page's city.
func (l *linker) links(ctx context.Context, ids []string) ([]Link, error) {
	var out []Link
	for _, id := range ids {
		ln, err := l.link(ctx, id)
		if err != nil {
			return nil, err
		}
		if ln != nil {
			out = append(out, *ln)
		}
	}
	return out, nil
}

// cityName is what a city is called (cityNames), and the link to its
// page here; the link is "" when the hub holds no profile of it (a
// partner city in another network). Names are asked once per page:
// a page naming many cities names them first (nameCities).
func (l *linker) cityName(ctx context.Context, country, city string) (name, href string, err error) {
	if err := l.nameCities(ctx, []cityKey{{country, city}}); err != nil {
		return "", "", err
	}
	if l.names.profiled[cityKey{country, city}] {
		href = cityHref(country, city)
	}
	return l.names.of(country, city), href, nil
}

// nameCities names the cities of keys, in one batch, for the page's
// later cityName calls.
func (l *linker) nameCities(ctx context.Context, keys []cityKey) error {
	if l.names == nil {
		l.names = &cityNames{names: map[cityKey]string{}, profiled: map[cityKey]bool{}}
	}
	return l.names.add(ctx, l.h, keys, nil)
}

// maxRead bounds how many of the city's records one page reads in full
// (to find those naming its record, or a plan's indicators); of a city
// sharing more, the newest are read.
const maxRead = 200

// readHits reads in full the records of hits, the newest maxRead of
// them (hits come newest first); cut says some were left unread.
func (l *linker) readHits(ctx context.Context, hits []*hcnetv1.SearchHit) (recs []*hcnetv1.HubRecord, cut bool, err error) {
	if len(hits) > maxRead {
		hits, cut = hits[:maxRead], true
	}
	for _, hit := range hits {
		rec, err := l.get(ctx, l.country, l.city, hit.GetId())
		if err != nil {
			return nil, false, err
		}
		recs = append(recs, rec)
	}
	return recs, cut, nil
}

// namedBy are the records of the page's city, of the kinds given, that
// name the record of kind k and id: what each says it refers to is the
// record registry's (record.IndexShared).
func (l *linker) namedBy(ctx context.Context, kinds []record.Kind, k record.Kind, id string) ([]namedLink, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	names := make([]string, len(kinds))
	for i, kind := range kinds {
		names[i] = string(kind)
	}
	hits, _, err := l.h.cityRecords(ctx, l.country, l.city, names)
	if err != nil {
		return nil, err
	}
	recs, _, err := l.readHits(ctx, hits)
	if err != nil {
		return nil, err
	}
	var out []namedLink
	for i, rec := range recs {
		hit := hits[i]
		for _, ref := range record.IndexShared(rec.GetRecord()).Refs {
			if ref.Kind == k && ref.ID == id && ref.OnNode(l.country, l.city) {
				kp, _ := pageOf(hit.GetKind())
				out = append(out, namedLink{Link: Link{Href: recordHref(l.country, l.city, hit.GetId()), Text: hit.GetTitle()}, Noun: kp.noun})
				break
			}
		}
	}
	return out, nil
}

func recordHref(country, city, id string) string {
	return "/records/" + url.PathEscape(country) + "/" + url.PathEscape(city) + "/" + url.PathEscape(id)
}

func cityHref(country, city string) string {
	return "/cities/" + url.PathEscape(country) + "/" + url.PathEscape(city)
}

// language is the reader's language code, English when no page said.
func (l *linker) language() string {
	if l.tr == nil {
		return i18n.English
	}
	return l.tr.Lang()
}
