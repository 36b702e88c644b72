package record

import (
	"math"
	"slices"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// fuzzSeeds are records of each kind with the values hostile clients send:
// absurd dates, negative, huge and NaN numbers, unknown enum values
// and lists one element too long. Invalid UTF-8 is left to the fuzzer
// (proto.Marshal refuses it).
func fuzzSeeds() []proto.Message {
	return []proto.Message{
		&hcnetv1.City{},
		&hcnetv1.Partner{Organisation: "Malmö stad", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO, Sector: 99, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC},
		&hcnetv1.Partner{Organisation: strings.Repeat("x", MaxShort+1), Kind: -1},
		&hcnetv1.Partnership{Title: "Parks", Level: 99, StartDate: "9999-99-99", EndDate: "0001-01-01", Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK},
		&hcnetv1.Partnership{Title: "Sectors", Sectors: make([]hcnetv1.Sector, MaxList+1)},
		&hcnetv1.HealthPlan{Title: "Plan", PeriodStartYear: 1, PeriodEndYear: math.MaxInt32},
		&hcnetv1.Indicator{Name: "Life expectancy", Measurements: []*hcnetv1.Measurement{{Date: "9999-99-99", Value: math.NaN()}, {Value: 1e300}, {Value: math.Inf(-1)}}},
		&hcnetv1.Practice{Id: "not-a-ulid"},
		&hcnetv1.Success{Title: "S"},
		&hcnetv1.Endorsement{},
	}
}

// FuzzValidate unmarshals arbitrary bytes into each kind of record and
// validates it: never a panic, the same answer twice, and every violation
// names a field under the prefix and says what is wrong.
func FuzzValidate(f *testing.F) {
	for _, m := range fuzzSeeds() {
		k, err := KindOf(m)
		if err != nil {
			f.Fatal(err)
		}
		b, err := proto.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(slices.Index(Kinds, k)), b)
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		m, err := New(Kinds[int(kind)%len(Kinds)])
		if err != nil {
			t.Fatal(err)
		}
		if err := proto.Unmarshal(data, m); err != nil {
			return
		}
		vs := Validate("record", m)
		for _, v := range vs {
			if !strings.HasPrefix(v.Field, "record") || v.Description == "" {
				t.Fatalf("violation %+v: no field under the prefix, or no description", v)
			}
		}
		if again := Validate("record", m); !slices.Equal(vs, again) {
			t.Fatalf("validated twice: %v, then %v", vs, again)
		}
	})
}
