package csvio

import (
	"io"
	"strings"

	"github.com/hcnet/hcnet/internal/record"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// partnerSheet is the partners spreadsheet. Contact columns are personal
// data: the file stays in the city, as the node's private fields do.
var partnerSheet = sheet[*hcnetv1.Partner]{
	required: []string{"organisation"},
	newRow:   func() *hcnetv1.Partner { return &hcnetv1.Partner{} },
	columns: []column[*hcnetv1.Partner]{
		{name: "id", field: "id",
			get: (*hcnetv1.Partner).GetId,
			set: func(p *hcnetv1.Partner, s string) error { p.Id = strings.TrimSpace(s); return nil }},
		{name: "organisation", field: "organisation",
			get: (*hcnetv1.Partner).GetOrganisation,
			set: func(p *hcnetv1.Partner, s string) error { p.Organisation = strings.TrimSpace(s); return nil }},
		{name: "kind", field: "kind",
			get: func(p *hcnetv1.Partner) string { return record.ShortName(p.GetKind()) },
			set: func(p *hcnetv1.Partner, s string) (err error) {
				p.Kind, err = parseEnum[hcnetv1.PartnerKind](s)
				return
			}},
		{name: "sector", field: "sector",
			get: func(p *hcnetv1.Partner) string { return record.ShortName(p.GetSector()) },
			set: func(p *hcnetv1.Partner, s string) (err error) { p.Sector, err = parseEnum[hcnetv1.Sector](s); return }},
		{name: "description", field: "description",
			get: (*hcnetv1.Partner).GetDescription,
			set: func(p *hcnetv1.Partner, s string) error { p.Description = s; return nil }},
		{name: "website", field: "website",
			get: (*hcnetv1.Partner).GetWebsite,
			set: func(p *hcnetv1.Partner, s string) error { p.Website = strings.TrimSpace(s); return nil }},
		{name: "visibility", field: "visibility",
			get: func(p *hcnetv1.Partner) string { return record.ShortName(p.GetVisibility()) },
			set: func(p *hcnetv1.Partner, s string) (err error) {
				p.Visibility, err = parseEnum[hcnetv1.Visibility](s)
				return
			}},
		{name: "contact_name", field: "contact.name",
			get: func(p *hcnetv1.Partner) string { return p.GetContact().GetName() },
			set: func(p *hcnetv1.Partner, s string) error { contact(p).Name = strings.TrimSpace(s); return nil }},
		{name: "contact_role", field: "contact.role",
			get: func(p *hcnetv1.Partner) string { return p.GetContact().GetRole() },
			set: func(p *hcnetv1.Partner, s string) error { contact(p).Role = strings.TrimSpace(s); return nil }},
		{name: "contact_email", field: "contact.email",
			get: func(p *hcnetv1.Partner) string { return p.GetContact().GetEmail() },
			set: func(p *hcnetv1.Partner, s string) error { contact(p).Email = strings.TrimSpace(s); return nil }},
		{name: "contact_phone", field: "contact.phone",
			get: func(p *hcnetv1.Partner) string { return p.GetContact().GetPhone() },
			set: func(p *hcnetv1.Partner, s string) error { contact(p).Phone = strings.TrimSpace(s); return nil }},
	},
}

// contact returns the partner's contact, creating it on first use so that
// a row with empty contact cells carries no empty Contact message.
func contact(p *hcnetv1.Partner) *hcnetv1.Contact {
	if p.Contact == nil {
		p.Contact = &hcnetv1.Contact{}
	}
	return p.Contact
}

// PartnerColumns lists the partners sheet's columns in export order.
func PartnerColumns() []string { return partnerSheet.names() }

// ReadPartners parses a partners sheet. It returns the records and, for
// each, the line of file it starts on; with Problems listing every bad
// row and cell, the records that could be read (bad cells left empty), so
// that they can still be checked. file only names the input in problems.
func ReadPartners(r io.Reader, file string) ([]*hcnetv1.Partner, []int, error) {
	rows, lines, err := partnerSheet.read(r, file)
	for _, p := range rows {
		dropEmptyContact(p)
	}
	return rows, lines, err
}

func dropEmptyContact(p *hcnetv1.Partner) {
	if c := p.GetContact(); c != nil && c.Name == "" && c.Role == "" && c.Email == "" && c.Phone == "" {
		p.Contact = nil
	}
}

// WritePartners writes a partners sheet with every column.
func WritePartners(w io.Writer, partners []*hcnetv1.Partner) error {
	return partnerSheet.write(w, partners)
}
