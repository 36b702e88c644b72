package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestIndicatorCodeForm: a code typed on the form is stored, shown on the
// indicator's page and offered again for editing; a code without a scheme
// is refused next to its field, and nothing is saved.
func TestIndicatorCodeForm(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	planID := s.planTitled(t, "Plan")

	code, page, _ := s.post(t, "/indicators/new", url.Values{
		"csrf": {token}, "plan_id": {planID}, "name": {"Lonely"}, "unit": {"%"}, "baseline": {"1"}, "target": {"2"},
		"visibility": {"network"}, "code": {"N00945"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("code without a scheme: %d, want 422\n%s", code, page)
	}
	if msg := fieldError(page, "code"); !strings.Contains(msg, "names no scheme") {
		t.Errorf("next to the code: %q", msg)
	}
	mustContain(t, page, `name="code" value="N00945"`)
	if list, err := s.api.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{}); err != nil || len(list.GetIndicators()) != 0 {
		t.Fatalf("a bad form saved: %v, %v", list.GetIndicators(), err)
	}

	code, body, loc := s.post(t, "/indicators/new", url.Values{
		"csrf": {token}, "plan_id": {planID}, "name": {"Lonely"}, "unit": {"%"}, "baseline": {"1"}, "target": {"2"},
		"visibility": {"network"}, "code": {" kolada:N00945 "},
	})
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", code, body)
	}
	id := strings.TrimPrefix(loc, "/indicators/")
	got, err := s.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil || got.GetIndicator().GetCode() != "kolada:N00945" {
		t.Fatalf("stored code: %q, %v", got.GetIndicator().GetCode(), err)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "<dd><code>kolada:N00945</code></dd>")
	_, page = s.get(t, loc+"/edit")
	mustContain(t, page, `name="code" value="kolada:N00945"`)

	// Emptied on the form, the code is gone.
	code, body, _ = s.post(t, loc+"/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "plan_id": {planID}, "name": {"Lonely"}, "unit": {"%"},
		"baseline": {"1"}, "target": {"2"}, "visibility": {"network"}, "code": {""},
	})
	if code != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", code, body)
	}
	if got, err := s.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id}); err != nil || got.GetIndicator().GetCode() != "" {
		t.Fatalf("code after emptying: %q, %v", got.GetIndicator().GetCode(), err)
	}
}
