package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sample"
	"github.com/hcnet/hcnet/node/nodetest"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// A sample city exported with --all parses back, line by line, into
// records equal to what the node holds, every one of them.
func TestExportAllJSONLines(t *testing.T) {
	city := sample.Cities[0]
	n := nodetest.StartWith(t, nodetest.Options{CityID: city.ID, Name: city.Name, Country: city.Country})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sum, err := sample.Load(ctx, n.Client(t), city)
	if err != nil {
		t.Fatal(err)
	}
	want := map[record.Kind][]string{
		record.KindCity:        {sum.City},
		record.KindPartner:     sum.Partners,
		record.KindPartnership: sum.Partnerships,
		record.KindHealthPlan:  {sum.Plan},
		record.KindIndicator:   sum.Indicators,
		record.KindPractice:    sum.Practices,
		record.KindSuccess:     {sum.Success.GetSuccessId()},
	}
	if sum.Endorsement != "" {
		want[record.KindEndorsement] = []string{sum.Endorsement}
	}

	for _, tc := range []struct {
		title string
		args  []string
		read  func(t *testing.T, stdout, file string) string
	}{
		{title: "to standard output", args: []string{"export", "--all"}, read: func(_ *testing.T, s, _ string) string { return s }},
		{title: "to a file", args: []string{"export", "--all", "--out", "FILE"}, read: func(t *testing.T, _, file string) string {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "all.jsonl")
			args := slices.Clone(tc.args)
			for i, a := range args {
				if a == "FILE" {
					args[i] = file
				}
			}
			text := tc.read(t, ok(t, n, args...), file)
			got := map[record.Kind][]string{}
			var order []record.Kind
			sc := bufio.NewScanner(strings.NewReader(text))
			sc.Buffer(nil, 16<<20)
			for sc.Scan() {
				var line exportLine
				if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
					t.Fatalf("line is not JSON: %v\n%s", err, sc.Text())
				}
				m, err := record.New(line.Kind)
				if err != nil {
					t.Fatalf("kind %q: %v", line.Kind, err)
				}
				if err := protojson.Unmarshal(line.Record, m); err != nil {
					t.Fatalf("%s record does not parse back: %v\n%s", line.Kind, err, line.Record)
				}
				meta := record.GetMeta(m)
				stored, err := n.Node.Store.Get(ctx, line.Kind, meta.ID)
				if line.Kind == record.KindCity {
					stored, err = n.Node.Store.City(ctx)
				}
				if err != nil {
					t.Fatalf("%s %s: %v", line.Kind, meta.ID, err)
				}
				if !proto.Equal(m, stored) {
					t.Errorf("%s %s differs from the node's:\n got %v\nwant %v", line.Kind, meta.ID, m, stored)
				}
				got[line.Kind] = append(got[line.Kind], meta.ID)
				if len(order) == 0 || order[len(order)-1] != line.Kind {
					order = append(order, line.Kind)
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			for k, ids := range want {
				if !sameSet(got[k], ids) {
					t.Errorf("%s: exported %v, node holds %v", k, got[k], ids)
				}
			}
			// Kinds in loading order, each in one run.
			if !slices.IsSortedFunc(order, func(a, b record.Kind) int {
				return slices.Index(record.Kinds, a) - slices.Index(record.Kinds, b)
			}) || len(slices.Compact(slices.Clone(order))) != len(order) {
				t.Errorf("kinds in order %v", order)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestExportAllCoversEveryKind(t *testing.T) {
	for _, k := range record.Kinds {
		if _, ok := exportListers[k]; !ok && k != record.KindCity {
			t.Errorf("export --all cannot list %s records", k)
		}
	}
}

func TestExportChoosesOneForm(t *testing.T) {
	n := nodetest.Start(t)
	for _, tc := range []struct {
		title string
		args  []string
		want  string
	}{
		{title: "neither", args: []string{"export"}, want: "--kind partners|partnerships"},
		{title: "both", args: []string{"export", "--all", "--kind", "partners"}, want: "leave out --kind"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			r := hcctl(t, n, tc.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want usage error mentioning %q", r.code, r.stderr, tc.want)
			}
		})
	}
	// The sheet form still works.
	if out := ok(t, n, "export", "--kind", "partners"); !strings.HasPrefix(strings.TrimPrefix(out, "\ufeff"), "id,") {
		t.Fatalf("export --kind partners: %q", out)
	}
}
