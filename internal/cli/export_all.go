package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/hcnet/hcnet/internal/exportall"
	"github.com/spf13/cobra"
)

// exportLine and exportListers are the shared export's, under the names
// this package's tests know.
type exportLine = exportall.Line

var exportListers = exportall.Listers

const exportAllHelp = `
With --all (instead of --kind) it writes every record of every kind the node
holds, private ones and contact details included, as JSON Lines: one
record per line, {"kind": "partner", "record": {...}}, the record in the
protobuf JSON form the API uses. Kinds come in the order a loader must
create them (city, partners, partnerships, plans, indicators, practices,
successes, endorsements), records of a kind newest first. It is meant for
archives, audits and other tools; the output holds personal data, so
store it as carefully as the node's database.`

// exportAll adds --all to the export command: with it, export writes the
// JSON Lines of every record instead of one CSV sheet.
func (a *app) exportAll(cmd *cobra.Command) *cobra.Command {
	var all bool
	cmd.Use = "export --kind partners|partnerships | --all [--out FILE]"
	cmd.Short = "Export partners or partnerships as a spreadsheet (CSV), or every record as JSON Lines"
	cmd.Long += "\n" + exportAllHelp
	cmd.Example += "\n  hcctl export --all --out malmo.jsonl"
	cmd.Flags().BoolVar(&all, "all", false, "every record of every kind, as JSON Lines")
	// --kind is required for a sheet only.
	delete(cmd.Flags().Lookup("kind").Annotations, cobra.BashCompOneRequiredFlag)
	sheet := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		kindGiven := cmd.Flags().Changed("kind")
		switch {
		case all && kindGiven:
			return usagef("--all exports every kind; leave out --kind")
		case !all && !kindGiven:
			return usagef("export needs --kind partners|partnerships (a CSV sheet) or --all (every record as JSON Lines)")
		case !all:
			return sheet(cmd, args)
		}
		out, _ := cmd.Flags().GetString("out")
		if out == "" {
			_, err := a.exportEverything(cmd.Context(), a.env.Stdout)
			return err
		}
		var n int
		err := writePrivate(out, func(w io.Writer) (err error) {
			n, err = a.exportEverything(cmd.Context(), w)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.env.Stderr, "exported %s to %s\n", plural(n, "record", "records"), out)
		return nil
	}
	return cmd
}

// exportEverything writes every record and returns how many.
func (a *app) exportEverything(ctx context.Context, w io.Writer) (int, error) {
	c, err := a.client()
	if err != nil {
		return 0, err
	}
	n, err := exportall.Write(ctx, c, w, a.call)
	if e := (*exportall.Error)(nil); errors.As(err, &e) {
		return n, wrapOp(e.Err, e.Op, nil)
	}
	return n, err
}
