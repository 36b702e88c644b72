package chart

import (
	"math"
	"strconv"
	"strings"
)

// Ticks returns about n "nice" tick values (steps of 1, 2 or 5 times a
// power of ten) covering lo..hi, so an axis reads 0, 5, 10 rather than
// 0, 3.7, 7.4.
func Ticks(lo, hi float64, n int) []float64 {
	if n < 2 {
		n = 2
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		if hi == 0 {
			hi = 1
		} else {
			lo, hi = lo-math.Abs(lo)*0.1, hi+math.Abs(hi)*0.1
		}
	}
	step := niceStep((hi - lo) / float64(n-1))
	start := math.Floor(lo/step) * step
	end := math.Ceil(hi/step) * step
	// Round away float noise (0.6000000000000001) at the step's decimals.
	scale := math.Pow(10, math.Max(0, -math.Floor(math.Log10(step))))
	var out []float64
	for i := 0.0; start+i*step <= end+step/2; i++ {
		out = append(out, math.Round((start+i*step)*scale)/scale)
	}
	return out
}

func niceStep(raw float64) float64 {
	exp := math.Floor(math.Log10(raw))
	base := math.Pow(10, exp)
	switch f := raw / base; {
	case f <= 1:
		return base
	case f <= 2:
		return 2 * base
	case f <= 5:
		return 5 * base
	}
	return 10 * base
}

// Number formats a value for a label: no trailing zeros, at most two
// decimals, thousands unseparated (the pages are multilingual; a space or
// comma would mean different things to different readers).
func Number(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
