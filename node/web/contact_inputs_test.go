package web

import (
	"net/url"
	"testing"

	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// TestContactInputs: a contact shown on a form reads back the same,
// trimmed, from the inputs of its own prefix only; four empty inputs
// are no contact at all.
func TestContactInputs(t *testing.T) {
	c := &hcnetv1.Contact{Name: "Åsa Öberg", Role: "coordinator", Email: "asa@example.se", Phone: "+46 40 34 10 00"}
	v := url.Values{}
	contactValues(v, "coordinator", c)
	v.Set("coordinator_name", "  Åsa Öberg ")
	v.Set("contact_name", "someone else")
	if got := contactIn(webui.NewForm(v), "coordinator"); !proto.Equal(got, c) {
		t.Errorf("read back %v, want %v", got, c)
	}
	if got := contactIn(webui.NewForm(url.Values{"contact_name": {" "}, "contact_phone": {""}}), "contact"); got != nil {
		t.Errorf("empty inputs read as %v, want no contact", got)
	}
	if got := contactIn(webui.NewForm(url.Values{"contact_phone": {"112"}}), "contact"); got.GetPhone() != "112" || got.GetName() != "" {
		t.Errorf("a phone alone read as %v", got)
	}
}
