package cli

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// decimal is a number flag that takes a decimal comma as well as a
// point: officers in most of Europe type "21,5". A comma is read as the
// decimal mark only where it cannot be a thousands separator, so "1,234"
// is refused with the two readings rather than guessed.
type decimal float64

func (d *decimal) String() string { return strconv.FormatFloat(float64(*d), 'f', -1, 64) }

// Type names the value in --help.
func (d *decimal) Type() string { return "number" }

func (d *decimal) Set(s string) error {
	v, err := parseDecimal(s)
	if err != nil {
		return err
	}
	*d = decimal(v)
	return nil
}

// parseDecimal reads "21.5", "21,5", "-0,125" or "1e3". A comma followed
// by exactly three digits after a non-zero whole part ("1,234") reads as
// a thousands separator in English and a decimal mark elsewhere, so it is
// an error naming both. Errors do not repeat s: the flag package names
// the flag and its value before them.
func parseDecimal(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if strings.Count(t, ",") > 1 || strings.Contains(t, ",") && strings.Contains(t, ".") {
		return 0, errors.New("write the number without thousands separators, with a point or a comma before the decimals (1234.5 or 1234,5)")
	}
	if whole, frac, ok := strings.Cut(t, ","); ok {
		if len(frac) == 3 && strings.TrimLeft(whole, "+-0") != "" {
			return 0, fmt.Errorf("could be %s%s or %s.%s; write it without the comma, or with a point", whole, frac, whole, frac)
		}
		t = whole + "." + frac
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not a number (write 21.5 or 21,5)")
	}
	return v, nil
}
