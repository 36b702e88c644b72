package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

type partnership = hcnetv1.Partnership

const partnershipFlagsHelp = `
--partner PARTNER[:ROLE] names a partner and the role it plays; repeat it for
each partner. PARTNER is the partner's id or its organisation name as
recorded with "hcctl partner add"; the role is free text after the first ":".

  --partner "Malmö stad:lead" --partner 01JB6Q8Z3V4W5X6Y7Z8A9B0C1D:funder

Enumerated flags take short names; --sector, --setting, --mechanism, --sdg,
--sdg-target and --six-p can be repeated or comma-separated. Free-text lists
(--equity-group, --funding-source, --decision-maker, --phc-service) are
repeated, one item per flag, so items may contain commas. Dates are
YYYY-MM-DD.`

var partnershipKind = &kind[*partnership]{
	name: "partnership", plural: "partnerships", field: "partnership",
	newRecord: func() *partnership { return &partnership{} },
	columns: []column[*partnership]{
		{name: "id", value: (*partnership).GetId},
		{name: "title", value: (*partnership).GetTitle},
		{name: "level", value: func(p *partnership) string { return record.ShortName(p.GetLevel()) }},
		{name: "status", value: func(p *partnership) string { return record.ShortName(p.GetStatus()) }},
		{name: "partners", value: func(p *partnership) string { return count(len(p.GetPartners())) }},
		{name: "sectors", value: func(p *partnership) string { return joinEnums(p.GetSectors()) }},
		{name: "visibility", value: func(p *partnership) string { return record.ShortName(p.GetVisibility()) }},
		{name: "description", value: (*partnership).GetDescription, detail: true},
		{name: "members", value: membersCell, detail: true},
		{name: "settings", value: func(p *partnership) string { return joinEnums(p.GetSettings()) }, detail: true},
		{name: "hot local issue", value: (*partnership).GetHotLocalIssue, detail: true},
		{name: "mechanisms", value: func(p *partnership) string { return joinEnums(p.GetMechanisms()) }, detail: true},
		{name: "sdg", value: func(p *partnership) string { return sdgCell(p.GetSdg()) }, detail: true},
		{name: "six ps", value: func(p *partnership) string { return joinEnums(p.GetSixPs()) }, detail: true},
		{name: "equity groups", value: func(p *partnership) string { return strings.Join(p.GetEquityGroups(), ", ") }, detail: true},
		{name: "primary health care", value: func(p *partnership) string { return phcCell(p.GetPrimaryHealthCare()) }, detail: true},
		{name: "participatory platform", value: (*partnership).GetParticipatoryPlatform, detail: true},
		{name: "funding sources", value: func(p *partnership) string { return strings.Join(p.GetFundingSources(), ", ") }, detail: true},
		{name: "decision makers", value: func(p *partnership) string { return strings.Join(p.GetDecisionMakers(), ", ") }, detail: true},
		{name: "start date", value: (*partnership).GetStartDate, detail: true},
		{name: "end date", value: (*partnership).GetEndDate, detail: true},
		{name: "version", value: func(p *partnership) string { return versionCell(p.GetVersion()) }, detail: true},
		{name: "updated", value: func(p *partnership) string { return timeCell(p.GetUpdateTime()) }, detail: true},
	},
	bind:       bindPartnership,
	detail:     partnershipDetail,
	addLong:    partnershipFlagsHelp,
	updateLong: partnershipFlagsHelp,
	addExample: `  hcctl partnership add --title "Mötesplats för äldre i Rosengård" \
      --level across_sectors --status active --visibility public \
      --partner "Malmö stad, stadsbyggnadskontoret:lead" --partner "Region Skåne:health centre staff" \
      --partner "Röda korset Malmö:volunteers" \
      --sector health,social_services --setting communities \
      --mechanism tackle_hot_local_issues --mechanism step_by_step \
      --sdg 3 --sdg-target 3.4 --six-p people,participation \
      --equity-group "older people living alone" --start-date 2025-03-01`,
	updateExample: `  hcctl partnership update $PARTNERSHIP_ID --status completed --end-date 2025-12-31`,
	listExample: `  hcctl partnership list --sector health --status active
  hcctl partnership list --sdg-target 3.4 -o json
  hcctl partnership list --level across_sectors --all -o csv`,

	get: func(ctx context.Context, c client, id string) (proto.Message, *partnership, error) {
		r, err := c.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
		return r, r.GetPartnership(), err
	},
	create: func(ctx context.Context, c client, m *partnership) (proto.Message, *partnership, error) {
		r, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: m})
		return r, r.GetPartnership(), err
	},
	update: func(ctx context.Context, c client, m *partnership, mask *fieldmaskpb.FieldMask) (proto.Message, *partnership, error) {
		r, err := c.UpdatePartnership(ctx, &hcnetv1.UpdatePartnershipRequest{Partnership: m, UpdateMask: mask})
		return r, r.GetPartnership(), err
	},
	remove: func(ctx context.Context, c client, id string, version int64) (proto.Message, error) {
		return c.DeletePartnership(ctx, &hcnetv1.DeletePartnershipRequest{Id: id, Version: version})
	},
	list: func(ctx context.Context, c client, r *listRequest) (proto.Message, []*partnership, string, error) {
		resp, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{PageSize: r.q.pageSize, PageToken: r.q.pageToken, Filter: r.filter})
		return resp, resp.GetPartnerships(), resp.GetNextPageToken(), err
	},
}

func bindPartnership(f *fields[*partnership]) {
	f.str("title", "title", "title of the partnership", func(p *partnership, v string) { p.Title = v })
	f.str("description", "description", "what the partnership does", func(p *partnership, v string) { p.Description = v })
	enumFlag(f, "level", "level", "where the partnership sits", func(p *partnership, v hcnetv1.PartnershipLevel) { p.Level = v })
	enumFlag(f, "status", "status", "where the partnership is in its life", func(p *partnership, v hcnetv1.PartnershipStatus) { p.Status = v })
	visibilityFlag(f, func(p *partnership, v hcnetv1.Visibility) { p.Visibility = v })
	members := f.cmd.Flags().StringArray("partner", nil, "partner taking part, as PARTNER[:ROLE] (id or organisation name; repeat for each partner; replaces the list)")
	f.add("partners", func(p *partnership) error {
		ms, err := parseMembers(f.cmd.Context(), f.app, *members)
		if err != nil {
			return err
		}
		p.Partners = ms
		return nil
	}, "partner")
	enumsFlag(f, "sector", "sectors", "field the partnership draws on", func(p *partnership, v []hcnetv1.Sector) { p.Sectors = v })
	enumsFlag(f, "setting", "settings", "setting where health is made", func(p *partnership, v []hcnetv1.Setting) { p.Settings = v })
	f.str("hot-local-issue", "hot_local_issue", "the hot local issue the partnership tackles", func(p *partnership, v string) { p.HotLocalIssue = v })
	enumsFlag(f, "mechanism", "mechanisms", "key mechanism of the partnership", func(p *partnership, v []hcnetv1.Mechanism) { p.Mechanisms = v })
	sdgFlags(f, "sdg", func(p *partnership) **hcnetv1.SdgTags { return &p.Sdg })
	enumsFlag(f, "six-p", "six_ps", "one of the 6 Ps", func(p *partnership, v []hcnetv1.SixP) { p.SixPs = v })
	f.texts("equity-group", "equity_groups", "group the partnership reaches", func(p *partnership, v []string) { p.EquityGroups = v })
	phcFlags(f, "primary_health_care", func(p *partnership) **hcnetv1.PrimaryHealthCareLink { return &p.PrimaryHealthCare })
	f.str("participatory-platform", "participatory_platform", "platform through which partners and residents work together", func(p *partnership, v string) { p.ParticipatoryPlatform = v })
	f.texts("funding-source", "funding_sources", "source of funding", func(p *partnership, v []string) { p.FundingSources = v })
	f.texts("decision-maker", "decision_makers", "decision maker of the community involved", func(p *partnership, v []string) { p.DecisionMakers = v })
	f.str("start-date", "start_date", "start date, YYYY-MM-DD", func(p *partnership, v string) { p.StartDate = v })
	f.str("end-date", "end_date", "end date, YYYY-MM-DD (empty: open-ended)", func(p *partnership, v string) { p.EndDate = v })
}

// parseMembers reads --partner values "PARTNER[:ROLE]". Every bad value is
// reported.
func parseMembers(ctx context.Context, a *app, values []string) ([]*hcnetv1.PartnershipMember, error) {
	var out []*hcnetv1.PartnershipMember
	var errs []string
	for _, v := range values {
		who, role, _ := strings.Cut(v, ":")
		if strings.TrimSpace(who) == "" {
			errs = append(errs, fmt.Sprintf("%q: want PARTNER[:ROLE]", v))
			continue
		}
		id, err := a.resolvePartner(ctx, who)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		out = append(out, &hcnetv1.PartnershipMember{PartnerId: id, Role: strings.TrimSpace(role)})
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return out, nil
}

func membersCell(p *partnership) string { return membersNamed(p, nil) }

// partnershipDetail shows a partnership's members by organisation, as
// officers know them.
func partnershipDetail(ctx context.Context, a *app, cols []column[*partnership]) ([]column[*partnership], error) {
	dir, err := a.directory(ctx)
	if err != nil {
		return nil, err
	}
	cols = slices.Clone(cols)
	for i := range cols {
		if cols[i].name == "members" {
			cols[i].value = func(p *partnership) string { return membersNamed(p, dir) }
		}
	}
	return cols, nil
}

// membersNamed lists the members one a line with their roles: by
// organisation name when dir has one that names this partner alone, the
// name and the id when partners share it, the id alone otherwise.
func membersNamed(p *partnership, dir *csvio.Directory) string {
	lines := make([]string, len(p.GetPartners()))
	for i, m := range p.GetPartners() {
		id := m.GetPartnerId()
		lines[i] = id
		if name := dir.Name(id); name != "" {
			lines[i] = name
			if back, err := dir.Resolve(name); err != nil || back != id {
				lines[i] = name + " [" + id + "]"
			}
		}
		if m.GetRole() != "" {
			lines[i] += " (" + m.GetRole() + ")"
		}
	}
	return strings.Join(lines, "\n")
}

func (a *app) partnershipCommand() *cobra.Command {
	cmd := group("partnership", "Record partnerships for health",
		"A partnership for health is the core record of a Healthy City: who works\n"+
			"together (partners and their roles), at what level, on which hot local issue,\n"+
			"in which settings and sectors, with which key mechanisms, towards which SDGs,\n"+
			"and which groups it reaches.")
	cmd.AddCommand(crudCommands(a, partnershipKind)...)
	return cmd
}
