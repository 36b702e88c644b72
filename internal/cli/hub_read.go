package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/encoding/protojson"
)

type searchHit = hcnetv1.SearchHit

var searchHitColumns = []column[*searchHit]{
	{name: "city", value: func(h *searchHit) string { return h.GetCountry() + "/" + h.GetCityId() }},
	{name: "kind", value: (*searchHit).GetKind},
	{name: "id", value: (*searchHit).GetId},
	{name: "title", value: (*searchHit).GetTitle},
	{name: "languages", value: func(h *searchHit) string { return strings.Join(h.GetLanguages(), ", ") }},
	{name: "snippet", value: (*searchHit).GetSnippet},
}

func (a *app) hubSearchCommand() *cobra.Command {
	var (
		sdg                           []int32
		mechanisms, sectors, settings []string
		countries, cities, kinds      []string
		pageSize                      int32
		pageToken                     string
	)
	cmd := &cobra.Command{
		Use:   "search [QUERY ...] [flags]",
		Short: "Search the practices member cities share, in every language",
		Long: `Search what member cities share. The words are matched in every language,
diacritics folded ("malmo" finds "Malmö"); the query syntax is FTS5's:
words (all required), "a phrase", prefix*, AND, OR, NOT, and title: to look
in titles only. Put a word with a hyphen in double quotes ("covid-19").
Without a query, everything that matches the filters is listed, newest first.
Practices are searched unless --kind says otherwise. -o json adds the facet
counts (sdg, mechanism, sector, setting, country, city, kind).`,
		Example: `  hcctl hub search green roofs
  hcctl hub search '"meeting places" OR mötesplats*' --sdg 3 --setting communities
  hcctl hub search --country se --kind partnership -o json`,
	}
	fs := cmd.Flags()
	fs.Int32SliceVar(&sdg, "sdg", nil, "only records tagged with one of these SDG goals (1-17)")
	fs.StringSliceVar(&mechanisms, "mechanism", nil, "only records using one of these key mechanisms")
	fs.StringSliceVar(&sectors, "sector", nil, "only records of one of these sectors")
	fs.StringSliceVar(&settings, "setting", nil, "only records in one of these settings")
	fs.StringSliceVar(&countries, "country", nil, "only records from these countries (se, fi ...)")
	fs.StringSliceVar(&cities, "city", nil, "only records from these cities (city ids: malmo ...)")
	fs.StringSliceVar(&kinds, "kind", nil, "kinds of record (practice, partnership, plan, indicator, success, city, endorsement); default practice")
	fs.Int32Var(&pageSize, "page-size", 0, "hits per page, at most 100 (default 20)")
	fs.StringVar(&pageToken, "page-token", "", "the page to show, from a previous search")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		f := &hcnetv1.SearchFilter{SdgGoals: sdg, Countries: countries, Cities: cities, Kinds: kinds}
		var err error
		var problems []string
		try := func(flag string, err error) {
			if err != nil {
				problems = append(problems, "--"+flag+": "+err.Error())
			}
		}
		f.Mechanisms, err = record.ParseEnums[hcnetv1.Mechanism](mechanisms)
		try("mechanism", err)
		f.Sectors, err = record.ParseEnums[hcnetv1.Sector](sectors)
		try("sector", err)
		f.Settings, err = record.ParseEnums[hcnetv1.Setting](settings)
		try("setting", err)
		if len(problems) > 0 {
			return usagef("%s", strings.Join(problems, "\n"))
		}
		req := &hcnetv1.SearchPracticesRequest{Query: hubArgs(args), Filter: f, PageSize: pageSize, PageToken: pageToken}
		return a.withHub(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
			resp, err := c.SearchPractices(ctx, req)
			if err != nil {
				return wrapOp(err, "search", hubFlagOf)
			}
			if err := printList(a, resp, resp.GetHits(), searchHitColumns); err != nil {
				return err
			}
			if a.g.output == formatTable {
				total := plural(int(resp.GetTotalSize()), "result", "results")
				if resp.GetTotalSizeIsLowerBound() {
					total = "at least " + total
				}
				if n := resp.GetRankedSize(); n > 0 {
					total += fmt.Sprintf(" (ranked among the newest %d; narrow the search to reach older ones)", n)
				}
				fmt.Fprintln(a.env.Stderr, total)
				if next := resp.GetNextPageToken(); next != "" {
					fmt.Fprintf(a.env.Stderr, "more results: run again with --page-token %s\n", next)
				}
			}
			return nil
		})
	}
	for name, values := range map[string][]string{
		"sector":    record.ShortNames(hcnetv1.Sector(0).Descriptor()),
		"mechanism": record.ShortNames(hcnetv1.Mechanism(0).Descriptor()),
		"setting":   record.ShortNames(hcnetv1.Setting(0).Descriptor()),
	} {
		_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	}
	return cmd
}

// searchFlags names the flag behind each field a search can be refused
// for ("filter.settings[0]" → --setting).
var searchFlags = map[string]string{
	"filter.sdg_goals": "--sdg", "filter.mechanisms": "--mechanism", "filter.sectors": "--sector",
	"filter.settings": "--setting", "filter.countries": "--country", "filter.cities": "--city",
	"filter.kinds": "--kind", "page_size": "--page-size", "page_token": "--page-token",
}

func hubFlagOf(path string) string { return searchFlags[stripIndexes(path)] }

type hubRecord = hcnetv1.HubRecord

var hubRecordColumns = []column[*hubRecord]{
	{name: "city", value: func(r *hubRecord) string { return r.GetCountry() + "/" + r.GetCityId() }},
	{name: "kind", value: (*hubRecord).GetKind},
	{name: "id", value: (*hubRecord).GetId},
	{name: "version", value: func(r *hubRecord) string { return versionCell(r.GetVersion()) }},
	{name: "visibility", value: func(r *hubRecord) string { return record.ShortName(r.GetVisibility()) }},
	{name: "signed", value: func(r *hubRecord) string { return timeCell(r.GetSignTime()) }},
	{name: "arrived", value: func(r *hubRecord) string { return timeCell(r.GetArriveTime()) }},
	{name: "path", value: func(r *hubRecord) string {
		width := 0
		for _, h := range r.GetPath() {
			width = max(width, len(h.GetAt()))
		}
		lines := make([]string, len(r.GetPath()))
		for i, h := range r.GetPath() {
			lines[i] = fmt.Sprintf("%-*s  %s", width, h.GetAt(), timeCell(h.GetTime()))
		}
		return strings.Join(lines, "\n")
	}},
	{name: "record", value: func(r *hubRecord) string {
		b, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(r.GetRecord())
		if err != nil {
			return err.Error()
		}
		return string(b)
	}},
}

type hubGot = hcnetv1.GetRecordResponse

// hubGetColumns are a record's columns with, before the record itself,
// what the hub knows around it: a success's endorsements by the partner
// cities it names, a practice's origin and adoptions.
var hubGetColumns = func() []column[*hubGot] {
	var out []column[*hubGot]
	for _, c := range hubRecordColumns {
		if c.name == "record" {
			out = append(out, linkColumns...)
		}
		out = append(out, column[*hubGot]{name: c.name, value: func(g *hubGot) string { return c.value(g.GetRecord()) }})
	}
	return out
}()

var linkColumns = []column[*hubGot]{
	{name: "partner cities", value: func(g *hubGot) string { return strings.Join(g.GetEndorsements().GetPartnerCities(), ", ") }},
	{name: "endorsed by", value: func(g *hubGot) string { return strings.Join(g.GetEndorsements().GetEndorsedBy(), ", ") }},
	{name: "mutual", value: func(g *hubGot) string {
		e := g.GetEndorsements()
		switch {
		case e == nil:
			return ""
		case e.GetMutual():
			return "yes: every partner city endorsed it"
		case len(e.GetPartnerCities()) == 0:
			return "no: it names no partner city"
		}
		return fmt.Sprintf("no: %d of %d partner cities endorsed it", len(e.GetEndorsedBy()), len(e.GetPartnerCities()))
	}},
	{name: "adopted from", value: func(g *hubGot) string {
		if h := g.GetAdoptedFrom(); h != nil {
			return hitLine(h)
		}
		return ""
	}},
	{name: "adoptions", value: func(g *hubGot) string {
		lines := make([]string, len(g.GetAdoptions()))
		for i, h := range g.GetAdoptions() {
			lines[i] = hitLine(h)
		}
		return strings.Join(lines, "\n")
	}},
}

// hitLine names a record found elsewhere: se/lund/ID "Title".
func hitLine(h *searchHit) string {
	return h.GetCountry() + "/" + h.GetCityId() + "/" + h.GetId() + " " + strconv.Quote(h.GetTitle())
}

func (a *app) hubGetCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "get ID",
		Short: "Show one shared record with its origin, path, endorsements and adoptions",
		Long: `Show one shared record as the hub holds it, with the path it came (the
city, then each hub, with the time of each hop). ID is the record id, or
COUNTRY/CITY/ID when several cities use the id (city profiles).

For a success: the partner cities it names, which of them have endorsed
it at this hub, and whether it is mutual (every one has). For a practice:
the practice it was adopted from, when this hub holds it, and the
practices adopted from it. -o json includes the signed envelope, for
anyone who wants to verify it.`,
		Example: `  hcctl hub get $PRACTICE_ID
  hcctl hub get se/malmo/malmo -o json`,
		Args: idArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withHub(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: args[0]})
				if err != nil {
					return wrapOp(err, "get "+args[0], nil)
				}
				return printOne(a, resp, resp, hubGetColumns)
			})
		},
	}
}

func (a *app) hubStatsCommand() *cobra.Command {
	var city, country string
	cmd := &cobra.Command{
		Use:   "stats [--city ID --country CC]",
		Short: "Count what the network, or one city, shares",
		Long: `Count what the member cities share: cities, partnerships (by level, sector,
mechanism and status), plans, adopted plans, indicators, practices and
successes (by SDG goal), mutual successes (endorsed by every partner
city they name), and how far each indicator has come from its
baseline (0) to its target (1), from its latest whole-city measurement.`,
		Example: `  hcctl hub stats
  hcctl hub stats --city malmo --country se -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withHub(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.GetStats(ctx, &hcnetv1.GetStatsRequest{CityId: city, Country: country})
				if err != nil {
					return wrapOp(err, "stats", func(p string) string { return map[string]string{"city_id": "--city", "country": "--country"}[p] })
				}
				return a.printStats(resp)
			})
		},
	}
	cmd.Flags().StringVar(&city, "city", "", "one city's id (with --country)")
	cmd.Flags().StringVar(&country, "country", "", "the city's country code (with --city)")
	return cmd
}

// statRow is one line of the stats table.
type statRow struct{ name, value string }

func (a *app) printStats(s *hcnetv1.GetStatsResponse) error {
	counts := func(cs []*hcnetv1.FacetCount) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = c.GetValue() + "=" + strconv.FormatInt(c.GetCount(), 10)
		}
		return strings.Join(parts, ", ")
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	rows := []statRow{
		{"cities", n(s.GetCities())}, {"partnerships", n(s.GetPartnerships())}, {"plans", n(s.GetPlans())},
		{"adopted plans", n(s.GetAdoptedPlans())}, {"indicators", n(s.GetIndicators())},
		{"practices", n(s.GetPractices())}, {"successes", n(s.GetSuccesses())}, {"mutual successes", n(s.GetMutualSuccesses())},
	}
	for _, b := range s.GetPartnershipsBy() {
		rows = append(rows, statRow{"partnerships by " + b.GetName(), counts(b.GetCounts())})
	}
	rows = append(rows, statRow{"practices by sdg", counts(s.GetPracticesBySdg())}, statRow{"successes by sdg", counts(s.GetSuccessesBySdg())},
		statRow{"mean progress", strconv.FormatFloat(s.GetMeanProgress(), 'f', 2, 64)})
	for _, ip := range s.GetIndicatorsProgress() {
		v := "not measured"
		if ip.GetLatestDate() != "" {
			v = fmt.Sprintf("%.2f (baseline %g, target %g, latest %g%s on %s)", ip.GetProgress(), ip.GetBaseline(), ip.GetTarget(), ip.GetLatest(), ip.GetUnit(), ip.GetLatestDate())
		}
		rows = append(rows, statRow{"progress " + ip.GetCountry() + "/" + ip.GetCityId() + " " + ip.GetName(), v})
	}
	cols := []column[statRow]{{name: "statistic", value: func(r statRow) string { return r.name }}, {name: "value", value: func(r statRow) string { return r.value }}}
	if a.g.output == formatTable {
		// Breakdowns are long; a table cell would cut them.
		tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
		for _, r := range rows {
			fmt.Fprintf(tw, "%s:\t%s\n", r.name, r.value)
		}
		return tw.Flush()
	}
	return printList(a, s, rows, cols)
}

type partnerCandidate = hcnetv1.PartnerCandidate

var partnerCandidateColumns = []column[*partnerCandidate]{
	{name: "city", value: func(c *partnerCandidate) string { return c.GetCountry() + "/" + c.GetCityId() }},
	{name: "name", value: (*partnerCandidate).GetName},
	{name: "score", value: func(c *partnerCandidate) string { return strconv.FormatFloat(c.GetScore(), 'f', 2, 64) }},
	{name: "evidence", value: func(c *partnerCandidate) string {
		parts := make([]string, len(c.GetEvidence()))
		for i, e := range c.GetEvidence() {
			parts[i] = e.GetKind() + " " + e.GetId() + " " + strconv.Quote(e.GetTitle())
		}
		return strings.Join(parts, "; ")
	}},
}

func (a *app) hubFindPartnersCommand() *cobra.Command {
	var topic, setting string
	var sdg, limit int32
	cmd := &cobra.Command{
		Use:   "find-partners [--topic T] [--sdg N] [--setting S] [--limit N]",
		Short: "Find member cities that work on a topic, an SDG goal or a setting",
		Long: `Rank member cities by how much recent work they share on what you ask:
practices and successes count more than partnerships, better text matches
and newer records more than weaker and older ones. Give at least one of
--topic (matched like a search query), --sdg and --setting.`,
		Example: `  hcctl hub find-partners --topic loneliness
  hcctl hub find-partners --sdg 3 --setting schools --limit 5 -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := record.ParseEnum[hcnetv1.Setting](setting)
			if err != nil {
				return usagef("--setting: %v", err)
			}
			req := &hcnetv1.FindPartnersRequest{Topic: topic, SdgGoal: sdg, Setting: st, Limit: limit}
			return a.withHub(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.FindPartners(ctx, req)
				if err != nil {
					return wrapOp(err, "find partners", func(p string) string {
						return map[string]string{"topic": "--topic", "sdg_goal": "--sdg", "setting": "--setting", "limit": "--limit"}[p]
					})
				}
				return printList(a, resp, resp.GetCandidates(), partnerCandidateColumns)
			})
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&topic, "topic", "", "what partners should work on, matched like a search query")
	fs.Int32Var(&sdg, "sdg", 0, "an SDG goal (1-17) they work on")
	fs.StringVar(&setting, "setting", "", "a setting they work in (schools, workplaces ...)")
	fs.Int32Var(&limit, "limit", 0, "how many cities, at most 100 (default 10)")
	_ = cmd.RegisterFlagCompletionFunc("setting", cobra.FixedCompletions(record.ShortNames(hcnetv1.Setting(0).Descriptor()), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
