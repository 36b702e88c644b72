package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

type reportData struct {
	Hub       *hcnetv1.GetHubResponse
	Year      int
	Date      time.Time
	Stats     *hcnetv1.GetStatsResponse
	Charts    []chart.BarChart
	Reports   []Reporting
	Practices []*hcnetv1.SearchHit
	// MorePractices counts those left out of a very long list.
	MorePractices int64
	// MoreUncounted: the hub counted only the newest of more practices.
	MoreUncounted bool
	Green         int
	// Plans are the members' plans in progress, PlanTotal their actions
	// added up.
	Plans     []planProgress
	PlanTotal progressCount
	// Networks count the approved member hubs, NetworkCities the cities
	// they vouch for that count through them, Direct the approved member
	// cities of this hub's own: the summary says what it counts.
	Networks, NetworkCities, Direct int
	// Pending, Rejected and Revoked count the members the coordinator
	// has not let in, each by what became of it: none of them is a
	// member, and the summary says so.
	Pending, Rejected, Revoked int
	names                      *cityNames
}

// count adds up the summary's members and reporting cities. A city the
// coordinator decided about directly counts as a member of its own, not
// through its network.
func (d *reportData) count() {
	for _, rep := range d.Reports {
		if rep.Light == "green" {
			d.Green++
		}
		switch {
		case rep.Member.GetHub() && rep.Approved:
			d.Networks++
		case rep.Approved:
			d.Direct++
		}
		switch rep.Member.GetStatus() {
		case hcnetv1.MemberStatus_MEMBER_STATUS_PENDING:
			d.Pending++
		case hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED:
			d.Rejected++
		case hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED:
			d.Revoked++
		}
		// A network's cities report each on their own.
		for _, c := range rep.Cities {
			if rep.Approved && c.Vouch.GetOverriddenBy() == hcnetv1.MemberStatus_MEMBER_STATUS_UNSPECIFIED {
				d.NetworkCities++
				if c.Light == "green" {
					d.Green++
				}
			}
		}
	}
}

// CityName is what the city of a listed practice is called.
func (d reportData) CityName(h *hcnetv1.SearchHit) string {
	return d.names.of(h.GetCountry(), h.GetCityId())
}

// reportPractices bounds the report's list of practices: a printed
// report of a large network lists the first ones and says how many more.
const reportPractices = 1000

// report is the network's annual report: what members share with the hub
// on the day it is made, with each member's reporting status over the
// 12 months before. It prints to PDF from the browser (the stylesheet has
// print rules) and its member table downloads as CSV.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	now := h.opts.Now()
	d := reportData{Hub: h.hubInfo(ctx), Year: now.Year(), Date: now}
	var err error
	if d.Stats, err = h.hub.GetStats(ctx, &hcnetv1.GetStatsRequest{}); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Reports, err = h.reports(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	d.count()
	if d.Plans, d.PlanTotal, err = h.plansInProgress(ctx, d.Reports, now); err != nil {
		h.fail(w, r, err)
		return
	}
	// Every shared practice, page by page, up to reportPractices.
	token := ""
	for len(d.Practices) < reportPractices {
		res, err := h.hub.SearchPractices(ctx, &hcnetv1.SearchPracticesRequest{PageSize: 100, PageToken: token})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Practices = append(d.Practices, res.GetHits()...)
		d.MorePractices = res.GetTotalSize() - int64(len(d.Practices))
		d.MoreUncounted = res.GetTotalSizeIsLowerBound()
		if token = res.GetNextPageToken(); token == "" {
			break
		}
	}
	// The cities the report names, named at once; the members listed
	// already carry their names and their networks' cities'.
	keys := progressCities(d.Stats)
	for _, p := range d.Practices {
		keys = append(keys, cityKey{p.GetCountry(), p.GetCityId()})
	}
	members := make([]*hcnetv1.Member, len(d.Reports))
	for i, rep := range d.Reports {
		members[i] = rep.Member
	}
	if d.names, err = h.nameCities(ctx, keys, members); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Charts = statsCharts(h.tr(r), d.names, d.Stats, false, false)
	h.pages.Render(w, http.StatusOK, "report", h.page(r, "/report", h.tr(r).T("Annual report {{.Year}}", "Year", d.Year), d))
}

// csvHeader names the CSV's columns; one row per member, and after a
// member network one per city of it. New columns go last, so readers of
// the earlier ones go on working.
var csvHeader = []string{"country", "city_id", "name", "membership", "reporting", "plan_adopted", "shared_last_12_months",
	"overdue", "records", "last_shared", "partnerships", "plans", "adopted_plans", "indicators", "practices", "successes", "mean_indicator_progress", "member_hub"}

func (h *Handler) reportCSV(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	reps, err := h.reports(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	now := h.opts.Now()
	// The plans table is a file of its own, so the member table's
	// columns stay as its readers know them.
	plans := r.URL.Query().Get("table") == "plans"
	var progress []planProgress
	if plans {
		if progress, _, err = h.plansInProgress(ctx, reps, now); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	name := "report"
	if plans {
		name = "plans"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s-%s.csv"`, h.hubInfo(ctx).GetId(), name, now.Format("2006-01-02")))
	// Names are what member cities typed; the coordinator opens the file
	// in a spreadsheet, so no cell may start a formula.
	cw := csvio.NewWriter(w)
	if plans {
		writePlansCSV(cw, progress)
		cw.Flush()
		return
	}
	cw.Write(csvHeader)
	for _, rep := range reps {
		cw.Write(csvRow(rep))
		// A network's cities follow it, each judged on its own.
		for _, c := range rep.Cities {
			cw.Write(csvRow(c))
		}
	}
	cw.Flush()
}

// csvRow is one member's row of the member table, or one of a member
// network's cities'.
func csvRow(rep Reporting) []string {
	yes := func(b bool) string { return strconv.FormatBool(b) }
	m, st := rep.Member, rep.Stats
	last := ""
	if m.GetLastRecordTime() != nil {
		last = m.GetLastRecordTime().AsTime().UTC().Format(time.RFC3339)
	}
	return []string{
		m.GetCountry(), m.GetCityId(), m.GetName(), record.ShortName(m.GetStatus()), rep.Label,
		yes(rep.PlanAdopted), yes(rep.SharedRecently), yes(rep.Overdue),
		strconv.FormatInt(m.GetRecordCount(), 10), last,
		strconv.FormatInt(st.GetPartnerships(), 10), strconv.FormatInt(st.GetPlans(), 10), strconv.FormatInt(st.GetAdoptedPlans(), 10),
		strconv.FormatInt(st.GetIndicators(), 10), strconv.FormatInt(st.GetPractices(), 10), strconv.FormatInt(st.GetSuccesses(), 10),
		strconv.FormatFloat(st.GetMeanProgress(), 'f', 3, 64), yes(m.GetHub()),
	}
}

type homeData struct {
	Hub   *hcnetv1.GetHubResponse
	Stats *hcnetv1.GetStatsResponse
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	st, err := h.hub.GetStats(ctx, &hcnetv1.GetStatsRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.pages.Render(w, http.StatusOK, "home", h.page(r, "/", h.hubInfo(ctx).GetName(), homeData{Hub: h.hubInfo(ctx), Stats: st}))
}
