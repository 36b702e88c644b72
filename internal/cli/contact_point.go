package cli

import (
	"errors"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// contactPointFlags binds the flags of the contact point a record
// publishes (a city profile's, a practice's): unlike the private contacts
// it travels with the record, so a named person needs the day they
// agreed. --no-contact-point removes it.
func contactPointFlags[M any](f *fields[M], at func(M) **hcnetv1.ContactPoint) {
	cp := func(m M) *hcnetv1.ContactPoint {
		p := at(m)
		if *p == nil {
			*p = &hcnetv1.ContactPoint{}
		}
		return *p
	}
	enumFlag(f, "contact-point-kind", "contact_point.kind", "who other cities reach, published with the record",
		func(m M, v hcnetv1.ContactPointKind) { cp(m).Kind = v })
	f.str("contact-point-name", "contact_point.name", "the mailbox's or the person's name (published)", func(m M, v string) { cp(m).Name = v })
	f.str("contact-point-role", "contact_point.role", "what they do, as other cities should read it (published)", func(m M, v string) { cp(m).Role = v })
	f.str("contact-point-email", "contact_point.email", "the address other cities write to (published)", func(m M, v string) { cp(m).Email = v })
	f.str("contact-point-phone", "contact_point.phone", "a phone number (published)", func(m M, v string) { cp(m).Phone = v })
	f.str("contact-point-url", "contact_point.url", "a web page with more ways to reach them (published)", func(m M, v string) { cp(m).Url = v })
	f.str("contact-point-agreed", "contact_point.agreed_date", "for a named person: the day (YYYY-MM-DD) they agreed to be published", func(m M, v string) { cp(m).AgreedDate = v })
	clear := f.cmd.Flags().Bool("no-contact-point", false, "publish no contact point (removes it)")
	f.add("contact_point", func(m M) error {
		if !*clear {
			return nil
		}
		for _, name := range []string{"kind", "name", "role", "email", "phone", "url", "agreed"} {
			if f.cmd.Flags().Changed("contact-point-" + name) {
				return errors.New("remove the contact point or change it, not both")
			}
		}
		*at(m) = nil
		return nil
	}, "no-contact-point")
}

// contactPointCell shows a contact point on one line: name, role,
// address, phone and page, then what it is.
func contactPointCell(cp *hcnetv1.ContactPoint) string {
	if cp == nil {
		return ""
	}
	what := record.ShortName(cp.GetKind())
	if cp.GetAgreedDate() != "" {
		what += ", agreed " + cp.GetAgreedDate()
	}
	return strings.Join(trimAll([]string{cp.GetName(), cp.GetRole(), cp.GetEmail(), cp.GetPhone(), cp.GetUrl()}), ", ") + " (" + what + ")"
}
