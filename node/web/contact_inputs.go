package web

import (
	"net/url"
	"strings"

	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A person to ask (a partner's contact, the city's coordinator) is four
// inputs on a form, named after what the person is to the record:
// PREFIX_name, PREFIX_role, PREFIX_email and PREFIX_phone.

// contactIn reads the contact of the inputs named prefix; nil when all
// four are empty, so a record without one stores none.
func contactIn(f *webui.Form, prefix string) *hcnetv1.Contact {
	c := &hcnetv1.Contact{
		Name:  strings.TrimSpace(f.Get(prefix + "_name")),
		Role:  strings.TrimSpace(f.Get(prefix + "_role")),
		Email: strings.TrimSpace(f.Get(prefix + "_email")),
		Phone: strings.TrimSpace(f.Get(prefix + "_phone")),
	}
	if c.Name == "" && c.Role == "" && c.Email == "" && c.Phone == "" {
		return nil
	}
	return c
}

// contactValues fills the inputs named prefix from c.
func contactValues(v url.Values, prefix string, c *hcnetv1.Contact) {
	v.Set(prefix+"_name", c.GetName())
	v.Set(prefix+"_role", c.GetRole())
	v.Set(prefix+"_email", c.GetEmail())
	v.Set(prefix+"_phone", c.GetPhone())
}
