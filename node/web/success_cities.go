package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The success form's partner cities are picked, not typed: the cities
// the node's records already name are ticked or not, and a city not
// among them is added as a row of its own country, city id and name, so
// a wrong id is shown next to that input. Posts that carry cities as
// lines (COUNTRY/CITY_ID/NAME, as the form took them before and scripts
// still send) are read as ever: a ticked city is such a line too.

// newCityRows are the rows of cities added by hand.
var newCityRows = rowGroup{"new_city_country", "new_city_id", "new_city_name"}

// knownCity is a city the node's records name, as the picker offers it.
type knownCity struct {
	// Value is the city as a line, COUNTRY/CITY_ID[/NAME].
	Value, Label string
	Ticked       bool
}

// cityKey is a city's identity, whatever name it was given.
func cityKey(country, cityID string) string {
	return strings.ToLower(country) + "/" + cityID
}

// knownCities lists the partner cities this node's records name: those
// of its successes, with the names they were given, and those whose
// successes it endorsed. The hub lists no members to a node, so what
// the city itself recorded is what it knows.
func (h *Handler) knownCities(ctx context.Context) ([]*hcnetv1.CityRef, error) {
	ss, err := allSuccesses(ctx, h.city)
	if err != nil {
		return nil, err
	}
	es, err := allEndorsements(ctx, h.city)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*hcnetv1.CityRef{}
	var out []*hcnetv1.CityRef
	add := func(c *hcnetv1.CityRef) {
		k := cityKey(c.GetCountry(), c.GetCityId())
		if have, ok := byKey[k]; ok {
			if have.Name == "" {
				have.Name = c.GetName()
			}
			return
		}
		c = &hcnetv1.CityRef{Country: c.GetCountry(), CityId: c.GetCityId(), Name: c.GetName()}
		byKey[k] = c
		out = append(out, c)
	}
	for _, s := range ss {
		for _, c := range s.GetPartnerCities() {
			add(c)
		}
	}
	for _, e := range es {
		add(&hcnetv1.CityRef{Country: e.GetSuccess().GetCountry(), CityId: e.GetSuccess().GetCityId()})
	}
	slices.SortFunc(out, func(a, b *hcnetv1.CityRef) int {
		return strings.Compare(strings.ToLower(cityLabel(a)), strings.ToLower(cityLabel(b)))
	})
	return out, nil
}

// cityLabel names a city in the picker: its name, else its id.
func cityLabel(c *hcnetv1.CityRef) string {
	if c.GetName() == "" {
		return c.GetCountry() + "/" + c.GetCityId()
	}
	return cityText(c)
}

// cityLine writes a city as the form's line, COUNTRY/CITY_ID[/NAME].
func cityLine(c *hcnetv1.CityRef) string {
	line := c.GetCountry() + "/" + c.GetCityId()
	if c.GetName() != "" {
		line += "/" + c.GetName()
	}
	return line
}

// cityOfLine reads a line as a city; ok is false when it has no city id.
func cityOfLine(line string) (*hcnetv1.CityRef, bool) {
	parts := strings.SplitN(line, "/", 3)
	if len(parts) < 2 {
		return nil, false
	}
	parts = append(parts, "")
	return &hcnetv1.CityRef{
		Country: strings.ToLower(strings.TrimSpace(parts[0])),
		CityId:  strings.TrimSpace(parts[1]),
		Name:    strings.TrimSpace(parts[2]),
	}, true
}

// cityPicker is the partner cities' part of the form: the known cities,
// ticked or not, the lines that name none of them, and the added rows.
type cityPicker struct {
	Known []knownCity
	// Typed are the posted lines naming no known city.
	Typed string
	Added rowsField
}

// pickCities builds the picker from the form's values.
func pickCities(tr *i18n.Translator, f *webui.Form, known []*hcnetv1.CityRef) cityPicker {
	ticked := map[string]bool{}
	var typed []string
	isKnown := map[string]bool{}
	for _, c := range known {
		isKnown[cityKey(c.GetCountry(), c.GetCityId())] = true
	}
	for _, v := range f.Values["partner_cities"] {
		for _, line := range webui.Lines(v) {
			if c, ok := cityOfLine(line); ok && isKnown[cityKey(c.GetCountry(), c.GetCityId())] {
				ticked[cityKey(c.GetCountry(), c.GetCityId())] = true
				continue
			}
			typed = append(typed, line)
		}
	}
	p := cityPicker{Typed: strings.Join(typed, "\n")}
	for _, c := range known {
		p.Known = append(p.Known, knownCity{Value: cityLine(c), Label: cityLabel(c), Ticked: ticked[cityKey(c.GetCountry(), c.GetCityId())]})
	}
	p.Added = rowsField{Name: "new_city_country", Label: tr.T("A partner city not listed"), Add: tr.T("Add another city"),
		Hint: tr.T("Its country code, its id as its own node gives it, and its name: se, umea, Umeå"),
		Rows: rows(f, newCityRows, []string{tr.T("Country"), tr.T("City id"), tr.Term("Field.name", "Name")}, nil)}
	return p
}

// readCities reads the partner cities into s: the ticked and typed
// lines first, then the added rows. It returns how many came from lines,
// so that the API's problems with a city can be put next to its row.
func readCities(tr *i18n.Translator, spec formSpec, f *webui.Form, s *hcnetv1.Success) int {
	seen := map[string]bool{}
	for _, v := range f.Values["partner_cities"] {
		for i, line := range webui.Lines(v) {
			c, ok := cityOfLine(line)
			if !ok {
				f.Add("partner_cities", spec.labels["partner_cities"], tr.T("line {{.Line}} ({{.Text}}) is not COUNTRY/CITY_ID/NAME, like dk/copenhagen/København",
					"Line", i+1, "Text", strconv.Quote(line)))
				continue
			}
			// A city both ticked and typed is named once.
			if k := cityKey(c.GetCountry(), c.GetCityId()); !seen[k] {
				seen[k] = true
				s.PartnerCities = append(s.PartnerCities, c)
			}
		}
	}
	fromLines := len(s.PartnerCities)
	newCityRows.compact(f)
	for i := range newCityRows.count(f) {
		s.PartnerCities = append(s.PartnerCities, &hcnetv1.CityRef{
			Country: strings.ToLower(cell(f, "new_city_country", i)),
			CityId:  cell(f, "new_city_id", i),
			Name:    cell(f, "new_city_name", i),
		})
	}
	return fromLines
}

// newCityInputs are the inputs of an added city's fields.
var newCityInputs = map[string]string{".country": "new_city_country", ".city_id": "new_city_id", ".name": "new_city_name"}

// successRefused is formSpec.refused with a partner city's violations
// put next to the input it came from: the picker for a ticked or typed
// city, the field of its row for an added one. fromLines is how many of
// the success's cities came before the added rows.
func successRefused(spec formSpec, f *webui.Form, fromLines int, err error) bool {
	vs, _, ok := webui.Refusals(err)
	if !ok || len(vs) == 0 {
		return spec.refused(f, err)
	}
	for _, v := range vs {
		path := strings.TrimPrefix(v.Field, spec.prefix+".")
		var i int
		var rest string
		if n, _ := fmt.Sscanf(path, "partner_cities[%d]%s", &i, &rest); n >= 1 && i >= fromLines {
			if name, ok := newCityInputs[rest]; ok {
				in := name + "-" + strconv.Itoa(i-fromLines)
				f.Add(in, spec.label(in), spec.said(v))
				continue
			}
		}
		if in := spec.input(path); in != "" {
			f.Add(in, spec.label(in), spec.said(v))
		} else {
			f.Add("", "", v.Field+": "+spec.said(v))
		}
	}
	return true
}
