package node

import "github.com/hcnet/hcnet/internal/record"

// The node's own refusals, beyond a record's fields: what it checks
// against the records it holds, and the lists' page tokens. Each is a
// declared message, so the API's English stays as hcctl prints it and a
// form says it in its reader's language.
var (
	// msgNoSuch is a reference to a record this node does not hold, by
	// the kind referred to: a kind's name is part of the sentence, so a
	// language can decline it.
	msgNoSuch = map[record.Kind]record.Msg{
		record.KindPartner:     record.Declare("no partner with id {{.ID}} on this node"),
		record.KindPartnership: record.Declare("no partnership with id {{.ID}} on this node"),
		record.KindHealthPlan:  record.Declare("no health_plan with id {{.ID}} on this node"),
		record.KindIndicator:   record.Declare("no indicator with id {{.ID}} on this node"),
		record.KindPractice:    record.Declare("no practice with id {{.ID}} on this node"),
		record.KindSuccess:     record.Declare("no success with id {{.ID}} on this node"),
	}
	msgNotPlanGoal  = record.Declare("{{.Goal}} is not a goal of plan {{.Plan}}")
	msgGoalMeasured = record.Declare("goal {{.Goal}} is measured by indicator {{.ID}} ({{.Name}}); move or delete the indicator first")
	msgNotPageToken = record.Declare("is not a page token of this node")
	msgOtherFilters = record.Declare("belongs to a list with other filters; start again without it")
	msgAlsoOnRow    = record.Declare("{{.ID}} is also on row {{.Row}}")
	// A record of another kind than the one asked for: the kinds are
	// arguments a page names in its reader's words (record.KindArg,
	// record.WantArg), so each language sets them where no article or
	// case has to agree with them ("of the kind …").
	msgOtherKind = record.Declare("{{.ID}} is a {{.Kind}}, not a {{.Want}}")
	msgIDOfOther = record.Declare("{{.ID}} is a {{.Kind}} on this node")
	msgNotOfKind = record.Declare("is not a {{.Want}}")
	// A hub's address the node cannot dial; the value is quoted, as
	// record's messages quote what the reader typed.
	msgNotHostPort = record.Declare("{{.Value}} is not host:port, such as hub.healthycities.se:7500")
	// An import key recorded for other rows: of a kind of record, or of
	// measured values, which are no kind of their own.
	msgKeyOtherRows         = record.Declare("was used for an import of other {{.Kind}} rows; a changed file needs another key")
	msgKeyOtherMeasurements = record.Declare("was used for an import of other measurements rows; a changed file needs another key")
)

// reportNoSuch says that field refers to a kind's record this node does
// not hold.
func reportNoSuch(c record.Checker, field string, kind record.Kind, id string) {
	if m, ok := msgNoSuch[kind]; ok {
		c.Report(field, m, "ID", id)
		return
	}
	c.Add(field, "no %s with id %s on this node", kind, id)
}
