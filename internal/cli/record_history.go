package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
)

var historyColumns = []column[*hcnetv1.Change]{
	{name: "time", value: func(c *hcnetv1.Change) string { return timeCell(c.GetTime()) }},
	{name: "actor", value: func(c *hcnetv1.Change) string {
		if c.GetActor() == "" {
			return "(the node)"
		}
		return c.GetActor()
	}},
	{name: "action", value: func(c *hcnetv1.Change) string { return record.ShortName(c.GetAction()) }},
	{name: "version", value: func(c *hcnetv1.Change) string { return strconv.FormatInt(c.GetVersion(), 10) }},
}

func (a *app) recordHistoryCommand() *cobra.Command {
	var limit int32
	kinds := make([]string, len(record.Kinds))
	for i, k := range record.Kinds {
		kinds[i] = string(k)
	}
	cmd := &cobra.Command{
		Use:   "history KIND ID",
		Short: "Show who changed a record on the node, and when",
		Long: `Show a record's history on the node, newest first: each create, update,
delete and recorded measurement, who made it and when. Who is the
signed-in account for changes made in the node's web pages, "admin token"
for changes made with the admin token (hcctl, scripts), and "(the node)"
for the node's own work, such as sharing a record again when a record it
names changed visibility. A deleted record keeps its history.

KIND is one of: ` + strings.Join(kinds, ", ") + ".",
		Example: `  hcctl record history indicator $INDICATOR_ID
  hcctl record history partnership $PARTNERSHIP_ID --limit 5 -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("want a kind and a record id (%s), got %d arguments\nRun '%s --help' for usage.", cmd.UseLine(), len(args), cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			res, err := c.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: args[0], Id: args[1], PageSize: limit})
			if err != nil {
				return wrapOp(err, "record history", func(p string) string {
					return map[string]string{"kind": "KIND", "id": "ID", "page_size": "--limit"}[p]
				})
			}
			if len(res.GetChanges()) == 0 && a.g.output == formatTable {
				_, err := fmt.Fprintf(a.env.Stdout, "no changes recorded for %s %s\n", args[0], args[1])
				return err
			}
			return printList(a, res, res.GetChanges(), historyColumns)
		},
	}
	cmd.Flags().Int32Var(&limit, "limit", 0, "at most this many changes, newest first, at most 500 (default 50)")
	return cmd
}
