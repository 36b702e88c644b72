package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// exportLine is one line of export --all: the record's kind beside the
// record rather than inside it, because records have fields of their own
// called "kind" (a partner's kind of organisation).
type exportLine struct {
	Kind   record.Kind     `json:"kind"`
	Record json.RawMessage `json:"record"`
}

// exportLister reads one page of one kind: every List RPC takes the page
// size and token as fields 1 and 2 and answers with the records and the
// next token as fields 1 and 2.
type exportLister func(ctx context.Context, c client, size int32, token string) (proto.Message, error)

// exportListers covers every kind but the city, which is one record; a
// test checks it covers record.Kinds.
var exportListers = map[record.Kind]exportLister{
	record.KindPartner: func(ctx context.Context, c client, size int32, token string) (proto.Message, error) {
		return c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: size, PageToken: token})
	},
	record.KindPartnership: func(ctx context.Context, c client, size int32, token string) (proto.Message, error) {
		return c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{PageSize: size, PageToken: token})
	},
	record.KindHealthPlan: func(ctx context.Context, c client, size int32, token string) (proto.Message, error) {
		return c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{PageSize: size, PageToken: token})
	},
	record.KindIndicator: func(ctx context.Context, c client, size int32, token string) (proto.Message, error) {
		return c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PageSize: size, PageToken: token})
	},
	record.KindPractice: func(ctx context.Context, c client, size int32, token string) (proto.Message, error) {
		return c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{PageSize: size, PageToken: token})
	},
	record.KindSuccess: func(ctx context.Context, c client, size int32, token string) (proto.Message, error) {
		return c.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{PageSize: size, PageToken: token})
	},
	record.KindEndorsement: func(ctx context.Context, c client, size int32, token string) (proto.Message, error) {
		return c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{PageSize: size, PageToken: token})
	},
}

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
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	write := func(k record.Kind, m proto.Message) error {
		b, err := protojson.Marshal(m)
		if err != nil {
			return err
		}
		n++
		return enc.Encode(exportLine{Kind: k, Record: b})
	}
	cctx, cancel := a.call(ctx)
	city, err := c.GetCity(cctx, &hcnetv1.GetCityRequest{})
	cancel()
	if err != nil {
		return n, wrapOp(err, "export city", nil)
	}
	if err := write(record.KindCity, city.GetCity()); err != nil {
		return n, err
	}
	for _, k := range record.Kinds {
		list := exportListers[k]
		if k == record.KindCity {
			continue
		}
		if list == nil {
			return n, fmt.Errorf("export: hcctl does not know how to list %s records", k)
		}
		token := ""
		seen := map[string]bool{}
		for {
			cctx, cancel := a.call(ctx)
			page, err := list(cctx, c, allPageSize, token)
			cancel()
			if err != nil {
				return n, wrapOp(err, "export "+string(k), nil)
			}
			pr := page.ProtoReflect()
			items := pr.Get(pr.Descriptor().Fields().ByNumber(1)).List()
			for i := 0; i < items.Len(); i++ {
				if err := write(k, items.Get(i).Message().Interface()); err != nil {
					return n, err
				}
			}
			token = nextToken(pr)
			if token == "" {
				break
			}
			if seen[token] {
				return n, fmt.Errorf("export %s: the node returned page token %q twice", k, token)
			}
			seen[token] = true
		}
	}
	return n, nil
}

func nextToken(m protoreflect.Message) string {
	return m.Get(m.Descriptor().Fields().ByNumber(2)).String()
}
