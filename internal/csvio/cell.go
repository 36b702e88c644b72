package csvio

import (
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
)

// listSep separates the items of a list cell. Spreadsheets already use ","
// between cells, so ";" keeps list cells readable and rarely needs quoting.
const listSep = ";"

// splitList reads a list cell: items separated by ";", spaces around them
// dropped, empty items skipped (a trailing ";" is harmless).
func splitList(cell string) []string {
	var out []string
	for _, item := range strings.Split(cell, listSep) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// joinList writes a list cell. The space after ";" is for the reader of
// the spreadsheet; splitList ignores it.
func joinList(items []string) string {
	return strings.Join(items, listSep+" ")
}

func parseEnum[E record.Enum](cell string) (E, error) {
	return record.ParseEnum[E](cell)
}

func parseEnumList[E record.Enum](cell string) ([]E, error) {
	return record.ParseEnums[E](splitList(cell))
}

func formatEnumList[E record.Enum](items []E) string {
	return joinList(record.ShortNamesOf(items))
}

func parseInt32List(cell string) ([]int32, error) {
	var out []int32
	for _, item := range splitList(cell) {
		n, err := strconv.ParseInt(item, 10, 32)
		if err != nil {
			return nil, problemf(`"{{.Item}}" is not a whole number`, "Item", item)
		}
		out = append(out, int32(n))
	}
	return out, nil
}

func formatInt32List(items []int32) string {
	s := make([]string, len(items))
	for i, n := range items {
		s[i] = strconv.FormatInt(int64(n), 10)
	}
	return joinList(s)
}

// parseBool accepts what people type in a yes/no column, in English and
// Swedish; empty is no.
func parseBool(cell string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(cell)) {
	case "", "no", "n", "false", "0", "nej":
		return false, nil
	case "yes", "y", "true", "1", "ja", "x":
		return true, nil
	}
	return false, problemf(`"{{.Cell}}" is not yes or no`, "Cell", cell)
}

func formatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
