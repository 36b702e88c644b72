package node

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// measurementsImport is what the imports table calls an import of
// measurements: they are not records of their own but values added to
// indicators, so no record.Kind names them.
const measurementsImport = "measurement"

// measurementKey is what a measured value is for: one value per
// indicator, date and breakdown. A statistics office's corrected figure
// for the same date and district replaces the first, and an export
// imported back onto the same node changes nothing.
type measurementKey struct {
	indicator, date string
	kind            hcnetv1.BreakdownKind
	label           string
}

func keyOf(indicator string, m *hcnetv1.Measurement) measurementKey {
	b := m.GetBreakdown()
	return measurementKey{indicator: indicator, date: m.GetDate(), kind: b.GetKind(), label: b.GetLabel()}
}

// ImportMeasurements records measured values of indicators in one
// transaction, all or nothing. A value whose indicator, date and
// breakdown the indicator has replaces the first such value (an equal one
// is counted as unchanged); any other is added. Every indicator that
// changed is stored once, as its next version. When any row is bad
// nothing is written and the Invalid error names every bad field as
// "[ROW].field". A non-empty key makes the import happen once, as
// ImportOnce; check only checks, as CheckImport, and writes nothing.
func (s *Store) ImportMeasurements(ctx context.Context, key string, rows []*hcnetv1.IndicatorMeasurement, check bool) (ImportResult, error) {
	const op = "store.ImportMeasurements"
	var digest string
	if key != "" && !check {
		ms := make([]proto.Message, len(rows))
		for i, r := range rows {
			ms[i] = r
		}
		var err error
		if digest, err = rowsDigest(ms); err != nil {
			return ImportResult{}, errs.Op(op, err)
		}
	}
	var res ImportResult
	err := s.db.Tx(withAction(ctx, ActionMeasurement), func(tx *sql.Tx) error {
		if digest != "" {
			prev, found, err := recordedImport(ctx, tx, key, measurementsImport, digest)
			if err != nil || found {
				res = prev
				return err
			}
		}
		var err error
		if res, err = s.importMeasurements(withAction(ctx, ActionMeasurement), tx, rows); err != nil {
			return err
		}
		if check {
			return errChecked
		}
		if digest != "" {
			return recordImport(ctx, tx, key, measurementsImport, digest, res, s.now())
		}
		return nil
	})
	if check && errors.Is(err, errChecked) {
		return res, nil
	}
	if err := s.wrote(err); err != nil {
		return ImportResult{}, errs.Op(op, err)
	}
	return res, nil
}

// importMeasurements checks every row, then stores each changed
// indicator in tx; with any bad row it returns the Invalid error of all
// of them and writes nothing.
func (s *Store) importMeasurements(ctx context.Context, tx *sql.Tx, rows []*hcnetv1.IndicatorMeasurement) (ImportResult, error) {
	res := ImportResult{IDs: make([]string, 0, len(rows))}
	var vs record.Violations
	type indicator struct {
		cur      *hcnetv1.Indicator
		meta     record.Meta
		firstRow int
		changed  bool
	}
	inds := map[string]*indicator{}
	var order []string
	seen := map[measurementKey]int{}
	for i, r := range rows {
		c := record.NewChecker(fmt.Sprintf("[%d]", i), &vs)
		before := len(vs)
		id := r.GetIndicatorId()
		c.ID("indicator_id", id, true)
		record.ValidateMeasurement(c.At("measurement"), r.GetMeasurement())
		if len(vs) > before {
			continue
		}
		ind, ok := inds[id]
		if !ok {
			m, err := getRecord(ctx, tx, record.KindIndicator, id)
			if errs.Is(err, errs.NotFound) {
				reportNoSuch(c, "indicator_id", record.KindIndicator, id)
				continue
			}
			if err != nil {
				return ImportResult{}, err
			}
			ind = &indicator{cur: m.(*hcnetv1.Indicator), meta: record.GetMeta(m), firstRow: i}
			inds[id] = ind
			order = append(order, id)
		}
		k := keyOf(id, r.GetMeasurement())
		if first, dup := seen[k]; dup {
			c.Add("measurement.date", "the indicator has a value for this date and %s on row %d too; keep one", breakdownWords(r.GetMeasurement()), first)
			continue
		}
		seen[k] = i
		res.IDs = append(res.IDs, id)
		ms := ind.cur.GetMeasurements()
		at := slices.IndexFunc(ms, func(m *hcnetv1.Measurement) bool { return keyOf(id, m) == k })
		switch {
		case at < 0:
			ind.cur.Measurements = append(ms, r.GetMeasurement())
			res.Created++
			ind.changed = true
		case proto.Equal(ms[at], r.GetMeasurement()):
			res.Unchanged++
		default:
			ms[at] = r.GetMeasurement()
			res.Updated++
			ind.changed = true
		}
	}
	if len(vs) > 0 {
		return ImportResult{}, errs.InvalidFields("", vs)
	}
	for _, id := range order {
		ind := inds[id]
		if !ind.changed {
			continue
		}
		// Kept in date order, as RecordMeasurement keeps them.
		slices.SortStableFunc(ind.cur.Measurements, func(a, b *hcnetv1.Measurement) int {
			return cmp.Compare(a.GetDate(), b.GetDate())
		})
		// A measurement changes no visibility and nothing another record
		// carries, so no record referring to the indicator goes out again.
		if err := s.replace(ctx, tx, record.KindIndicator, ind.cur, ind.meta); err != nil {
			if fvs := errs.ViolationsOf(err); len(fvs) > 0 {
				// The indicator as a whole is refused (too many values):
				// the first row that named it says so.
				c := record.NewChecker(fmt.Sprintf("[%d]", ind.firstRow), &vs)
				for _, v := range fvs {
					// The indicator's field is named in the English; a
					// page says the message beside the row's indicator.
					c.Put(record.Violation{Field: "indicator_id", Description: v.Field + ": " + v.Description, Message: v.Message})
				}
				continue
			}
			return ImportResult{}, err
		}
	}
	if len(vs) > 0 {
		return ImportResult{}, errs.InvalidFields("", vs)
	}
	return res, nil
}

// breakdownWords names what a value is for, in a problem's words.
func breakdownWords(m *hcnetv1.Measurement) string {
	b := m.GetBreakdown()
	if b == nil {
		return "the whole city"
	}
	return fmt.Sprintf("%s %q", record.ShortName(b.GetKind()), b.GetLabel())
}
