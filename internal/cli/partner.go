package cli

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

type partner = hcnetv1.Partner

var partnerKind = &kind[*partner]{
	name: "partner", plural: "partners", field: "partner",
	newRecord: func() *partner { return &partner{} },
	columns: []column[*partner]{
		{name: "id", value: (*partner).GetId},
		{name: "organisation", value: (*partner).GetOrganisation},
		{name: "kind", value: func(p *partner) string { return record.ShortName(p.GetKind()) }},
		{name: "sector", value: func(p *partner) string { return record.ShortName(p.GetSector()) }},
		{name: "visibility", value: func(p *partner) string { return record.ShortName(p.GetVisibility()) }},
		{name: "description", value: (*partner).GetDescription, detail: true},
		{name: "website", value: (*partner).GetWebsite, detail: true},
		{name: "contact", value: func(p *partner) string { return contactCell(p.GetContact()) }, detail: true},
		{name: "version", value: func(p *partner) string { return versionCell(p.GetVersion()) }, detail: true},
		{name: "updated", value: func(p *partner) string { return timeCell(p.GetUpdateTime()) }, detail: true},
	},
	bind: func(f *fields[*partner]) {
		f.str("organisation", "organisation", "name of the organisation", func(p *partner, v string) { p.Organisation = v })
		enumFlag(f, "kind", "kind", "kind of organisation", func(p *partner, v hcnetv1.PartnerKind) { p.Kind = v })
		enumFlag(f, "sector", "sector", "field of work", func(p *partner, v hcnetv1.Sector) { p.Sector = v })
		f.str("description", "description", "what the partner does", func(p *partner, v string) { p.Description = v })
		f.str("website", "website", "web address", func(p *partner, v string) { p.Website = v })
		visibilityFlag(f, func(p *partner, v hcnetv1.Visibility) { p.Visibility = v })
		contact := func(p *partner) *hcnetv1.Contact {
			if p.Contact == nil {
				p.Contact = &hcnetv1.Contact{}
			}
			return p.Contact
		}
		f.str("contact-name", "contact.name", "person to talk to (private: never shared)", func(p *partner, v string) { contact(p).Name = v })
		f.str("contact-role", "contact.role", "their role", func(p *partner, v string) { contact(p).Role = v })
		f.str("contact-email", "contact.email", "their e-mail address", func(p *partner, v string) { contact(p).Email = v })
		f.str("contact-phone", "contact.phone", "their phone number", func(p *partner, v string) { contact(p).Phone = v })
	},
	addExample: `  hcctl partner add --organisation "Malmö stad, stadsbyggnadskontoret" \
      --kind local_government_department --sector urban_planning --visibility public
  hcctl partner add --organisation "Röda korset Malmö" --kind ngo --sector social_services \
      --contact-name "Åsa Öberg" --contact-email asa.oberg@example.se --visibility private
  hcctl partner add --organisation "Region Skåne" --kind public_agency --sector health --visibility network`,
	updateExample: `  hcctl partner update $PARTNER_ID --website https://example.se --visibility network`,
	listExample: `  hcctl partner list --sector health
  hcctl partner list --query "röda korset" -o json
  hcctl partner list --all -o csv > partners-overview.csv`,

	get: func(ctx context.Context, c client, id string) (proto.Message, *partner, error) {
		r, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: id})
		return r, r.GetPartner(), err
	},
	create: func(ctx context.Context, c client, m *partner) (proto.Message, *partner, error) {
		r, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: m})
		return r, r.GetPartner(), err
	},
	update: func(ctx context.Context, c client, m *partner, mask *fieldmaskpb.FieldMask) (proto.Message, *partner, error) {
		r, err := c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: m, UpdateMask: mask})
		return r, r.GetPartner(), err
	},
	remove: func(ctx context.Context, c client, id string, version int64) (proto.Message, error) {
		return c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: id, Version: version})
	},
	list: func(ctx context.Context, c client, r *listRequest) (proto.Message, []*partner, string, error) {
		resp, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: r.q.pageSize, PageToken: r.q.pageToken, Filter: r.filter})
		return resp, resp.GetPartners(), resp.GetNextPageToken(), err
	},
}

func (a *app) partnerCommand() *cobra.Command {
	cmd := group("partner", "Record the organisations the city works with",
		"Partners are the organisations the city works with: departments, NGOs,\n"+
			"residents' groups, companies, academia, other cities. Partnerships name them.\n"+
			"Contact details are private and never leave the node.")
	cmd.AddCommand(crudCommands(a, partnerKind)...)
	return cmd
}
