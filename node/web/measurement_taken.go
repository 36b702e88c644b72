package web

import (
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// An indicator holds one value per date and breakdown, and the node
// refuses a second. The measurement form then names the value already
// stored and offers to replace it, so an officer who typed a corrected
// figure need not look for another way to change the first.

// takenBy is the stored value the measurement form's date and breakdown
// point at when the node refused the date, or the officer ticked
// "replace" already, else nil: the value a "replace" tick would change.
func takenBy(tr *i18n.Translator, ind *hcnetv1.Indicator, f *webui.Form) *measurementRow {
	if !f.Invalid("date") && !f.Has("replace", "yes") {
		return nil
	}
	kind, err := record.ParseEnum[hcnetv1.BreakdownKind](f.Get("breakdown_kind"))
	if err != nil {
		return nil
	}
	date, label := strings.TrimSpace(f.Get("date")), strings.TrimSpace(f.Get("breakdown_label"))
	for _, m := range ind.GetMeasurements() {
		if b := m.GetBreakdown(); m.GetDate() == date && b.GetKind() == kind && b.GetLabel() == label {
			return &measurementRow{Measurement: m, Date: dayOf(tr, date)}
		}
	}
	return nil
}
