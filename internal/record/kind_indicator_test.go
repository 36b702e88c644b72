package record

import (
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestIndicatorCode(t *testing.T) {
	tests := []struct {
		title, code string
		want        string // a word of the message, "" for a valid code
	}{
		{title: "none", code: ""},
		{title: "kolada", code: "kolada:N00945"},
		{title: "eurostat", code: "eurostat:hlth_silc_01"},
		{title: "sdg indicator", code: "sdg:3.4.1"},
		{title: "a network's catalogue", code: "hcs-2025:equity/loneliness"},
		{title: "no scheme", code: "N00945", want: "names no scheme"},
		{title: "empty scheme", code: ":N00945", want: "is not a scheme name"},
		{title: "scheme in capitals", code: "Kolada:N00945", want: "is not a scheme name"},
		{title: "empty code", code: "kolada:", want: "is not a code"},
		{title: "code with a space", code: "kolada:N 00945", want: "is not a code"},
		{title: "code with a colon", code: "kolada:N:1", want: "is not a code"},
		{title: "code too long", code: "kolada:" + strings.Repeat("N", 65), want: "is not a code"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			ind := &hcnetv1.Indicator{Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, PlanId: "01J9Z8Y7X6W5V4T3S2R1Q0P9N8",
				Name: "Loneliness", Unit: "%", Code: tt.code}
			vs := Validate("indicator", ind)
			if tt.want == "" {
				if len(vs) > 0 {
					t.Fatalf("refused code %q: %v", tt.code, vs)
				}
				return
			}
			if len(vs) != 1 || vs[0].Field != "indicator.code" || !strings.Contains(vs[0].Description, tt.want) {
				t.Fatalf("code %q: violations %q, want one on indicator.code saying %q", tt.code, vs.Error(), tt.want)
			}
		})
	}
}

// A hub finds the cities reporting a measure by the code's index term,
// and the code travels in the shared form.
func TestIndicatorCodeIndexedAndShared(t *testing.T) {
	ind := &hcnetv1.Indicator{Id: "01J9Z8Y7X6W5V4T3S2R1Q0P9N8", Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Name: "Loneliness", Unit: "%", Code: "kolada:N00945"}
	found := false
	for _, term := range IndexOf(ind).Terms {
		found = found || term == Term{Facet: FacetCode, Value: "kolada:N00945"}
	}
	if !found {
		t.Fatalf("index terms %v lack the code", IndexOf(ind).Terms)
	}
	// An indicator without its plan needs nothing of the node.
	shared, err := SharedForm(ind, Source{})
	if err != nil || shared.GetIndicator().GetCode() != "kolada:N00945" {
		t.Fatalf("shared form %v, %v lacks the code", shared, err)
	}
}
