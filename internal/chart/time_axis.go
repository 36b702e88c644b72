package chart

import (
	"math"
	"time"

	"github.com/hcnet/hcnet/internal/i18n"
)

// placedTick is a time tick where it is drawn: its mark at its date, its
// label centred at text, which may sit a little inside the mark at the
// chart's edges.
type placedTick struct {
	mark, text float64
	label      string
}

// tickGap is the least room between two neighbouring labels.
const tickGap = 8.0

// placeTimeTicks lays the time axis' labels out in the chart's language
// so each is shown whole: a label near an edge is moved inside the
// chart, and when labels written in a language are too wide for every
// tick, only every second (third, …) is labelled, the same stride all
// along, so the axis stays regular.
func placeTimeTicks(tr *i18n.Translator, ticks []TimeTick, lo, hi time.Time, x func(time.Time) float64) []placedTick {
	var all []placedTick
	var widths []float64
	for _, t := range ticks {
		if t.Before(lo) || t.After(hi) {
			continue
		}
		label := tickLabel(tr, t)
		w := textWidth(label, false)
		mid := x(t.Time)
		text := math.Max(w/2+1, math.Min(lineW-w/2-1, mid))
		all = append(all, placedTick{mark: mid, text: text, label: label})
		widths = append(widths, w)
	}
	for stride := 1; stride <= len(all); stride++ {
		var kept []placedTick
		fits, right := true, math.Inf(-1)
		for i := 0; i < len(all); i += stride {
			if all[i].text-widths[i]/2 < right+tickGap {
				fits = false
				break
			}
			right = all[i].text + widths[i]/2
			kept = append(kept, all[i])
		}
		if fits {
			return kept
		}
	}
	if len(all) > 0 {
		return all[:1]
	}
	return nil
}
