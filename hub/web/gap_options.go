package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/equity"
	"github.com/hcnet/hcnet/internal/webui"
)

// gapOptions are what a reader of the equity pages chose: the relative
// gap beyond which a district or group is marked, and whether the
// matrix colours the gap to the whole city or to the target. Both come
// from the address, so a page can be bookmarked and shared.
type gapOptions struct {
	Form *webui.Form
	// Threshold is a share (0.1), Percent the same in percent (10).
	Threshold, Percent float64
	ByTarget           bool
}

// The bounds of a threshold a reader may choose, in percent.
const minThreshold, maxThreshold = 1, 100

// readGapOptions reads the reader's choices; a threshold that is no
// number, or out of bounds, is a problem next to its field, and the
// default is used meanwhile.
func (h *Handler) readGapOptions(r *http.Request) gapOptions {
	q := r.URL.Query()
	o := gapOptions{Form: webui.NewForm(q), Threshold: equity.DefaultThreshold, ByTarget: q.Get("against") == "target"}
	tr := h.tr(r)
	if s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(q.Get("threshold")), "%")); s != "" {
		p, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		switch {
		case err != nil || math.IsNaN(p):
			o.Form.Add("threshold", tr.T("Threshold"), tr.T("Give the threshold as a number of percent, such as 10."))
		case p < minThreshold || p > maxThreshold:
			o.Form.Add("threshold", tr.T("Threshold"), tr.T("Give a threshold from {{.Min}} to {{.Max}} percent.", "Min", minThreshold, "Max", maxThreshold))
		default:
			o.Threshold = p / 100
		}
	}
	o.Percent = math.Round(o.Threshold*10000) / 100
	if !o.Form.HasErrors() {
		o.Form.Values.Set("threshold", strconv.FormatFloat(o.Percent, 'f', -1, 64))
	}
	return o
}

// status is the page's HTTP status: a problem with the reader's choice
// is a bad request, though the page still shows with the default.
func (o gapOptions) status() int {
	if o.Form.HasErrors() {
		return http.StatusBadRequest
	}
	return http.StatusOK
}
