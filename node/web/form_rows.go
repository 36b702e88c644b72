package web

import (
	"slices"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/webui"
)

// A list in a record (partners with their roles, funding sources) is
// edited as rows of inputs, without JavaScript: the page shows the
// stored rows and an empty one; "Add another" and each row's "Remove"
// are submit buttons that show the form again with a row more or less,
// saving nothing; rows left empty are dropped when the form is saved.
// Every row's inputs share their names, so a row is the i-th value of
// each name.

// The add and remove buttons are submit inputs named after what they do,
// "row:add:GROUP" and "row:remove:GROUP:I", so that their values can be
// the words they show.
const rowButton = "row:"

// rowGroup is a list edited as rows: its inputs' names, the first naming
// the group; a row's inputs move together.
type rowGroup []string

// rowCell is one input of a row.
type rowCell struct {
	ID, Name, Label, Value string
	// Options make the input a select.
	Options []webui.Option
}

// formRow is one row of a list, numbered from 1.
type formRow struct {
	Index, N int
	Cells    []rowCell
	// Filled rows offer a remove button; the empty one is left empty.
	Filled bool
}

// rowsField is a list's rows as a page shows them.
type rowsField struct {
	// Name is the group's, Label its legend, Add the add button's words.
	Name, Label, Hint, Add string
	Rows                   []formRow
}

// count is how many rows the form's values hold.
func (g rowGroup) count(f *webui.Form) int {
	n := 0
	for _, name := range g {
		n = max(n, len(f.Values[name]))
	}
	return n
}

// cell is row i's value of input name.
func cell(f *webui.Form, name string, i int) string {
	if vs := f.Values[name]; i < len(vs) {
		return vs[i]
	}
	return ""
}

// blank says whether row i has nothing in it.
func (g rowGroup) blank(f *webui.Form, i int) bool {
	for _, name := range g {
		if strings.TrimSpace(cell(f, name, i)) != "" {
			return false
		}
	}
	return true
}

// compact drops the empty rows, so the rows a page shows again are
// numbered as the list the record holds (and the API's violations name).
func (g rowGroup) compact(f *webui.Form) {
	n := g.count(f)
	kept := make(map[string][]string, len(g))
	for i := 0; i < n; i++ {
		if g.blank(f, i) {
			continue
		}
		for _, name := range g {
			kept[name] = append(kept[name], strings.TrimSpace(cell(f, name, i)))
		}
	}
	for _, name := range g {
		if f.Values.Has(name) || kept[name] != nil {
			f.Values[name] = kept[name]
		}
	}
}

// rowsPressed applies the add or remove button the form was sent with;
// false when it was sent with neither, that is to be saved.
func rowsPressed(f *webui.Form, groups ...rowGroup) bool {
	var op []string
	for name := range f.Values {
		if strings.HasPrefix(name, rowButton) {
			op = strings.Split(strings.TrimPrefix(name, rowButton), ":")
		}
	}
	if len(op) < 2 {
		return false
	}
	for _, g := range groups {
		if g[0] != op[1] {
			continue
		}
		n := g.count(f)
		switch {
		case op[0] == "add" && len(op) == 2:
			for _, name := range g {
				vs := f.Values[name]
				for len(vs) < n {
					vs = append(vs, "")
				}
				f.Values[name] = append(vs, "")
			}
			return true
		case op[0] == "remove" && len(op) == 3:
			i, err := strconv.Atoi(op[2])
			if err != nil || i < 0 || i >= n {
				return true // a row already gone: show the form as it is
			}
			for _, name := range g {
				if vs := f.Values[name]; i < len(vs) {
					f.Values[name] = slices.Delete(slices.Clone(vs), i, i+1)
				}
			}
			return true
		}
	}
	return false
}

// rows builds a list's rows for the page: the form's rows and, after
// them, an empty one to fill unless the last is empty already. labels
// are the row inputs' labels, in g's order; options, by input name,
// make an input a select.
func rows(f *webui.Form, g rowGroup, labels []string, options map[string][]webui.Option) []formRow {
	n := g.count(f)
	if n == 0 || !g.blank(f, n-1) {
		n++
	}
	out := make([]formRow, n)
	for i := range out {
		out[i].Index, out[i].N, out[i].Filled = i, i+1, !g.blank(f, i)
		for j, name := range g {
			out[i].Cells = append(out[i].Cells, rowCell{
				ID: name + "-" + strconv.Itoa(i), Name: name, Label: labels[j],
				Value: cell(f, name, i), Options: options[name],
			})
		}
	}
	return out
}

// rowValues are the non-empty values of a one-input list.
func rowValues(f *webui.Form, name string) []string {
	var out []string
	for _, v := range f.Values[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
