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

type indicator = hcnetv1.Indicator

var indicatorKind = &kind[*indicator]{
	name: "indicator", plural: "indicators", field: "indicator",
	newRecord: func() *indicator { return &indicator{} },
	columns: []column[*indicator]{
		{name: "id", value: (*indicator).GetId},
		{name: "name", value: (*indicator).GetName},
		{name: "goal", value: (*indicator).GetGoalId},
		{name: "unit", value: (*indicator).GetUnit},
		{name: "baseline", value: func(i *indicator) string { return valueAt(i.GetBaseline(), i.GetBaselineDate()) }},
		{name: "target", value: func(i *indicator) string { return valueAt(i.GetTarget(), i.GetTargetDate()) }},
		{name: "latest", value: latestCell},
		{name: "visibility", value: func(i *indicator) string { return record.ShortName(i.GetVisibility()) }},
		{name: "plan", value: (*indicator).GetPlanId, detail: true},
		{name: "description", value: (*indicator).GetDescription, detail: true},
		{name: "direction", value: func(i *indicator) string { return record.ShortName(i.GetDirection()) }, detail: true},
		{name: "code", value: (*indicator).GetCode, detail: true},
		{name: "sdg", value: func(i *indicator) string { return sdgCell(i.GetSdg()) }, detail: true},
		{name: "measurements", value: measurementsCell, detail: true},
		{name: "version", value: func(i *indicator) string { return versionCell(i.GetVersion()) }, detail: true},
		{name: "updated", value: func(i *indicator) string { return timeCell(i.GetUpdateTime()) }, detail: true},
	},
	bind: bindIndicator,
	addExample: `  hcctl indicator add --plan-id $PLAN_ID --goal-id g1 \
      --name "Older people who often feel lonely" --unit % --direction decrease \
      --baseline 24 --baseline-date 2023-12-31 --target 15 --target-date 2030-12-31 --sdg-target 3.4 \
      --code kolada:N00945 --visibility public`,
	updateExample: `  hcctl indicator update $INDICATOR_ID --target 12`,
	listExample:   `  hcctl indicator list --plan-id $PLAN_ID`,
	listFlags: func(q *listQuery) {
		q.cmd.Flags().StringVar(&q.planID, "plan-id", "", "only indicators of this plan")
	},

	get: func(ctx context.Context, c client, id string) (proto.Message, *indicator, error) {
		r, err := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
		return r, r.GetIndicator(), err
	},
	create: func(ctx context.Context, c client, m *indicator) (proto.Message, *indicator, error) {
		r, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: m})
		return r, r.GetIndicator(), err
	},
	update: func(ctx context.Context, c client, m *indicator, mask *fieldmaskpb.FieldMask) (proto.Message, *indicator, error) {
		r, err := c.UpdateIndicator(ctx, &hcnetv1.UpdateIndicatorRequest{Indicator: m, UpdateMask: mask})
		return r, r.GetIndicator(), err
	},
	remove: func(ctx context.Context, c client, id string, version int64) (proto.Message, error) {
		return c.DeleteIndicator(ctx, &hcnetv1.DeleteIndicatorRequest{Id: id, Version: version})
	},
	list: func(ctx context.Context, c client, r *listRequest) (proto.Message, []*indicator, string, error) {
		resp, err := c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PageSize: r.q.pageSize, PageToken: r.q.pageToken, Filter: r.filter, PlanId: r.q.planID})
		return resp, resp.GetIndicators(), resp.GetNextPageToken(), err
	},
}

func bindIndicator(f *fields[*indicator]) {
	f.str("plan-id", "plan_id", "the plan the indicator belongs to", func(i *indicator, v string) { i.PlanId = v })
	f.str("goal-id", "goal_id", `the plan goal it measures ("g1")`, func(i *indicator, v string) { i.GoalId = v })
	f.str("name", "name", "what is measured", func(i *indicator, v string) { i.Name = v })
	f.str("description", "description", "how it is measured", func(i *indicator, v string) { i.Description = v })
	f.str("unit", "unit", `unit of every value ("%", "per 1000 residents")`, func(i *indicator, v string) { i.Unit = v })
	enumFlag(f, "direction", "direction", "which way is better", func(i *indicator, v hcnetv1.IndicatorDirection) { i.Direction = v })
	f.float("baseline", "baseline", "value at the start", func(i *indicator, v float64) { i.Baseline = v })
	f.str("baseline-date", "baseline_date", "date the baseline refers to, YYYY-MM-DD", func(i *indicator, v string) { i.BaselineDate = v })
	f.float("target", "target", "value to reach", func(i *indicator, v float64) { i.Target = v })
	f.str("target-date", "target_date", "date the target is to be reached by, YYYY-MM-DD", func(i *indicator, v string) { i.TargetDate = v })
	f.str("code", "code", `the measure's code in a named scheme, so that hubs compare cities ("kolada:N00945")`, func(i *indicator, v string) { i.Code = v })
	sdgFlags(f, "sdg", func(i *indicator) **hcnetv1.SdgTags { return &i.Sdg })
	visibilityFlag(f, func(i *indicator, v hcnetv1.Visibility) { i.Visibility = v })
}

// recordCommand is "indicator record": RecordMeasurement, which appends a
// value without the read-modify-write of update.
func (a *app) recordCommand() *cobra.Command {
	var m hcnetv1.Measurement
	var group, district string
	var version int64
	var replace bool
	cmd := &cobra.Command{
		Use:   "record ID --date DATE --value VALUE [flags]",
		Short: "Record a measured value of an indicator",
		Long: "Record a measured value of an indicator. A value is for the whole city, or\n" +
			"broken down by a population group (--group) or a district (--district) so\n" +
			"that equity gaps are visible. An indicator has one value per date and\n" +
			"breakdown: a second is refused unless --replace says it replaces the first.",
		Example: `  hcctl indicator record $INDICATOR_ID --date 2024-12-31 --value 22.5 --source "national health survey"
  hcctl indicator record $INDICATOR_ID --date 2024-12-31 --value 31 --district Rosengård`,
		Args: idArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			meas, err := measurement(&m, cmd.Flags().Changed("value"), group, district)
			if err != nil {
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: args[0], Measurement: meas, Version: version, Replace: replace})
			if err != nil {
				return wrapOp(err, "record a value of indicator "+args[0], func(field string) string {
					if field == "measurement.date" {
						return "--date"
					}
					return ""
				})
			}
			return printOne(a, resp, resp.GetIndicator(), indicatorKind.columns)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&m.Date, "date", "", "date the value refers to, YYYY-MM-DD (required)")
	fs.Var((*decimal)(&m.Value), "value", `the measured value, "21.5" or "21,5" (required)`)
	fs.StringVar(&group, "group", "", `population group the value is for ("women 65+")`)
	fs.StringVar(&district, "district", "", "district the value is for")
	fs.StringVar(&m.Note, "note", "", "note on the value")
	fs.StringVar(&m.Source, "source", "", `where the value comes from ("national health survey")`)
	fs.Int64Var(&version, "version", 0, "record only if the indicator's stored version is this one")
	fs.BoolVar(&replace, "replace", false, "replace the value the indicator has for the same date and group or district")
	cmd.MarkFlagsMutuallyExclusive("group", "district")
	return cmd
}

// measurement completes the flags of indicator record into a Measurement.
func measurement(m *hcnetv1.Measurement, valueSet bool, group, district string) (*hcnetv1.Measurement, error) {
	var missing []string
	if m.GetDate() == "" {
		missing = append(missing, "--date")
	}
	if !valueSet {
		missing = append(missing, "--value")
	}
	if len(missing) > 0 {
		return nil, usagef("indicator record needs %s", strings.Join(missing, " and "))
	}
	out := proto.Clone(m).(*hcnetv1.Measurement)
	switch {
	case group != "":
		out.Breakdown = &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, Label: group}
	case district != "":
		out.Breakdown = &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: district}
	}
	return out, nil
}

func valueAt(v float64, date string) string {
	if v == 0 && date == "" {
		return ""
	}
	if date == "" {
		return number(v)
	}
	return number(v) + " (" + date + ")"
}

// latestCell is the newest whole-city value: breakdowns are in the detail
// view, the list compares like with like.
func latestCell(i *indicator) string {
	ms := i.GetMeasurements()
	for k := len(ms) - 1; k >= 0; k-- {
		if ms[k].GetBreakdown() == nil {
			return valueAt(ms[k].GetValue(), ms[k].GetDate())
		}
	}
	return ""
}

func measurementsCell(i *indicator) string {
	lines := make([]string, len(i.GetMeasurements()))
	for k, m := range i.GetMeasurements() {
		lines[k] = m.GetDate() + "  " + number(m.GetValue())
		if b := m.GetBreakdown(); b != nil {
			lines[k] += fmt.Sprintf("  %s: %s", record.ShortName(b.GetKind()), b.GetLabel())
		}
		if m.GetSource() != "" {
			lines[k] += "  (" + m.GetSource() + ")"
		}
	}
	return strings.Join(lines, "\n")
}

func (a *app) indicatorCommand() *cobra.Command {
	cmd := group("indicator", "Record indicators of the health plan and their measured values",
		"An indicator measures progress towards a goal of the health plan: a baseline,\n"+
			"a target and measured values over time, optionally broken down by group or\n"+
			"district so that equity gaps are visible.")
	cmd.AddCommand(crudCommands(a, indicatorKind)...)
	cmd.AddCommand(a.recordCommand())
	return cmd
}
