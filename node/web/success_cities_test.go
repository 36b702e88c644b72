package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestSuccessPicksOneCityAndAddsAnother: the form offers the partner
// cities the node's records name; a success saved with one of them
// ticked and one added in a row of its own names both, the added one
// with its country lower-cased.
func TestSuccessPicksOneCityAndAddsAnother(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	earlier := nodetest.Success("Walks for all", "")
	earlier.PartnerCities = []*hcnetv1.CityRef{{Country: "se", CityId: "umea", Name: "Umeå"}}
	if _, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: earlier}); err != nil {
		t.Fatal(err)
	}

	_, page := s.get(t, "/successes/new")
	mustContain(t, page, `<input type="checkbox" name="partner_cities" value="se/umea/Umeå"> Umeå (se/umea)`,
		`<label for="new_city_id-0">City id 1</label>`, `name="row:add:new_city_country" value="Add another city"`)

	// "Add another" shows a second row and saves nothing; "Remove" takes
	// the filled row away again.
	form := url.Values{"csrf": {token}, "title": {"Fewer lonely"}, "outcome": {"Down by a third."}, "visibility": {"network"},
		"partner_cities": {"se/umea/Umeå", ""}, "new_city_country": {"DK"}, "new_city_id": {"aarhus"}, "new_city_name": {"Aarhus"}}
	more := cloneValues(form)
	more.Set("row:add:new_city_country", "Add another city")
	code, page, _ := s.post(t, "/successes/new", more)
	if code != http.StatusOK || !strings.Contains(page, `id="new_city_id-1"`) || !strings.Contains(page, `value="se/umea/Umeå" checked>`) {
		t.Fatalf("add another: %d\n%s", code, page)
	}
	fewer := cloneValues(form)
	fewer.Set("row:remove:new_city_country:0", "Remove")
	code, page, _ = s.post(t, "/successes/new", fewer)
	if code != http.StatusOK || strings.Contains(page, `value="aarhus"`) {
		t.Fatalf("remove: %d\n%s", code, page)
	}
	if list, _ := s.api.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{}); len(list.GetSuccesses()) != 1 {
		t.Fatalf("adding or removing a row saved: %v", list.GetSuccesses())
	}

	code, page, loc := s.post(t, "/successes/new", form)
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", code, page)
	}
	got, err := s.api.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: strings.TrimPrefix(loc, "/successes/")})
	if err != nil {
		t.Fatal(err)
	}
	var cities []string
	for _, c := range got.GetSuccess().GetPartnerCities() {
		cities = append(cities, cityLine(c))
	}
	if strings.Join(cities, " ") != "se/umea/Umeå dk/aarhus/Aarhus" {
		t.Fatalf("partner cities stored: %q", cities)
	}
	_, page = s.get(t, loc+"/edit")
	mustContain(t, page, `value="dk/aarhus/Aarhus" checked> Aarhus (dk/aarhus)`, `value="se/umea/Umeå" checked> Umeå (se/umea)`)
}

// TestSuccessAddedCityErrorsNextToFields: an added city whose country
// and city id the node refuses shows each problem next to its own input
// of its row, in the reader's language, and nothing is saved.
func TestSuccessAddedCityErrorsNextToFields(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	form := url.Values{"csrf": {token}, "title": {"Fewer lonely"}, "outcome": {"Down by a third."}, "visibility": {"network"},
		"new_city_country": {"se", "Sweden"}, "new_city_id": {"lund", "Umeå"}, "new_city_name": {"Lund", "Umeå"}}
	code, page, _ := s.post(t, "/successes/new", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad city: %d, want 422\n%s", code, page)
	}
	if msg := fieldError(page, "new_city_id-1"); !strings.Contains(msg, `"Umeå"`) {
		t.Errorf("next to the second row's city id: %q\n%s", msg, page)
	}
	if msg := fieldError(page, "new_city_country-1"); !strings.Contains(msg, `"sweden"`) {
		t.Errorf("next to the second row's country: %q", msg)
	}
	for _, ok := range []string{"new_city_id-0", "new_city_country-0", "new_city_name-1"} {
		if msg := fieldError(page, ok); msg != "" {
			t.Errorf("a problem next to %s: %q", ok, msg)
		}
	}
	mustContain(t, page, `href="#new_city_id-1">City id, row 2: `, `value="Umeå"`)
	if list, _ := s.api.ListSuccesses(context.Background(), &hcnetv1.ListSuccessesRequest{}); len(list.GetSuccesses()) != 0 {
		t.Fatalf("a bad form saved: %v", list.GetSuccesses())
	}

	_, page, _ = s.postIn(t, "sv", "/successes/new", form)
	mustContain(t, page, `href="#new_city_id-1">Stadens id, rad 2: `, "Lägg till en stad till")
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
