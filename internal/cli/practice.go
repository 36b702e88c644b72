package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

type practice = hcnetv1.Practice

const practiceFlagsHelp = `
A practice is written in one or more languages. Each run sets the text of one
language: --lang names it (a BCP 47 tag: sv, en, fi ...) and --title,
--summary and --body (or --body-file FILE, "-" for standard input) give the
text. To add a translation, run update again with another --lang; the other
languages stay. --remove-lang drops a language. On add the first language is
the original one unless --original-language says otherwise; on update --lang
defaults to the original language.

--contact "NAME|ROLE|EMAIL|PHONE" names a person to ask (private: never shared).
--contact-point-* publish one contact with the practice instead: a functional
mailbox (--contact-point-kind mailbox) or a named person who agreed
(--contact-point-kind person --contact-point-agreed YYYY-MM-DD).
--adopted-from COUNTRY/CITY/PRACTICE_ID links to the practice this one was
adopted from ("se/malmo/01JB6Q8Z3V4W5X6Y7Z8A9B0C1D").`

var practiceKind = &kind[*practice]{
	name: "practice", plural: "practices", field: "practice",
	newRecord: func() *practice { return &practice{} },
	columns: []column[*practice]{
		{name: "id", value: (*practice).GetId},
		{name: "title", value: func(p *practice) string { return practiceText(p).GetTitle() }},
		{name: "status", value: func(p *practice) string { return record.ShortName(p.GetStatus()) }},
		{name: "languages", value: func(p *practice) string { return strings.Join(languages(p), ", ") }},
		{name: "sectors", value: func(p *practice) string { return joinEnums(p.GetSectors()) }},
		{name: "visibility", value: func(p *practice) string { return record.ShortName(p.GetVisibility()) }},
		{name: "summary", value: func(p *practice) string { return practiceText(p).GetSummary() }, detail: true},
		{name: "problem", value: (*practice).GetProblem, detail: true},
		{name: "context", value: (*practice).GetContext, detail: true},
		{name: "partners", value: func(p *practice) string { return strings.Join(p.GetPartners(), "\n") }, detail: true},
		{name: "activities", value: (*practice).GetActivities, detail: true},
		{name: "resources", value: (*practice).GetResources, detail: true},
		{name: "results", value: (*practice).GetResults, detail: true},
		{name: "indicators", value: func(p *practice) string { return strings.Join(p.GetIndicatorIds(), ", ") }, detail: true},
		{name: "lessons learnt", value: (*practice).GetLessonsLearnt, detail: true},
		{name: "transfer notes", value: (*practice).GetTransferNotes, detail: true},
		{name: "evidence", value: (*practice).GetEvidence, detail: true},
		{name: "contacts", value: func(p *practice) string {
			lines := make([]string, len(p.GetContacts()))
			for i, c := range p.GetContacts() {
				lines[i] = contactCell(c)
			}
			return strings.Join(lines, "\n")
		}, detail: true},
		{name: "contact point", value: func(p *practice) string { return contactPointCell(p.GetContactPoint()) }, detail: true},
		{name: "licence", value: (*practice).GetLicence, detail: true},
		{name: "adopted from", value: func(p *practice) string { return refCell(p.GetAdoptedFrom()) }, detail: true},
		{name: "settings", value: func(p *practice) string { return joinEnums(p.GetSettings()) }, detail: true},
		{name: "mechanisms", value: func(p *practice) string { return joinEnums(p.GetMechanisms()) }, detail: true},
		{name: "sdg", value: func(p *practice) string { return sdgCell(p.GetSdg()) }, detail: true},
		{name: "six ps", value: func(p *practice) string { return joinEnums(p.GetSixPs()) }, detail: true},
		{name: "equity groups", value: func(p *practice) string { return strings.Join(p.GetEquityGroups(), ", ") }, detail: true},
		{name: "partnerships", value: func(p *practice) string { return strings.Join(p.GetPartnershipIds(), ", ") }, detail: true},
		{name: "version", value: func(p *practice) string { return versionCell(p.GetVersion()) }, detail: true},
		{name: "updated", value: func(p *practice) string { return timeCell(p.GetUpdateTime()) }, detail: true},
	},
	bind:       bindPractice,
	addLong:    practiceFlagsHelp,
	updateLong: practiceFlagsHelp,
	addExample: `  hcctl practice add --lang sv --title "Mötesplatser för äldre" \
      --summary "Träffpunkter i varje stadsdel mot ofrivillig ensamhet" --body-file text.md \
      --status ongoing --sector health --setting communities --sdg-target 3.4 --licence CC-BY-4.0 \
      --visibility public`,
	updateExample: `  hcctl practice update $PRACTICE_ID --lang en --title "Meeting places for older people" \
      --summary "Meeting points in every district against involuntary loneliness"`,
	listExample: `  hcctl practice list --query ensamhet
  hcctl practice list --sdg 3 --visibility public -o json`,

	get: func(ctx context.Context, c client, id string) (proto.Message, *practice, error) {
		r, err := c.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
		return r, r.GetPractice(), err
	},
	create: func(ctx context.Context, c client, m *practice) (proto.Message, *practice, error) {
		r, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: m})
		return r, r.GetPractice(), err
	},
	update: func(ctx context.Context, c client, m *practice, mask *fieldmaskpb.FieldMask) (proto.Message, *practice, error) {
		r, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: m, UpdateMask: mask})
		return r, r.GetPractice(), err
	},
	remove: func(ctx context.Context, c client, id string, version int64) (proto.Message, error) {
		return c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: id, Version: version})
	},
	list: func(ctx context.Context, c client, r *listRequest) (proto.Message, []*practice, string, error) {
		resp, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{PageSize: r.q.pageSize, PageToken: r.q.pageToken, Filter: r.filter})
		return resp, resp.GetPractices(), resp.GetNextPageToken(), err
	},
}

func bindPractice(f *fields[*practice]) {
	bindPracticeTexts(f)
	f.str("original-language", "original_language", "language the practice was first written in", func(p *practice, v string) { p.OriginalLanguage = v })
	enumFlag(f, "status", "status", "whether the practice is still running", func(p *practice, v hcnetv1.PracticeStatus) { p.Status = v })
	visibilityFlag(f, func(p *practice, v hcnetv1.Visibility) { p.Visibility = v })
	f.str("problem", "problem", "the problem, or hot local issue, the practice answers", func(p *practice, v string) { p.Problem = v })
	f.str("context", "context", "the local context", func(p *practice, v string) { p.Context = v })
	f.texts("partner", "partners", "partner as shown to others, organisation and role", func(p *practice, v []string) { p.Partners = v })
	f.str("activities", "activities", "what was done", func(p *practice, v string) { p.Activities = v })
	f.str("resources", "resources", "people, money and premises it took", func(p *practice, v string) { p.Resources = v })
	f.str("results", "results", "what came of it", func(p *practice, v string) { p.Results = v })
	f.codes("indicator-id", "indicator_ids", "indicator that shows the results", func(p *practice, v []string) error { p.IndicatorIds = trimAll(v); return nil })
	f.str("lessons-learnt", "lessons_learnt", "lessons learnt", func(p *practice, v string) { p.LessonsLearnt = v })
	f.str("transfer-notes", "transfer_notes", "what another city must adapt", func(p *practice, v string) { p.TransferNotes = v })
	f.str("evidence", "evidence", "evidence of effect", func(p *practice, v string) { p.Evidence = v })
	contacts := f.cmd.Flags().StringArray("contact", nil, `person to ask, as "NAME|ROLE|EMAIL|PHONE" (repeat for each; replaces the list)`)
	f.add("contacts", func(p *practice) error {
		p.Contacts = nil
		for _, c := range *contacts {
			parts := strings.Split(c, "|")
			if len(parts) > 4 {
				return fmt.Errorf("%q: want NAME|ROLE|EMAIL|PHONE", c)
			}
			parts = append(parts, make([]string, 4-len(parts))...)
			parts = trimEach(parts)
			p.Contacts = append(p.Contacts, &hcnetv1.Contact{Name: parts[0], Role: parts[1], Email: parts[2], Phone: parts[3]})
		}
		return nil
	}, "contact")
	contactPointFlags(f, func(p *practice) **hcnetv1.ContactPoint { return &p.ContactPoint })
	f.str("licence", "licence", `licence it is shared under ("CC-BY-4.0")`, func(p *practice, v string) { p.Licence = v })
	f.parsed("adopted-from", "adopted_from", "practice this one was adopted from, as COUNTRY/CITY/PRACTICE_ID", func(p *practice, v string) error {
		if v == "" {
			p.AdoptedFrom = nil
			return nil
		}
		parts := strings.Split(v, "/")
		if len(parts) != 3 {
			return fmt.Errorf("%q: want COUNTRY/CITY/PRACTICE_ID", v)
		}
		parts = trimEach(parts)
		p.AdoptedFrom = &hcnetv1.PracticeRef{Country: parts[0], CityId: parts[1], PracticeId: parts[2]}
		return nil
	})
	enumsFlag(f, "sector", "sectors", "sector", func(p *practice, v []hcnetv1.Sector) { p.Sectors = v })
	enumsFlag(f, "setting", "settings", "setting", func(p *practice, v []hcnetv1.Setting) { p.Settings = v })
	enumsFlag(f, "mechanism", "mechanisms", "key mechanism", func(p *practice, v []hcnetv1.Mechanism) { p.Mechanisms = v })
	sdgFlags(f, "sdg", func(p *practice) **hcnetv1.SdgTags { return &p.Sdg })
	enumsFlag(f, "six-p", "six_ps", "one of the 6 Ps", func(p *practice, v []hcnetv1.SixP) { p.SixPs = v })
	f.texts("equity-group", "equity_groups", "group the practice reaches", func(p *practice, v []string) { p.EquityGroups = v })
	f.codes("partnership-id", "partnership_ids", "partnership the practice came out of", func(p *practice, v []string) error { p.PartnershipIds = trimAll(v); return nil })
}

// bindPracticeTexts binds the flags that write one language's text. They
// act together: --lang says which entry of texts --title, --summary and
// --body change.
func bindPracticeTexts(f *fields[*practice]) {
	fs := f.cmd.Flags()
	lang := fs.String("lang", "", "language of --title, --summary and --body (sv, en, ...)")
	title := fs.String("title", "", "title in --lang")
	summary := fs.String("summary", "", "summary in --lang")
	body := fs.String("body", "", "full text in --lang")
	bodyFile := fs.String("body-file", "", `read the full text from a file ("-": standard input)`)
	remove := fs.StringSlice("remove-lang", nil, "drop the text in these languages")
	f.cmd.MarkFlagsMutuallyExclusive("body", "body-file")
	f.add("texts", func(p *practice) error {
		if p.Texts == nil {
			p.Texts = map[string]*hcnetv1.PracticeText{}
		}
		for _, l := range *remove {
			delete(p.Texts, strings.TrimSpace(l))
		}
		if !f.changed([]string{"title", "summary", "body", "body-file"}) {
			return nil
		}
		tag := strings.TrimSpace(*lang)
		if tag == "" {
			tag = p.GetOriginalLanguage()
		}
		if tag == "" {
			return fmt.Errorf("say which language the text is in with --lang")
		}
		t := p.Texts[tag]
		if t == nil {
			t = &hcnetv1.PracticeText{}
			p.Texts[tag] = t
		}
		if fs.Changed("title") {
			t.Title = *title
		}
		if fs.Changed("summary") {
			t.Summary = *summary
		}
		if fs.Changed("body") {
			t.Body = *body
		}
		if fs.Changed("body-file") {
			b, err := readText(f.app, *bodyFile)
			if err != nil {
				return err
			}
			t.Body = b
		}
		if p.OriginalLanguage == "" {
			p.OriginalLanguage = tag
		}
		return nil
	}, "lang", "title", "summary", "body", "body-file", "remove-lang")
}

// readText reads a text flag's file, "-" being standard input.
func readText(a *app, name string) (string, error) {
	if name == "-" {
		b, err := io.ReadAll(a.env.Stdin)
		return string(b), err
	}
	b, err := os.ReadFile(name)
	return string(b), err
}

// practiceText is the text to show in a list: the original language's,
// else the first language's (record.PracticeLanguage).
func practiceText(p *practice) *hcnetv1.PracticeText {
	return p.GetTexts()[record.PracticeLanguage(p, "")]
}

// languages lists the practice's languages, original first.
func languages(p *practice) []string {
	var out []string
	for l := range p.GetTexts() {
		if l != p.GetOriginalLanguage() {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	if _, ok := p.GetTexts()[p.GetOriginalLanguage()]; ok {
		out = append([]string{p.GetOriginalLanguage()}, out...)
	}
	return out
}

func refCell(r *hcnetv1.PracticeRef) string {
	if r == nil {
		return ""
	}
	return r.GetCountry() + "/" + r.GetCityId() + "/" + r.GetPracticeId()
}

func trimEach(items []string) []string {
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
	}
	return items
}

func (a *app) practiceCommand() *cobra.Command {
	cmd := group("practice", "Record good practices other cities can learn from",
		"A good practice (not \"best\") is something another city can learn from: the\n"+
			"problem, context, partners, activities, resources, results with indicators,\n"+
			"lessons learnt and what to adapt when transferring it, in one or more languages.")
	cmd.AddCommand(crudCommands(a, practiceKind)...)
	return cmd
}
