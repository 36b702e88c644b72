package record

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestJSON(t *testing.T) {
	ts := timestamppb.New(time.Date(2025, 3, 1, 9, 30, 0, 500, time.FixedZone("CET", 3600)))
	for _, tc := range []struct {
		title string
		m     proto.Message
		want  string
	}{
		{
			title: "enums as short names, int64 as a number, zero fields left out",
			m: &hcnetv1.Partner{Id: "p1", Version: 9007199254740993, CreateTime: ts, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK,
				Organisation: "Malmö stad", Sector: hcnetv1.Sector_SECTOR_URBAN_PLANNING, Contact: &hcnetv1.Contact{Email: "a@b.se"}},
			want: `{"id":"p1","version":9007199254740993,"create_time":"2025-03-01T08:30:00.0000005Z","visibility":"network",` +
				`"organisation":"Malmö stad","sector":"urban_planning","contact":{"email":"a@b.se"}}`,
		},
		{
			title: "lists, maps in key order, text escaped for JSON only",
			m: &hcnetv1.Practice{Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Äldre"}, "en": {Title: "\"Walks\" <older>\n\t\x01"}},
				Sectors: []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH, 0, 999}, Sdg: &hcnetv1.SdgTags{Goals: []int32{3, 11}}},
			want: `{"texts":{"en":{"title":"\"Walks\" <older>\n\t\u0001"},"sv":{"title":"Äldre"}},"sectors":["health","","999"],"sdg":{"goals":[3,11]}}`,
		},
		{
			title: "doubles, and those JSON has no number for",
			m:     &hcnetv1.Indicator{Baseline: 18.5, Target: math.Inf(1), Measurements: []*hcnetv1.Measurement{{Value: math.NaN()}, {Value: 1e-7}}},
			want:  `{"baseline":18.5,"target":"Infinity","measurements":[{"value":"NaN"},{"value":1e-07}]}`,
		},
	} {
		t.Run(tc.title, func(t *testing.T) {
			got := JSON(tc.m)
			if string(got) != tc.want {
				t.Errorf("JSON:\n got %s\nwant %s", got, tc.want)
			}
			if !json.Valid(got) {
				t.Errorf("not valid JSON: %s", got)
			}
		})
	}
}

// BenchmarkJSON sets the cost of the JSON copy a node writes with every
// record against the protobuf encoding it writes anyway.
func BenchmarkJSON(b *testing.B) {
	m := &hcnetv1.Practice{
		Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D", Version: 3, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		CreateTime: timestamppb.Now(), UpdateTime: timestamppb.Now(), OriginalLanguage: "sv",
		Texts: map[string]*hcnetv1.PracticeText{
			"en": {Title: "Walking groups for older residents", Summary: "Walks led by volunteers twice a week."},
			"sv": {Title: "Promenadgrupper för äldre", Summary: "Promenader två gånger i veckan."},
		},
		Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING, Problem: "Loneliness among older residents",
		Sectors: []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES},
		Sdg:     &hcnetv1.SdgTags{Goals: []int32{3, 10}, Targets: []string{"3.4"}},
	}
	b.Run("protobuf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := proto.Marshal(m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			JSON(m)
		}
	})
}
