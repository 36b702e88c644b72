package csvio

import (
	"bufio"
	"errors"
	"io"
	"regexp"
)

// maxHeaderPeek bounds how much of a file is looked at to find its
// delimiter: a header row is far shorter.
const maxHeaderPeek = 64 << 10

// sniffDelimiter finds the cell delimiter from the header row. Excel
// writes "CSV" with the list separator of the computer's locale, which is
// ";" in Swedish, Danish, German, French and most of Europe, so a file an
// officer saves may use ";" (or a tab, from "Unicode text"). The header
// holds only column names, none of which contain a delimiter, so the most
// frequent of ",", ";" and tab outside quotes is the delimiter; a header
// of one column has none and is read as comma-separated.
func sniffDelimiter(br *bufio.Reader) (rune, error) {
	head, err := br.Peek(maxHeaderPeek)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return 0, err
	}
	counts := map[byte]int{}
	quoted := false
	for _, b := range head {
		if b == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if b == '\n' || b == '\r' {
			break
		}
		counts[b]++
	}
	best, n := ',', counts[',']
	for _, d := range []byte{';', '\t'} {
		if counts[d] > n {
			best, n = rune(d), counts[d]
		}
	}
	return best, nil
}

// decimalComma matches a comma between a digit and a digit or letter
// ("21,5", the SDG target "3,a").
var decimalComma = regexp.MustCompile(`([0-9]),([0-9a-zA-Z])`)

// decimalPoint rewrites decimal commas in a cell of a numeric column to
// points. Only called for files whose delimiter is not a comma: there a
// comma inside a number cannot be a thousands separator that a
// spreadsheet would have written, since the locales that write ";" use
// the comma as their decimal mark.
func decimalPoint(cell string) string {
	return decimalComma.ReplaceAllString(cell, "$1.$2")
}
