package csvio

import (
	"fmt"
	"io"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

type ps = hcnetv1.Partnership

// partnershipSheet is the partnerships spreadsheet. Partners are named by
// organisation, resolved through dir; the primary health care link is
// spread over three phc_ columns.
func partnershipSheet(dir *Directory) sheet[*ps] {
	return sheet[*ps]{
		required: []string{"title"},
		newRow:   func() *ps { return &ps{} },
		columns: []column[*ps]{
			text("id", "id", func(p *ps) *string { return &p.Id }, true),
			text("title", "title", func(p *ps) *string { return &p.Title }, true),
			text("description", "description", func(p *ps) *string { return &p.Description }, false),
			{name: "level", field: "level",
				get: func(p *ps) string { return record.ShortName(p.GetLevel()) },
				set: func(p *ps, s string) (err error) { p.Level, err = parseEnum[hcnetv1.PartnershipLevel](s); return }},
			{name: "status", field: "status",
				get: func(p *ps) string { return record.ShortName(p.GetStatus()) },
				set: func(p *ps, s string) (err error) { p.Status, err = parseEnum[hcnetv1.PartnershipStatus](s); return }},
			{name: "visibility", field: "visibility",
				get: func(p *ps) string { return record.ShortName(p.GetVisibility()) },
				set: func(p *ps, s string) (err error) { p.Visibility, err = parseEnum[hcnetv1.Visibility](s); return }},
			{name: "partners", field: "partners",
				get: func(p *ps) string { return formatMembers(p.GetPartners(), dir) },
				set: func(p *ps, s string) (err error) { p.Partners, err = parseMembers(s, dir); return }},
			{name: "sectors", field: "sectors",
				get: func(p *ps) string { return formatEnumList(p.GetSectors()) },
				set: func(p *ps, s string) (err error) { p.Sectors, err = parseEnumList[hcnetv1.Sector](s); return }},
			{name: "settings", field: "settings",
				get: func(p *ps) string { return formatEnumList(p.GetSettings()) },
				set: func(p *ps, s string) (err error) { p.Settings, err = parseEnumList[hcnetv1.Setting](s); return }},
			text("hot_local_issue", "hot_local_issue", func(p *ps) *string { return &p.HotLocalIssue }, false),
			{name: "mechanisms", field: "mechanisms",
				get: func(p *ps) string { return formatEnumList(p.GetMechanisms()) },
				set: func(p *ps, s string) (err error) { p.Mechanisms, err = parseEnumList[hcnetv1.Mechanism](s); return }},
			{name: "sdg_goals", field: "sdg.goals",
				get: func(p *ps) string { return formatInt32List(p.GetSdg().GetGoals()) },
				set: func(p *ps, s string) (err error) { sdg(p).Goals, err = parseInt32List(s); return }},
			{name: "sdg_targets", field: "sdg.targets",
				get: func(p *ps) string { return joinList(p.GetSdg().GetTargets()) },
				set: func(p *ps, s string) error { sdg(p).Targets = splitList(s); return nil }, numeric: true},
			{name: "six_ps", field: "six_ps",
				get: func(p *ps) string { return formatEnumList(p.GetSixPs()) },
				set: func(p *ps, s string) (err error) { p.SixPs, err = parseEnumList[hcnetv1.SixP](s); return }},
			list("equity_groups", "equity_groups", func(p *ps) *[]string { return &p.EquityGroups }),
			{name: "phc_linked", field: "primary_health_care.linked",
				get: func(p *ps) string { return formatBool(p.GetPrimaryHealthCare().GetLinked()) },
				set: func(p *ps, s string) (err error) { phc(p).Linked, err = parseBool(s); return }},
			{name: "phc_services", field: "primary_health_care.services",
				get: func(p *ps) string { return joinList(p.GetPrimaryHealthCare().GetServices()) },
				set: func(p *ps, s string) error { phc(p).Services = splitList(s); return nil }},
			{name: "phc_engagement", field: "primary_health_care.engagement",
				get: func(p *ps) string { return p.GetPrimaryHealthCare().GetEngagement() },
				set: func(p *ps, s string) error { phc(p).Engagement = s; return nil }},
			text("participatory_platform", "participatory_platform", func(p *ps) *string { return &p.ParticipatoryPlatform }, false),
			list("funding_sources", "funding_sources", func(p *ps) *[]string { return &p.FundingSources }),
			list("decision_makers", "decision_makers", func(p *ps) *[]string { return &p.DecisionMakers }),
			text("start_date", "start_date", func(p *ps) *string { return &p.StartDate }, true),
			text("end_date", "end_date", func(p *ps) *string { return &p.EndDate }, true),
		},
	}
}

// text is a column holding one string field; trim drops surrounding
// spaces for values that are codes rather than prose.
func text(name, field string, ptr func(*ps) *string, trim bool) column[*ps] {
	return column[*ps]{name: name, field: field,
		get: func(p *ps) string { return *ptr(p) },
		set: func(p *ps, s string) error {
			if trim {
				s = strings.TrimSpace(s)
			}
			*ptr(p) = s
			return nil
		}}
}

// list is a column holding a list of free-text items.
func list(name, field string, ptr func(*ps) *[]string) column[*ps] {
	return column[*ps]{name: name, field: field,
		get: func(p *ps) string { return joinList(*ptr(p)) },
		set: func(p *ps, s string) error { *ptr(p) = splitList(s); return nil }}
}

func sdg(p *ps) *hcnetv1.SdgTags {
	if p.Sdg == nil {
		p.Sdg = &hcnetv1.SdgTags{}
	}
	return p.Sdg
}

func phc(p *ps) *hcnetv1.PrimaryHealthCareLink {
	if p.PrimaryHealthCare == nil {
		p.PrimaryHealthCare = &hcnetv1.PrimaryHealthCareLink{}
	}
	return p.PrimaryHealthCare
}

// parseMembers reads "Organisation (role); Other organisation (role)". The
// role is the text in the last balanced parentheses, so roles may hold
// parentheses and so may names ("Region Skåne (RS) (funder)"). When the
// name before the role is unknown but the whole item is a partner's name,
// the item is that partner with no role.
func parseMembers(cell string, dir *Directory) ([]*hcnetv1.PartnershipMember, error) {
	var out []*hcnetv1.PartnershipMember
	var problems []string
	var first error
	for _, item := range splitList(cell) {
		name, role, hasRole := splitRole(item)
		id, err := dir.Resolve(name)
		if err != nil && hasRole {
			if whole, err2 := dir.Resolve(item); err2 == nil {
				id, role, err = whole, "", nil
			}
		}
		if err != nil {
			problems = append(problems, err.Error())
			if first == nil {
				first = err
			}
			continue
		}
		out = append(out, &hcnetv1.PartnershipMember{PartnerId: id, Role: role})
	}
	switch len(problems) {
	case 0:
	case 1:
		// One unknown partner keeps its message for the pages.
		return nil, first
	default:
		return nil, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return out, nil
}

// splitRole splits "Name (role)" at the parenthesis that opens the last
// one.
func splitRole(item string) (name, role string, ok bool) {
	if !strings.HasSuffix(item, ")") {
		return item, "", false
	}
	depth := 0
	for i := len(item) - 1; i >= 0; i-- {
		switch item[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return strings.TrimSpace(item[:i]), strings.TrimSpace(item[i+1 : len(item)-1]), true
			}
		}
	}
	return item, "", false
}

// formatMembers writes members so parseMembers reads them back: a partner
// is named by organisation when that name leads back to it alone, and
// otherwise by id (a partner the directory does not know, one of two
// partners sharing a name, a name holding the list separator); a name that
// itself ends in ")" gets an empty "()" so its last parentheses are not
// taken for a role.
func formatMembers(members []*hcnetv1.PartnershipMember, dir *Directory) string {
	items := make([]string, len(members))
	for i, m := range members {
		id := m.GetPartnerId()
		name := dir.Name(id)
		if back, err := dir.Resolve(name); name == "" || err != nil || back != id || strings.Contains(name, listSep) {
			name = id
		}
		switch {
		case m.GetRole() != "":
			items[i] = name + " (" + m.GetRole() + ")"
		case strings.HasSuffix(name, ")"):
			items[i] = name + " ()"
		default:
			items[i] = name
		}
	}
	return joinList(items)
}

// PartnershipColumns lists the partnerships sheet's columns in export order.
func PartnershipColumns() []string { return partnershipSheet(nil).names() }

// ReadPartnerships parses a partnerships sheet, resolving organisation
// names through dir. It returns the records and the line each starts on,
// with Problems listing every bad row and cell as ReadPartners does.
func ReadPartnerships(r io.Reader, file string, dir *Directory) ([]*hcnetv1.Partnership, []int, error) {
	rows, lines, err := partnershipSheet(dir).read(r, file)
	for _, p := range rows {
		if s := p.GetSdg(); s != nil && len(s.Goals) == 0 && len(s.Targets) == 0 {
			p.Sdg = nil
		}
		if h := p.GetPrimaryHealthCare(); h != nil && !h.Linked && len(h.Services) == 0 && h.Engagement == "" {
			p.PrimaryHealthCare = nil
		}
	}
	return rows, lines, err
}

// WritePartnerships writes a partnerships sheet with every column, naming
// partners by organisation through dir.
func WritePartnerships(w io.Writer, partnerships []*hcnetv1.Partnership, dir *Directory) error {
	return partnershipSheet(dir).write(w, partnerships)
}
