package web

import (
	"net/url"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A contact point is the one contact the city chooses to publish with its
// profile or a practice: a functional mailbox, or a named person who
// agreed. The city profile form and the practice form share one section
// for it (partial "contact-point"), its inputs named cp_*, beside the
// private contacts, which stay on the node.

// contactPointSection is the hidden input that says the form had the
// section, so an update replaces the contact point (cleared when None).
const contactPointSection = "cp_section"

// contactPointNone is the kind choice that publishes no contact point.
const contactPointNone = "none"

var contactPointLabels = map[string]string{
	"cp_kind": "Contact point", "cp_name": "Contact point's name", "cp_role": "Contact point's role",
	"cp_email": "Contact point's e-mail", "cp_phone": "Contact point's phone", "cp_url": "Contact point's web page",
	"cp_agreed": "They agreed to be published", "cp_agreed_date": "The day they agreed",
}

var contactPointPaths = map[string]string{
	"contact_point": "cp_kind", "contact_point.kind": "cp_kind", "contact_point.name": "cp_name",
	"contact_point.role": "cp_role", "contact_point.email": "cp_email", "contact_point.phone": "cp_phone",
	"contact_point.url": "cp_url", "contact_point.agreed_date": "cp_agreed_date",
}

// The city profile and practice forms have the section: their specs place
// the node's word on a contact point next to its input.
func init() {
	for _, s := range []*formSpec{&citySpec, &practiceSpec} {
		for k, v := range contactPointLabels {
			s.labels[k] = v
		}
		for k, v := range contactPointPaths {
			s.paths[k] = v
		}
	}
}

// contactPointChoice is one kind a contact point may be, for the radios.
type contactPointChoice struct {
	Value, Label, Hint string
}

// contactPointChoices are None, a mailbox and a named person, in the
// reader's language.
func contactPointChoices(tr *i18n.Translator) []contactPointChoice {
	return []contactPointChoice{
		{Value: contactPointNone, Label: tr.T("None"), Hint: tr.T("Publish no contact point.")},
		{Value: record.ShortName(hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX), Label: tr.T("A functional mailbox"),
			Hint: tr.T("An address of the unit, such as folkhalsa@malmo.se, answered by whoever holds the role. It names nobody.")},
		{Value: record.ShortName(hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON), Label: tr.T("A named person who agreed"),
			Hint: tr.T("Only with their agreement: their name and address are published with the record.")},
	}
}

// readContactPoint reads the section: nil for None (or a form without
// it). Only what the form alone knows is checked here: fields filled in
// under None, and a named person whose agreement box is not ticked; the
// rest is the node's to judge. now dates an agreement ticked without a
// day.
func readContactPoint(f *webui.Form, s formSpec, tr *i18n.Translator, now time.Time) *hcnetv1.ContactPoint {
	cp := &hcnetv1.ContactPoint{
		Name:  strings.TrimSpace(f.Get("cp_name")),
		Role:  strings.TrimSpace(f.Get("cp_role")),
		Email: strings.TrimSpace(f.Get("cp_email")),
		Phone: strings.TrimSpace(f.Get("cp_phone")),
		Url:   strings.TrimSpace(f.Get("cp_url")),
	}
	filled := cp.Name != "" || cp.Role != "" || cp.Email != "" || cp.Phone != "" || cp.Url != ""
	kind := f.Get("cp_kind")
	if kind == "" || kind == contactPointNone {
		if filled {
			f.Add("cp_kind", s.label("cp_kind"), tr.T("say what the contact point is, a functional mailbox or a named person who agreed; or empty its fields to publish none"))
		}
		return nil
	}
	cp.Kind = enumField[hcnetv1.ContactPointKind](f, "cp_kind", s)
	if cp.Kind == hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON {
		if f.Get("cp_agreed") == "" {
			f.Add("cp_agreed", s.label("cp_agreed"), tr.T("a named person is published only once they agreed: tick the box when they have, or publish a functional mailbox instead"))
			return cp
		}
		cp.AgreedDate = strings.TrimSpace(f.Get("cp_agreed_date"))
		if cp.AgreedDate == "" {
			cp.AgreedDate = now.Format(time.DateOnly)
		}
	}
	return cp
}

// contactPointValues fills the section from a stored contact point.
func contactPointValues(v url.Values, cp *hcnetv1.ContactPoint) {
	if cp == nil {
		v.Set("cp_kind", contactPointNone)
		return
	}
	v.Set("cp_kind", record.ShortName(cp.GetKind()))
	v.Set("cp_name", cp.GetName())
	v.Set("cp_role", cp.GetRole())
	v.Set("cp_email", cp.GetEmail())
	v.Set("cp_phone", cp.GetPhone())
	v.Set("cp_url", cp.GetUrl())
	if cp.GetAgreedDate() != "" {
		v.Set("cp_agreed", "yes")
		v.Set("cp_agreed_date", cp.GetAgreedDate())
	}
}

// contactPointItems are the lines a record's page shows of its contact
// point, none when it has none.
func contactPointItems(tr *i18n.Translator, cp *hcnetv1.ContactPoint) []link {
	if cp == nil {
		return nil
	}
	who := tr.T("Functional mailbox")
	if cp.GetKind() == hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON {
		who = tr.T("Named person, agreed on {{.Date}}", "Date", cp.GetAgreedDate())
	}
	line := who
	if names := nonEmpty(cp.GetName(), cp.GetRole()); len(names) > 0 {
		line = strings.Join(names, ", ") + " (" + who + ")"
	}
	out := []link{{Text: line}}
	if e := cp.GetEmail(); e != "" {
		out = append(out, link{Text: e, Href: mailto(e)})
	}
	if p := cp.GetPhone(); p != "" {
		out = append(out, link{Text: p})
	}
	if u := cp.GetUrl(); u != "" {
		out = append(out, link{Text: u, Href: u})
	}
	return out
}

func nonEmpty(items ...string) []string {
	var out []string
	for _, s := range items {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
