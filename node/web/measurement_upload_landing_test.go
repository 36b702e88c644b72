package web

import (
	"net/http"
	"testing"
)

// TestMeasurementUploadLandsOnItsValues: a saved file of measurements
// lands where the officer sees the values just saved: the indicator's
// page when the file measured one indicator, the list of indicators when
// it measured several.
func TestMeasurementUploadLandsOnItsValues(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	smokers := s.indicatorNamed(t, "Daily smokers")
	s.indicatorNamed(t, "Lonely older residents")

	for _, tc := range []struct{ title, file, want string }{
		{"one indicator", "indicator;date;value\nDaily smokers;2025-03-01;31,9\nDaily smokers;2025-06-01;30,2\n", "/indicators/" + smokers.GetId()},
		{"two indicators", "indicator;date;value\nDaily smokers;2025-09-01;29\nLonely older residents;2025-09-01;12\n", "/indicators"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			code, page := s.upload(t, "measurements", token, "scb.csv", tc.file)
			if code != http.StatusOK {
				t.Fatalf("upload: %d\n%s", code, page)
			}
			code, body, to := s.confirm(t, "measurements", token, page)
			if code != http.StatusSeeOther || to != tc.want {
				t.Fatalf("confirm: %d to %q, want %q\n%s", code, to, tc.want, body)
			}
			if code, _ := s.get(t, to); code != http.StatusOK {
				t.Fatalf("%s: %d", to, code)
			}
		})
	}
}
