package node_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/node"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// sqlite3 runs the sqlite3 shell, read-only, on the database at path,
// the way README tells an IT team to, and returns the rows of query as
// the shell prints them in its JSON mode. A machine without the shell
// fails the test: the views are only worth what the shell shows.
func sqlite3(t *testing.T, path, query string) []map[string]any {
	t.Helper()
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Fatalf("no sqlite3 shell for the SQL view tests: install it (apt-get install -y sqlite3): %v", err)
	}
	out, err := exec.Command(bin, "-readonly", "-json", path, query).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 %q: %v\n%s", query, err, out)
	}
	var rows []map[string]any
	if len(strings.TrimSpace(string(out))) == 0 {
		return nil // the shell prints nothing for no rows
	}
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("sqlite3 %q printed no JSON rows: %v\n%s", query, err, out)
	}
	return rows
}

// column is one column of every row, as text.
func column(rows []map[string]any, name string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(r[name])
	}
	return out
}

// viewColumns names, for every kind of record, its view and a column
// the test checks (partners has its own check). A kind added to the
// registry without a view fails TestRecordViewsWithSQLiteShell.
var viewColumns = map[record.Kind]struct{ view, column string }{
	record.KindCity:        {"city", "name"},
	record.KindPartner:     {"partners", "organisation"},
	record.KindPartnership: {"partnerships", "level"},
	record.KindHealthPlan:  {"health_plans", "adopted_by"},
	record.KindIndicator:   {"indicators", "direction"},
	record.KindPractice:    {"practices", "title"},
	record.KindSuccess:     {"successes", "partner_cities"},
	record.KindEndorsement: {"endorsements", "success_city"},
}

// TestRecordViewsWithSQLiteShell writes records through the node's
// service and reads them back with the sqlite3 shell while the node runs:
// the documented views show the fields as columns, in the vocabulary's
// short names, and follow an update and a delete.
func TestRecordViewsWithSQLiteShell(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := callCtx(t)

	health, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Malmö public health department")})
	if err != nil {
		t.Fatal(err)
	}
	env := nodetest.Partner("Malmö environment department")
	env.Sector = hcnetv1.Sector_SECTOR_URBAN_PLANNING
	envPartner, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: env})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks against loneliness", health.GetPartner().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	ind, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(plan.GetHealthPlan().GetId(), "g1", "Loneliness 75+")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetIndicator().GetId(),
		Measurement: &hcnetv1.Measurement{Date: "2024-12-31", Value: 17.25, Source: "city survey"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups for older residents")}); err != nil {
		t.Fatal(err)
	}
	success, err := c.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Fewer lonely residents", ps.GetPartnership().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: nodetest.Endorsement(success.GetSuccess().GetId())}); err != nil {
		t.Fatal(err)
	}

	rows := sqlite3(t, n.DBPath, "SELECT organisation, sector, contact_email FROM partners ORDER BY organisation")
	got := fmt.Sprint(column(rows, "organisation"), column(rows, "sector"), column(rows, "contact_email"))
	want := "[Malmö environment department Malmö public health department] [urban_planning health] [anna.lindqvist@malmo.se anna.lindqvist@malmo.se]"
	if got != want {
		t.Errorf("partners:\n got %s\nwant %s", got, want)
	}

	wantOne := map[string]string{
		"city":         "Malmö",
		"partners":     "Malmö public health department",
		"partnerships": "across_sectors",
		"health_plans": "city council",
		"indicators":   "decrease",
		"practices":    "Promenadgrupper för äldre", // the original language's title
		"successes":    "København",
		"endorsements": "copenhagen",
	}
	for _, k := range record.Kinds {
		v, ok := viewColumns[k]
		if !ok {
			t.Errorf("kind %s has no view in node/migrations", k)
			continue
		}
		rows := sqlite3(t, n.DBPath, fmt.Sprintf("SELECT %s FROM %s ORDER BY create_time LIMIT 1", v.column, v.view))
		if got := column(rows, v.column); len(got) != 1 || got[0] != wantOne[v.view] {
			t.Errorf("%s.%s = %q, want %q", v.view, v.column, got, wantOne[v.view])
		}
	}
	rows = sqlite3(t, n.DBPath, "SELECT indicator, date, value FROM measurements")
	if got := fmt.Sprint(column(rows, "indicator"), column(rows, "date"), column(rows, "value")); got != "[Loneliness 75+] [2024-12-31] [17.25]" {
		t.Errorf("measurements: %s", got)
	}
	rows = sqlite3(t, n.DBPath, "SELECT organisation, role FROM partnership_partners")
	if got := fmt.Sprint(column(rows, "organisation"), column(rows, "role")); got != "[Malmö public health department] [lead]" {
		t.Errorf("partnership_partners: %s", got)
	}

	edit := envPartner.GetPartner()
	edit.Organisation = "Malmö city planning office"
	if _, err := c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: edit, UpdateMask: mask("organisation")}); err != nil {
		t.Fatal(err)
	}
	rows = sqlite3(t, n.DBPath, "SELECT organisation, version FROM partners WHERE id = '"+edit.GetId()+"'")
	if got := fmt.Sprint(column(rows, "organisation"), column(rows, "version")); got != "[Malmö city planning office] [2]" {
		t.Errorf("partner after its update: %s", got)
	}
	if _, err := c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: edit.GetId()}); err != nil {
		t.Fatal(err)
	}
	rows = sqlite3(t, n.DBPath, "SELECT organisation FROM partners")
	if got := fmt.Sprint(column(rows, "organisation")); got != "[Malmö public health department]" {
		t.Errorf("partners after a delete: %s", got)
	}
}

// TestRecordJSONFilledAtOpen opens a database whose rows were stored
// before records.data_json existed: the node fills the column once, so the
// views show those records too.
func TestRecordJSONFilledAtOpen(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	if _, err := c.CreatePartner(callCtx(t), &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Malmö public health department")}); err != nil {
		t.Fatal(err)
	}
	n.Stop(t)

	// What an older hcnode leaves: the column at its default, and no
	// mark that the fill ran.
	ctx := context.Background()
	s, err := node.OpenStore(ctx, n.DBPath, node.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Write.ExecContext(ctx, `UPDATE records SET data_json = '{}'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Write.ExecContext(ctx, `DELETE FROM settings WHERE key = 'records_json_filled'`); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if rows := sqlite3(t, n.DBPath, "SELECT organisation FROM partners"); fmt.Sprint(column(rows, "organisation")) != "[<nil>]" {
		t.Fatalf("the old database's view already reads %v", column(rows, "organisation"))
	}

	n = nodetest.Restart(t, n.Dir)
	rows := sqlite3(t, n.DBPath, "SELECT c.name, p.organisation, p.sector FROM city c, partners p")
	if got := fmt.Sprint(column(rows, "name"), column(rows, "organisation"), column(rows, "sector")); got != "[Malmö] [Malmö public health department] [health]" {
		t.Errorf("after the fill at open: %s", got)
	}
}
