package csvio

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// formulaStarts are the first characters that make a spreadsheet take a
// cell for a formula (tab and carriage return because some spreadsheets
// drop them first): OWASP's list for CSV injection. A name such as
// "=HYPERLINK(...)" or "-2+3+cmd|..." written verbatim would run when an
// officer or coordinator opens the file.
const formulaStarts = "=+-@\t\r"

// number matches a plain decimal number, which a spreadsheet reads as
// that number: a negative value is not a formula and stays as written.
var number = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

func isNumber(cell string) bool { return number.MatchString(cell) }

// formulaLike reports whether cell, past any leading apostrophes, starts
// with one of formulaStarts.
func formulaLike(cell string) bool {
	rest := strings.TrimLeft(cell, "'")
	return rest != "" && strings.IndexByte(formulaStarts, rest[0]) >= 0
}

// EscapeFormula returns cell as a spreadsheet should get it: a cell that
// would start a formula gets a leading apostrophe, which spreadsheets
// take to mean "text" and do not show. Numbers stay as they are.
//
// The reader takes one apostrophe off a cell that starts with
// apostrophes followed by one of formulaStarts. So that it takes off
// exactly what was added, a cell that already has that form (text that
// really starts "'=") gets one more apostrophe too; any other
// apostrophe is text and passes both ways untouched.
func EscapeFormula(cell string) string {
	if !formulaLike(cell) || isNumber(cell) {
		return cell
	}
	return "'" + cell
}

// unescapeFormula undoes EscapeFormula. It also reads a sheet made by
// hand or by another program that escaped a formula the same way.
func unescapeFormula(cell string) string {
	if strings.HasPrefix(cell, "'") && formulaLike(cell) {
		return cell[1:]
	}
	return cell
}

// Writer writes CSV records with every cell passed through
// EscapeFormula. Every CSV a person may open in a spreadsheet is written
// through one.
type Writer struct {
	w   *csv.Writer
	rec []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record; like csv.Writer's, it is buffered until Flush.
func (w *Writer) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, cell := range record {
		w.rec = append(w.rec, EscapeFormula(cell))
	}
	return w.w.Write(w.rec)
}

// Flush writes any buffered data to the underlying io.Writer; Error
// reports whether it or an earlier Write failed.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error from a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
