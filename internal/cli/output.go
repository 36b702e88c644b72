package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/hcnet/hcnet/internal/csvio"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// column is one column of a table or CSV view of a record.
type column[M any] struct {
	name  string
	value func(M) string
	// detail columns are shown by get, add and update but left out of
	// lists, where they would make rows too wide to read.
	detail bool
}

// maxCell keeps list tables readable on a terminal; json and csv carry
// full values.
const maxCell = 60

var jsonOptions = protojson.MarshalOptions{Multiline: true, Indent: "  ", EmitUnpopulated: false}

func writeJSON(w io.Writer, m proto.Message) error {
	b, err := jsonOptions.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// printList prints the records of a list response: the response itself as
// JSON, or the non-detail columns as an aligned table or CSV.
func printList[M any](a *app, resp proto.Message, rows []M, cols []column[M]) error {
	if a.g.output == formatJSON {
		return writeJSON(a.env.Stdout, resp)
	}
	var shown []column[M]
	for _, c := range cols {
		if !c.detail {
			shown = append(shown, c)
		}
	}
	if a.g.output == formatCSV {
		return writeCSV(a.env.Stdout, rows, shown)
	}
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
	names := make([]string, len(shown))
	for i, c := range shown {
		names[i] = strings.ToUpper(c.name)
	}
	fmt.Fprintln(tw, strings.Join(names, "\t"))
	for _, r := range rows {
		cells := make([]string, len(shown))
		for i, c := range shown {
			cells[i] = oneLine(c.value(r), maxCell)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// printOne prints a single record: the response as JSON, every column as
// CSV, or a table of column and value, one per line.
func printOne[M any](a *app, resp proto.Message, row M, cols []column[M]) error {
	switch a.g.output {
	case formatJSON:
		return writeJSON(a.env.Stdout, resp)
	case formatCSV:
		return writeCSV(a.env.Stdout, []M{row}, cols)
	}
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
	for _, c := range cols {
		v := c.value(row)
		if v == "" {
			continue
		}
		// Continuation lines start in the value column.
		v = strings.ReplaceAll(strings.ReplaceAll(v, "\t", " "), "\n", "\n\t")
		fmt.Fprintf(tw, "%s:\t%s\n", c.name, v)
	}
	return tw.Flush()
}

// writeCSV writes the rows for a spreadsheet: no cell starts a formula.
func writeCSV[M any](w io.Writer, rows []M, cols []column[M]) error {
	cw := csvio.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = strings.ReplaceAll(c.name, " ", "_")
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, r := range rows {
		for i, c := range cols {
			rec[i] = c.value(r)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// oneLine fits a value into a table cell: line breaks and tabs become
// spaces and long text is cut with an ellipsis.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
