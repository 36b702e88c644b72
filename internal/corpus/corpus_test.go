package corpus

import (
	"math"
	"slices"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"

	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
)

// The corpus is what the benchmarks' figures rest on: valid practices of
// about half a KiB, every one holding the common word and one in
// RareEvery holding the rare one.
func TestPracticesAreValidAndSkewed(t *testing.T) {
	const n = 2 * RareEvery
	rare := 0
	for i := range n {
		rec := Practice(i, "01JBENCH0000000000000000AA")
		p := rec.GetPractice()
		if vs := record.ValidateShared(rec); len(vs) > 0 {
			t.Fatalf("practice %d is not valid: %v", i, vs)
		}
		title := p.GetTexts()["en"].GetTitle()
		if !strings.Contains(title, Words[0]) {
			t.Fatalf("practice %d lacks the common word: %q", i, title)
		}
		if strings.Contains(title, "zeppelin") {
			rare++
		}
		if size := proto.Size(rec); size < 300 || size > 700 {
			t.Fatalf("practice %d is %d bytes, not about half a KiB", i, size)
		}
	}
	if rare != n/RareEvery {
		t.Errorf("%d practices hold the rare word, want %d", rare, n/RareEvery)
	}
}

// The corpus is the network the benchmarks' comments describe: eight
// countries of unequal size, each one's biggest city holding its share of
// the country's practices and more than any other city there, every city
// holding some; settings skewed (communities most, islands fewest); SDG
// 11 never on an island while SDG 11 in schools selects some; and the
// same practice every time.
func TestCorpusIsANetworkOfUnequalCities(t *testing.T) {
	const n = 100000
	all := Cities()
	perCity := make([]int, len(all))
	perCountry := map[string]int{}
	setting := map[hcnetv1.Setting]int{}
	var sdg11Schools, noMechanism, noGroup int
	for i := range n {
		c := Place(i)
		perCity[c]++
		perCountry[all[c].Country]++
		p := Practice(i, "01JBENCH0000000000000000AA").GetPractice()
		goal11 := slices.Contains(p.GetSdg().GetGoals(), 11)
		for _, s := range p.GetSettings() {
			setting[s]++
		}
		if goal11 && slices.Contains(p.GetSettings(), hcnetv1.Setting_SETTING_ISLANDS) {
			t.Fatalf("practice %d of SDG 11 is on an island", i)
		}
		if goal11 && slices.Contains(p.GetSettings(), hcnetv1.Setting_SETTING_SCHOOLS) {
			sdg11Schools++
		}
		if len(p.GetMechanisms()) == 0 {
			noMechanism++
		}
		if len(p.GetEquityGroups()) == 0 {
			noGroup++
		}
	}
	near := func(what string, got int, share, tolerance float64) {
		t.Helper()
		if g := float64(got) / n; math.Abs(g-share) > tolerance {
			t.Errorf("%s: %.4f of the practices, want %.4f ± %.4f", what, g, share, tolerance)
		}
	}
	if len(countries) != 8 || len(perCountry) != 8 {
		t.Fatalf("%d countries defined, %d hold practices; want 8", len(countries), len(perCountry))
	}
	at := 0
	for _, c := range countries {
		near("country "+c.code, perCountry[c.code], c.share, 0.005)
		big := perCity[at]
		near("biggest city "+c.capital, big, c.share*c.big, 0.004)
		for k := at + 1; k < at+c.cities; k++ {
			if perCity[k] == 0 || perCity[k] >= big {
				t.Errorf("%s holds %d practices; want some, and fewer than %s's %d", all[k].ID, perCity[k], c.capital, big)
			}
		}
		at += c.cities
	}
	if setting[hcnetv1.Setting_SETTING_COMMUNITIES] <= setting[hcnetv1.Setting_SETTING_SCHOOLS] ||
		setting[hcnetv1.Setting_SETTING_ISLANDS] >= setting[hcnetv1.Setting_SETTING_MARKETS] {
		t.Errorf("settings are not skewed as claimed: %v", setting)
	}
	near("SDG 11 in schools", sdg11Schools, 0.125*0.27, 0.01)
	near("no mechanism", noMechanism, 0.3, 0.01)
	near("no group reached", noGroup, 0.4, 0.01)
	if a, b := Practice(77, "x"), Practice(77, "x"); !proto.Equal(a, b) || Place(77) != Place(77) {
		t.Error("practice 77 differs from one call to the next")
	}
}
