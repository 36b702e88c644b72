package cli

import (
	"cmp"
	"context"
	"io"
	"slices"

	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/spf13/cobra"
)

func (a *app) exportCommand() *cobra.Command {
	var sheet, out string
	cmd := &cobra.Command{
		Use:   "export --kind partners|partnerships|measurements [--out FILE.csv]",
		Short: "Export partners, partnerships or indicators' measurements as a spreadsheet (CSV)",
		Long: "Export every partner, partnership or measured value of an indicator as CSV,\n" +
			"to standard output or --out.\n" +
			"The file imports back unchanged (hcctl import), into this node or another.\n\n" + csvFormatHelp,
		Example: `  hcctl export --kind partners > partners.csv
  hcctl export --kind partnerships --out partnerships.csv
  hcctl export --kind measurements --out measurements.csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if sheet != sheetPartners && sheet != sheetPartnerships && sheet != sheetMeasurements {
				return usagef("--kind %q: export partners, partnerships or measurements", sheet)
			}
			if out == "" {
				return a.export(cmd.Context(), sheet, a.env.Stdout)
			}
			// A partners sheet holds contacts' personal data.
			return writePrivate(out, func(w io.Writer) error { return a.export(cmd.Context(), sheet, w) })
		},
	}
	sheetFlag(cmd, &sheet)
	cmd.Flags().StringVar(&out, "out", "", "write to this file instead of standard output")
	return cmd
}

// export writes the sheet. Records are in id order, which is creation
// order (ids are ULIDs) and survives an import into another node, so an
// export of the imported copy is the same file.
func (a *app) export(ctx context.Context, sheet string, w io.Writer) error {
	if sheet == sheetMeasurements {
		inds, err := a.fetchIndicators(ctx)
		if err != nil {
			return err
		}
		return csvio.WriteMeasurements(w, csvio.MeasurementsOf(inds), csvio.NewIndicatorDirectory(inds))
	}
	partners, err := a.fetchPartners(ctx)
	if err != nil {
		return err
	}
	byID := func(x, y interface{ GetId() string }) int { return cmp.Compare(x.GetId(), y.GetId()) }
	if sheet == sheetPartners {
		slices.SortFunc(partners, func(x, y *partner) int { return byID(x, y) })
		return csvio.WritePartners(w, partners)
	}
	_, rows, _, err := listAll(ctx, a, partnershipKind, &listQuery{all: true})
	if err != nil {
		return wrapOp(err, "list partnerships", nil)
	}
	slices.SortFunc(rows, func(x, y *partnership) int { return byID(x, y) })
	return csvio.WritePartnerships(w, rows, csvio.NewDirectory(partners))
}
