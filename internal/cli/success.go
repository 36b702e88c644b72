package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

type success = hcnetv1.Success

var successKind = &kind[*success]{
	name: "success", plural: "successes", field: "success",
	newRecord: func() *success { return &success{} },
	columns: []column[*success]{
		{name: "id", value: (*success).GetId},
		{name: "title", value: (*success).GetTitle},
		{name: "partnership", value: (*success).GetPartnershipId},
		{name: "date", value: (*success).GetDate},
		{name: "partner cities", value: func(s *success) string { return citiesCell(s.GetPartnerCities(), ", ") }},
		{name: "visibility", value: func(s *success) string { return record.ShortName(s.GetVisibility()) }},
		{name: "outcome", value: (*success).GetOutcome, detail: true},
		{name: "sdg", value: func(s *success) string { return sdgCell(s.GetSdg()) }, detail: true},
		{name: "version", value: func(s *success) string { return versionCell(s.GetVersion()) }, detail: true},
		{name: "updated", value: func(s *success) string { return timeCell(s.GetUpdateTime()) }, detail: true},
	},
	bind: bindSuccess,
	addLong: `
--partner-city COUNTRY/CITY_ID[/NAME] names a partner city that shares the
success and is asked to endorse it; repeat it for each city
("se/lund/Lund"). When every city named has endorsed it, the success is
mutual.`,
	addExample: `  hcctl success add --title "Loneliness down by a third in Rosengård" \
      --partnership-id $PARTNERSHIP_ID --outcome "..." --date 2025-11-30 --visibility public \
      --partner-city se/lund/Lund --partner-city dk/kobenhavn/København --sdg-target 3.4`,
	updateExample: `  hcctl success update $SUCCESS_ID --visibility public`,
	listExample:   `  hcctl success list --sdg 3`,

	get: func(ctx context.Context, c client, id string) (proto.Message, *success, error) {
		r, err := c.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id})
		return r, r.GetSuccess(), err
	},
	create: func(ctx context.Context, c client, m *success) (proto.Message, *success, error) {
		r, err := c.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: m})
		return r, r.GetSuccess(), err
	},
	update: func(ctx context.Context, c client, m *success, mask *fieldmaskpb.FieldMask) (proto.Message, *success, error) {
		r, err := c.UpdateSuccess(ctx, &hcnetv1.UpdateSuccessRequest{Success: m, UpdateMask: mask})
		return r, r.GetSuccess(), err
	},
	remove: func(ctx context.Context, c client, id string, version int64) (proto.Message, error) {
		return c.DeleteSuccess(ctx, &hcnetv1.DeleteSuccessRequest{Id: id, Version: version})
	},
	list: func(ctx context.Context, c client, r *listRequest) (proto.Message, []*success, string, error) {
		resp, err := c.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{PageSize: r.q.pageSize, PageToken: r.q.pageToken, Filter: r.filter})
		return resp, resp.GetSuccesses(), resp.GetNextPageToken(), err
	},
}

func bindSuccess(f *fields[*success]) {
	f.str("title", "title", "what was achieved, in a line", func(s *success, v string) { s.Title = v })
	f.str("partnership-id", "partnership_id", "the partnership the success belongs to", func(s *success, v string) { s.PartnershipId = v })
	f.str("outcome", "outcome", "the outcome, with numbers where there are some", func(s *success, v string) { s.Outcome = v })
	f.str("date", "date", "date the success was reached, YYYY-MM-DD", func(s *success, v string) { s.Date = v })
	cities := f.cmd.Flags().StringArray("partner-city", nil, "partner city sharing the success, as COUNTRY/CITY_ID[/NAME] (repeat for each; replaces the list)")
	f.add("partner_cities", func(s *success) error {
		refs, err := parseCityRefs(*cities)
		if err != nil {
			return err
		}
		s.PartnerCities = refs
		return nil
	}, "partner-city")
	sdgFlags(f, "sdg", func(s *success) **hcnetv1.SdgTags { return &s.Sdg })
	visibilityFlag(f, func(s *success, v hcnetv1.Visibility) { s.Visibility = v })
}

func parseCityRefs(values []string) ([]*hcnetv1.CityRef, error) {
	var out []*hcnetv1.CityRef
	for _, v := range values {
		parts := strings.SplitN(v, "/", 3)
		if len(parts) < 2 {
			return nil, fmt.Errorf("%q: want COUNTRY/CITY_ID[/NAME]", v)
		}
		parts = append(parts, "")
		out = append(out, &hcnetv1.CityRef{
			Country: strings.ToLower(strings.TrimSpace(parts[0])),
			CityId:  strings.TrimSpace(parts[1]),
			Name:    strings.TrimSpace(parts[2]),
		})
	}
	return out, nil
}

func citiesCell(refs []*hcnetv1.CityRef, sep string) string {
	items := make([]string, len(refs))
	for i, r := range refs {
		items[i] = r.GetCountry() + "/" + r.GetCityId()
	}
	return strings.Join(items, sep)
}

// endorseCommand is "success endorse": this city endorses a success that
// another city recorded and that names it.
func (a *app) endorseCommand() *cobra.Command {
	var city, country, id string
	e := &hcnetv1.Endorsement{}
	var visibility string
	cmd := &cobra.Command{
		Use:   "endorse --city ID --country CC --success ID [flags]",
		Short: "Endorse another city's success that names this city",
		Long: "Endorse a success another city recorded and that names this city as a\n" +
			"partner. When every city it names has endorsed it, the success is mutual.",
		Example: `  hcctl success endorse --city lund --country se --success 01JB6Q8Z3V4W5X6Y7Z8A9B0C1D \
      --statement "Malmö took part from the start and confirms the result" --visibility public`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v, err := record.ParseEnum[hcnetv1.Visibility](visibility)
			if err != nil {
				return usagef("--visibility: %v", err)
			}
			e.Visibility = v
			e.Success = &hcnetv1.SuccessRef{CityId: city, Country: strings.ToLower(country), SuccessId: id}
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := c.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: e})
			if err != nil {
				return wrapOp(err, "endorse success "+id, endorseFlagOf)
			}
			return printOne(a, resp, resp.GetEndorsement(), endorsementKind.columns)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&city, "city", "", "id of the city that recorded the success (required)")
	fs.StringVar(&country, "country", "", "that city's country, ISO 3166 alpha-2 (required)")
	fs.StringVar(&id, "success", "", "id of the success (required)")
	fs.StringVar(&e.Statement, "statement", "", "what this city says about the success")
	fs.StringVar(&e.Date, "date", "", "date of the endorsement, YYYY-MM-DD")
	fs.StringVar(&visibility, "visibility", "", "how far the endorsement may travel (private, network, public)")
	for _, name := range []string{"city", "country", "success"} {
		_ = cmd.MarkFlagRequired(name)
	}
	return cmd
}

func endorseFlagOf(path string) string {
	for field, flag := range map[string]string{
		"success.city_id": "--city", "success.country": "--country", "success.success_id": "--success",
		"statement": "--statement", "date": "--date", "visibility": "--visibility",
	} {
		if strings.TrimPrefix(path, "endorsement.") == field {
			return flag
		}
	}
	return ""
}

func (a *app) successCommand() *cobra.Command {
	cmd := group("success", "Record successes of partnerships and endorse others'",
		"A success of a partnership names the partner cities that share it; each of\n"+
			"them endorses it, and when all have, the success is mutual.")
	cmd.AddCommand(crudCommands(a, successKind)...)
	cmd.AddCommand(a.endorseCommand())
	return cmd
}
