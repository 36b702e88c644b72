package cli

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
)

type endorsement = hcnetv1.Endorsement

// endorsementKind has no add or update: endorsements are made with
// "success endorse" and withdrawn with delete.
var endorsementKind = &kind[*endorsement]{
	name: "endorsement", plural: "endorsements", field: "endorsement",
	columns: []column[*endorsement]{
		{name: "id", value: (*endorsement).GetId},
		{name: "success", value: func(e *endorsement) string {
			s := e.GetSuccess()
			return s.GetCountry() + "/" + s.GetCityId() + "/" + s.GetSuccessId()
		}},
		{name: "date", value: (*endorsement).GetDate},
		{name: "visibility", value: func(e *endorsement) string { return record.ShortName(e.GetVisibility()) }},
		{name: "statement", value: (*endorsement).GetStatement, detail: true},
		{name: "version", value: func(e *endorsement) string { return versionCell(e.GetVersion()) }, detail: true},
		{name: "updated", value: func(e *endorsement) string { return timeCell(e.GetUpdateTime()) }, detail: true},
	},
	listExample: `  hcctl endorsement list --visibility public`,

	get: func(ctx context.Context, c client, id string) (proto.Message, *endorsement, error) {
		r, err := c.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: id})
		return r, r.GetEndorsement(), err
	},
	remove: func(ctx context.Context, c client, id string, version int64) (proto.Message, error) {
		return c.DeleteEndorsement(ctx, &hcnetv1.DeleteEndorsementRequest{Id: id, Version: version})
	},
	list: func(ctx context.Context, c client, r *listRequest) (proto.Message, []*endorsement, string, error) {
		resp, err := c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{PageSize: r.q.pageSize, PageToken: r.q.pageToken, Filter: r.filter})
		return resp, resp.GetEndorsements(), resp.GetNextPageToken(), err
	},
}

func (a *app) endorsementCommand() *cobra.Command {
	cmd := group("endorsement", "List and withdraw this city's endorsements of successes",
		"Endorsements are this city's confirmations of successes other cities recorded\n"+
			"with it as a partner. Make one with \"hcctl success endorse\".")
	cmd.AddCommand(listCommand(a, endorsementKind), getCommand(a, endorsementKind), deleteCommand(a, endorsementKind))
	return cmd
}
