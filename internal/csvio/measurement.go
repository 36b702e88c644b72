package csvio

import (
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

type im = hcnetv1.IndicatorMeasurement

// Column names of the measurements sheet that code elsewhere refers to.
const (
	colDistrict = "district"
	colGroup    = "group"
)

// measurementSheet is the measurements spreadsheet: one measured value a
// row, as statistics offices publish them by district and by group.
// Indicators are named as the plan names them, resolved through dir. A
// row names a district or a group, or neither for the whole city.
func measurementSheet(dir *Directory) sheet[*im] {
	return sheet[*im]{
		required: []string{"indicator", "date", "value"},
		newRow:   func() *im { return &im{Measurement: &hcnetv1.Measurement{}} },
		columns: []column[*im]{
			{name: "indicator", field: "indicator_id",
				get: func(r *im) string { return nameOrID(dir, r.GetIndicatorId()) },
				set: func(r *im, s string) (err error) {
					if strings.TrimSpace(s) == "" {
						return problemf("is required: the indicator's name as the health plan has it, or its id")
					}
					r.IndicatorId, err = dir.Resolve(s)
					return
				}},
			{name: "date", field: "measurement.date",
				get: func(r *im) string { return r.GetMeasurement().GetDate() },
				set: func(r *im, s string) error { r.Measurement.Date = strings.TrimSpace(s); return nil }},
			{name: "value", field: "measurement.value", numeric: true,
				get: func(r *im) string { return strconv.FormatFloat(r.GetMeasurement().GetValue(), 'f', -1, 64) },
				set: func(r *im, s string) (err error) { r.Measurement.Value, err = parseValue(s); return }},
			breakdownColumn(colDistrict, hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT),
			breakdownColumn(colGroup, hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP),
			{name: "source", field: "measurement.source",
				get: func(r *im) string { return r.GetMeasurement().GetSource() },
				set: func(r *im, s string) error { r.Measurement.Source = strings.TrimSpace(s); return nil }},
			{name: "note", field: "measurement.note",
				get: func(r *im) string { return r.GetMeasurement().GetNote() },
				set: func(r *im, s string) error { r.Measurement.Note = s; return nil }},
		},
	}
}

// breakdownColumn is the district or the group column: a value is for one
// of them or for the whole city, never for both.
func breakdownColumn(name string, kind hcnetv1.BreakdownKind) column[*im] {
	return column[*im]{name: name, field: "measurement.breakdown.label",
		get: func(r *im) string {
			if b := r.GetMeasurement().GetBreakdown(); b.GetKind() == kind {
				return b.GetLabel()
			}
			return ""
		},
		set: func(r *im, s string) error {
			s = strings.TrimSpace(s)
			if s == "" {
				return nil
			}
			if b := r.Measurement.Breakdown; b != nil {
				return problemf("a value is for a district or a group, not both (this row also names {{.Other}})", "Other", strconv.Quote(b.GetLabel()))
			}
			r.Measurement.Breakdown = &hcnetv1.Breakdown{Kind: kind, Label: s}
			return nil
		}}
}

// numberSpaces are the thousands separators statistics offices print
// ("1 234,5"): a space, a no-break space, a narrow no-break space.
var numberSpaces = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "")

func parseValue(cell string) (float64, error) {
	s := numberSpaces.Replace(strings.TrimSpace(cell))
	if s == "" {
		return 0, problemf("is required: a number, like 12.5")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !isNumber(s) {
		return 0, problemf("{{.Cell}} is not a number, like 12.5", "Cell", strconv.Quote(cell))
	}
	return v, nil
}

// nameOrID names a record by its name when the name leads back to it
// alone, else by its id, as formatMembers does for partners.
func nameOrID(dir *Directory, id string) string {
	if dir == nil {
		return id
	}
	name := dir.Name(id)
	if back, err := dir.Resolve(name); name == "" || err != nil || back != id {
		return id
	}
	return name
}

// MeasurementColumns lists the measurements sheet's columns in export order.
func MeasurementColumns() []string { return measurementSheet(nil).names() }

// ReadMeasurements parses a measurements sheet, resolving indicator names
// through dir. It returns the rows and the line each starts on, with
// Problems listing every bad row and cell as ReadPartners does; two rows
// for the same indicator, date and district or group are a problem too.
func ReadMeasurements(r io.Reader, file string, dir *Directory) ([]*hcnetv1.IndicatorMeasurement, []int, error) {
	rows, lines, err := measurementSheet(dir).read(r, file)
	var problems Problems
	if err != nil && !errors.As(err, &problems) {
		return rows, lines, err
	}
	type key struct {
		indicator, date string
		kind            hcnetv1.BreakdownKind
		label           string
	}
	first := map[key]int{}
	for i, row := range rows {
		m := row.GetMeasurement()
		if row.GetIndicatorId() == "" || m.GetDate() == "" {
			continue
		}
		k := key{row.GetIndicatorId(), m.GetDate(), m.GetBreakdown().GetKind(), m.GetBreakdown().GetLabel()}
		if at, dup := first[k]; dup {
			problems = append(problems, sameDate(file, lines[i], at, m))
			continue
		}
		first[k] = lines[i]
	}
	if len(problems) > 0 {
		return rows, lines, problems.With(nil)
	}
	return rows, lines, nil
}

// sameDate is the problem of a row whose indicator, date, and district
// or group an earlier row at line at already has.
func sameDate(file string, line, at int, m *hcnetv1.Measurement) Problem {
	switch b := m.GetBreakdown(); b.GetKind() {
	case hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT:
		return problem(file, line, "date", "line {{.Line}} has a value of this indicator for the same date and district {{.Label}}; keep one",
			"Line", at, "Label", strconv.Quote(b.GetLabel()))
	case hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP:
		return problem(file, line, "date", "line {{.Line}} has a value of this indicator for the same date and group {{.Label}}; keep one",
			"Line", at, "Label", strconv.Quote(b.GetLabel()))
	}
	return problem(file, line, "date", "line {{.Line}} has a value of this indicator for the same date and the whole city; keep one", "Line", at)
}

// WriteMeasurements writes a measurements sheet, naming indicators
// through dir.
func WriteMeasurements(w io.Writer, rows []*hcnetv1.IndicatorMeasurement, dir *Directory) error {
	return measurementSheet(dir).write(w, rows)
}

// measurementRow matches a violation of a measurements import.
var measurementRow = regexp.MustCompile(`^measurements\[(\d+)\]\.?(.*)$`)

// MeasurementViolations turns the node's violations of a measurements
// import into problems at the file's lines; lines and rows are what
// ReadMeasurements returned. A bad breakdown is reported in the column
// the row filled, district or group.
func MeasurementViolations(file string, lines []int, rows []*hcnetv1.IndicatorMeasurement, vs []Violation) Problems {
	s := measurementSheet(nil)
	out := make(Problems, 0, len(vs))
	for _, v := range vs {
		p := Problem{File: file, Field: v.Field, Text: v.Description, Message: v.Message}
		if m := measurementRow.FindStringSubmatch(v.Field); m != nil {
			if row, err := strconv.Atoi(m[1]); err == nil && row < len(lines) {
				p.Line, p.Field = lines[row], ""
				if m[2] != "" {
					p.Field = s.columnOf(m[2])
				}
				if p.Field == colDistrict && row < len(rows) && rows[row].GetMeasurement().GetBreakdown().GetKind() == hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP {
					p.Field = colGroup
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// MeasurementsOf is every measured value of the indicators as rows of a
// sheet: indicator by indicator in the order given, each's values in the
// order it keeps them (by date).
func MeasurementsOf(indicators []*hcnetv1.Indicator) []*hcnetv1.IndicatorMeasurement {
	var out []*hcnetv1.IndicatorMeasurement
	for _, ind := range indicators {
		for _, m := range ind.GetMeasurements() {
			out = append(out, &hcnetv1.IndicatorMeasurement{IndicatorId: ind.GetId(), Measurement: m})
		}
	}
	return out
}
