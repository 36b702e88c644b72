package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestMeasurementsImportExport: a statistics office's semicolon file is
// imported by indicator name; a file with bad rows lists each at its
// line and column and writes nothing; the export imports back onto the
// node without changing anything, and the same file twice is imported once.
func TestMeasurementsImportExport(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := context.Background()
	plan, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Plan 2030")})
	if err != nil {
		t.Fatal(err)
	}
	ind, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(plan.GetHealthPlan().GetId(), "g1", "Ensamhet 75+")})
	if err != nil {
		t.Fatal(err)
	}
	id := ind.GetIndicator().GetId()
	dir := t.TempDir()

	bad := filepath.Join(dir, "bad.csv")
	writeFile(t, bad, "indicator;date;value;district;group;source\n"+
		"Ensamhet 75+;2024-12-31;17,9;;;SCB\n"+
		"Ensamhet 75+;2024-12-31;24,5;Rosengård;kvinnor;SCB\n"+
		"Okänd;2024-12-31;1;;;SCB\n"+
		"Ensamhet 75+;2024-02-30;1;Limhamn;;SCB\n")
	before := dbHash(t, n)
	stderr := fails(t, n, "import", "--kind", "measurements", bad)
	for _, want := range []string{
		bad + ":3: group: a value is for a district or a group, not both",
		bad + `:4: indicator: unknown indicator "Okänd"`,
		bad + ":5: date: ", // found by the node, which checked the readable rows
		"3 problems; nothing was imported",
	} {
		if !strings.Contains(stderr, want) {
			t.Fatalf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if dbHash(t, n) != before {
		t.Fatal("a file with bad rows changed the database")
	}

	good := filepath.Join(dir, "good.csv")
	writeFile(t, good, "indicator;date;value;district;group;source\n"+
		"Ensamhet 75+;2024-12-31;17,9;;;SCB\n"+
		"Ensamhet 75+;2024-12-31;24,5;Rosengård;;SCB\n"+
		"Ensamhet 75+;2024-12-31;\"1 003,25\";;kvinnor 75+;SCB\n")
	if out := ok(t, n, "import", "--kind", "measurements", good); out != "imported "+good+": 3 created, 0 updated\n" {
		t.Fatalf("import: %q", out)
	}
	if out := ok(t, n, "import", "--kind", "measurements", good); !strings.Contains(out, "was imported before (3 created, 0 updated); nothing written again") {
		t.Fatalf("the same file again: %q", out)
	}
	got, err := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if ms := got.GetIndicator().GetMeasurements(); len(ms) != 3 || got.GetIndicator().GetVersion() != 2 || ms[2].GetValue() != 1003.25 {
		t.Fatalf("indicator after the imports: %v", got.GetIndicator())
	}

	exported := ok(t, n, "export", "--kind", "measurements")
	want := "indicator,date,value,district,group,source,note\n" +
		"Ensamhet 75+,2024-12-31,17.9,,,SCB,\n" +
		"Ensamhet 75+,2024-12-31,24.5,Rosengård,,SCB,\n" +
		"Ensamhet 75+,2024-12-31,1003.25,,kvinnor 75+,SCB,\n"
	if exported != want {
		t.Fatalf("export:\n%s\nwant:\n%s", exported, want)
	}
	back := filepath.Join(dir, "export.csv")
	writeFile(t, back, exported)
	r := hcctl(t, n, "import", "--kind", "measurements", back)
	if r.code != 0 || r.stdout != "imported "+back+": 0 created, 0 updated\n" || !strings.Contains(r.stderr, "3 values the node already had") {
		t.Fatalf("the export imported back: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got2, _ := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id}); got2.GetIndicator().GetVersion() != 2 {
		t.Fatalf("importing the export wrote version %d", got2.GetIndicator().GetVersion())
	}
}
