package record

import (
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestEnumShortNames(t *testing.T) {
	tests := []struct {
		title string
		in    string
		want  hcnetv1.Sector
		err   bool
	}{
		{title: "short", in: "urban_planning", want: hcnetv1.Sector_SECTOR_URBAN_PLANNING},
		{title: "spaces and case", in: " Urban Planning ", want: hcnetv1.Sector_SECTOR_URBAN_PLANNING},
		{title: "hyphen", in: "social-services", want: hcnetv1.Sector_SECTOR_SOCIAL_SERVICES},
		{title: "full name", in: "SECTOR_HEALTH", want: hcnetv1.Sector_SECTOR_HEALTH},
		{title: "empty is zero", in: "", want: hcnetv1.Sector_SECTOR_UNSPECIFIED},
		{title: "unspecified refused", in: "unspecified", err: true},
		{title: "unknown", in: "astrology", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got, err := ParseEnum[hcnetv1.Sector](tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("ParseEnum(%q) error = %v, want error %v", tt.in, err, tt.err)
			}
			if got != tt.want {
				t.Fatalf("ParseEnum(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
	if got := ShortName(hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP); got != "step_by_step" {
		t.Fatalf("ShortName = %q", got)
	}
	if got := ShortName(hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS); got != "across_sectors" {
		t.Fatalf("ShortName = %q", got)
	}
}
