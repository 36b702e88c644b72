package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// column is one column of a sheet: its header name, the protobuf field path
// it fills (so a violation the node reports can be named by column), and
// how a cell is read into and written from a record. A numeric column's
// cells may hold decimal commas in a file that is not comma-separated.
type column[M any] struct {
	name    string
	field   string
	get     func(M) string
	set     func(M, string) error
	numeric bool
}

// sheet is the columns of one kind of record.
type sheet[M any] struct {
	columns  []column[M]
	required []string
	newRow   func() M
}

// Columns lists the header names in the order they are written.
func (s sheet[M]) names() []string {
	out := make([]string, len(s.columns))
	for i, c := range s.columns {
		out[i] = c.name
	}
	return out
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// read parses a whole file. It goes on past bad rows so that every problem
// is reported at once, and returns for each record the line it starts on:
// quoted cells may span lines, so the line is not the row number plus one.
// With Problems it returns the rows that could be read as well (a bad
// cell leaves its field empty), so that the node can check them too and
// the officer hears of every problem in one run.
func (s sheet[M]) read(r io.Reader, file string) ([]M, []int, error) {
	cr, err := sheetReader(r)
	if err != nil {
		return nil, nil, readError(file, err)
	}

	var problems Problems
	add := func(line int, field, format string, args ...any) {
		problems = append(problems, Problem{File: file, Line: line, Field: field, Text: fmt.Sprintf(format, args...)})
	}

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		problems = append(problems, problem(file, 1, "", "the file is empty; a header row naming the columns is required"))
		return nil, nil, problems
	}
	if err != nil {
		return nil, nil, readError(file, err)
	}
	cols, headerProblems := s.bind(header)
	for _, p := range headerProblems {
		p.File, p.Line = file, 1
		problems = append(problems, p)
	}

	var rows []M
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			add(pe.StartLine, "", "%v", pe.Err)
			continue
		}
		if err != nil {
			return nil, nil, readError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			// Spreadsheets leave rows of empty cells at the end.
			continue
		}
		if len(rec) != len(header) {
			problems = append(problems, cellCount(file, line, len(rec), len(header)))
			continue
		}
		row := s.newRow()
		for i, cell := range rec {
			c := cols[i]
			if c == nil {
				continue
			}
			cell = unescapeFormula(cell)
			if c.numeric && cr.Comma != ',' {
				cell = decimalPoint(cell)
			}
			if err := c.set(row, cell); err != nil {
				add(line, c.name, "%v", err)
				problems[len(problems)-1].Message = messageOf(err)
			}
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
	if len(problems) > 0 {
		return rows, lines, problems
	}
	return rows, lines, nil
}

// sheetReader reads CSV as spreadsheets save it: with or without a byte
// order mark, separated by the delimiter the header row uses.
func sheetReader(r io.Reader) (*csv.Reader, error) {
	br := bufio.NewReaderSize(r, maxHeaderPeek)
	// Excel writes "CSV UTF-8" with a byte order mark; it is not part of
	// the first header name.
	if head, err := br.Peek(len(bom)); err == nil && bytes.Equal(head, bom) {
		_, _ = br.Discard(len(bom))
	}
	comma, err := sniffDelimiter(br)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	// Checked by hand, to report the count on every bad row.
	cr.FieldsPerRecord = -1
	return cr, nil
}

// bind maps each header cell to its column. Names are matched ignoring
// case and surrounding spaces; a name that is not a column is a problem,
// because a misspelt column would otherwise be silently dropped.
func (s sheet[M]) bind(header []string) ([]*column[M], Problems) {
	var problems Problems
	cols := make([]*column[M], len(header))
	seen := map[string]bool{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		idx := slices.IndexFunc(s.columns, func(c column[M]) bool { return c.name == name })
		switch {
		case name == "":
			problems = append(problems, problem("", 0, fmt.Sprintf("column %d", i+1), "has no name in the header"))
		case idx < 0:
			problems = append(problems, problem("", 0, h, "unknown column (the columns are {{.Columns}})", "Columns", strings.Join(s.names(), ", ")))
		case seen[name]:
			problems = append(problems, problem("", 0, name, "column appears twice"))
		default:
			cols[i] = &s.columns[idx]
		}
		seen[name] = true
	}
	for _, r := range s.required {
		if !seen[r] {
			problems = append(problems, problem("", 0, r, "required column is missing"))
		}
	}
	return cols, problems
}

// cellCount is the problem of a row with n cells under a header of
// header: "has 1 cell", "has 3 cells".
func cellCount(file string, line, n, header int) Problem {
	if n == 1 {
		return problem(file, line, "", "has {{.Cells}} cell; the header has {{.Header}}", "Cells", n, "Header", header)
	}
	return problem(file, line, "", "has {{.Cells}} cells; the header has {{.Header}}", "Cells", n, "Header", header)
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func readError(file string, err error) error {
	return fmt.Errorf("%s: %w", file, err)
}

// write prints the header and one row per record, all columns, UTF-8
// without a byte order mark, no cell a formula (read undoes the escape).
func (s sheet[M]) write(w io.Writer, rows []M) error {
	cw := NewWriter(w)
	if err := cw.Write(s.names()); err != nil {
		return err
	}
	rec := make([]string, len(s.columns))
	for _, row := range rows {
		for i, c := range s.columns {
			rec[i] = c.get(row)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// columnOf names the column a protobuf field path belongs to
// ("sdg.targets[1]" → "sdg_targets"), or returns the path unchanged when
// no single column holds it.
func (s sheet[M]) columnOf(path string) string {
	bare := stripIndexes(path)
	for _, c := range s.columns {
		if bare == c.field || strings.HasPrefix(bare, c.field+".") {
			return c.name
		}
	}
	return path
}

// stripIndexes drops list and map subscripts: "partners[2].role" →
// "partners.role".
func stripIndexes(path string) string {
	var b strings.Builder
	depth := 0
	for _, r := range path {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
