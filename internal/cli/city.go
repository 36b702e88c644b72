package cli

import (
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

type city = hcnetv1.City

var cityColumns = []column[*city]{
	{name: "id", value: (*city).GetId},
	{name: "name", value: (*city).GetName},
	{name: "country", value: (*city).GetCountry},
	{name: "region", value: (*city).GetRegion},
	{name: "population", value: func(c *city) string {
		if c.GetPopulation() == 0 {
			return ""
		}
		return strconv.FormatInt(c.GetPopulation(), 10)
	}},
	{name: "languages", value: func(c *city) string { return strings.Join(c.GetLanguages(), ", ") }},
	{name: "website", value: (*city).GetWebsite},
	{name: "member since", value: func(c *city) string {
		if c.GetMemberSince() == 0 {
			return ""
		}
		return count(int(c.GetMemberSince()))
	}},
	{name: "visibility", value: func(c *city) string { return record.ShortName(c.GetVisibility()) }},
	{name: "description", value: (*city).GetDescription},
	{name: "coordinator", value: func(c *city) string { return contactCell(c.GetCoordinator()) }},
	{name: "contact point", value: func(c *city) string { return contactPointCell(c.GetContactPoint()) }},
	{name: "version", value: func(c *city) string { return versionCell(c.GetVersion()) }},
	{name: "updated", value: func(c *city) string { return timeCell(c.GetUpdateTime()) }},
}

func bindCity(f *fields[*city]) {
	f.str("name", "name", "the city's name", func(c *city, v string) { c.Name = v })
	f.str("region", "region", "region or county", func(c *city, v string) { c.Region = v })
	f.int64("population", "population", "number of residents", func(c *city, v int64) { c.Population = v })
	f.codes("language", "languages", "language the city publishes in (BCP 47: sv, en)", func(c *city, v []string) error {
		c.Languages = trimAll(v)
		return nil
	})
	f.str("website", "website", "web address", func(c *city, v string) { c.Website = v })
	f.str("description", "description", "a few lines about the city", func(c *city, v string) { c.Description = v })
	f.int32("member-since", "member_since", "year the city joined the Healthy Cities movement", func(c *city, v int32) { c.MemberSince = v })
	visibilityFlag(f, func(c *city, v hcnetv1.Visibility) { c.Visibility = v })
	coordinator := func(c *city) *hcnetv1.Contact {
		if c.Coordinator == nil {
			c.Coordinator = &hcnetv1.Contact{}
		}
		return c.Coordinator
	}
	f.str("coordinator-name", "coordinator.name", "Healthy Cities coordinator (private: never shared)", func(c *city, v string) { coordinator(c).Name = v })
	f.str("coordinator-role", "coordinator.role", "the coordinator's role", func(c *city, v string) { coordinator(c).Role = v })
	f.str("coordinator-email", "coordinator.email", "the coordinator's e-mail address", func(c *city, v string) { coordinator(c).Email = v })
	f.str("coordinator-phone", "coordinator.phone", "the coordinator's phone number", func(c *city, v string) { coordinator(c).Phone = v })
	contactPointFlags(f, func(c *city) **hcnetv1.ContactPoint { return &c.ContactPoint })
}

func (a *app) cityCommand() *cobra.Command {
	cmd := group("city", "Show and change the city profile",
		"The city profile is created once with \"hcnode init\"; its id and country\n"+
			"are fixed there. Everything else can be changed here.")
	get := &cobra.Command{
		Use:     "get",
		Short:   "Show the city profile",
		Example: "  hcctl city get\n  hcctl city get -o json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
			if err != nil {
				return wrapOp(err, "get city", nil)
			}
			return printOne(a, resp, resp.GetCity(), cityColumns)
		},
	}
	update := &cobra.Command{
		Use:   "update [flags]",
		Short: "Change fields of the city profile",
		Long: "Change the fields whose flags are given and leave the others as they are.\n" +
			"The profile is written back only if nobody changed it since it was read.",
		Example: `  hcctl city update --population 362133 --language sv,en --member-since 1989`,
		Args:    noArgs,
	}
	f := newFields[*city](a, update)
	bindCity(f)
	update.RunE = func(cmd *cobra.Command, _ []string) error {
		c, err := a.client()
		if err != nil {
			return err
		}
		ctx, cancel := a.call(cmd.Context())
		defer cancel()
		got, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
		if err != nil {
			return wrapOp(err, "update city", nil)
		}
		m := got.GetCity()
		paths, err := f.apply(m)
		if err != nil {
			return err
		}
		if len(paths) == 0 {
			return usagef("update city: nothing to change; give at least one field flag (see --help)")
		}
		resp, err := c.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{City: m, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
		if err != nil {
			return wrapOp(err, "update city", f.flagOf("city"))
		}
		return printOne(a, resp, resp.GetCity(), cityColumns)
	}
	cmd.AddCommand(get, update)
	return cmd
}
