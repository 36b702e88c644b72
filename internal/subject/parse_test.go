package subject

import "testing"

func TestParse(t *testing.T) {
	const id = "01J9Z8Y7X6W5V4T3S2R1Q0P9N8"
	for _, tc := range []struct {
		title string
		subj  string
		want  Parsed // on an error, the parts read before the fault
		ok    bool
	}{
		{"a record", Record("se", "malmo", "practice", id), Parsed{SpaceRecord, "se", "malmo", "practice", id}, true},
		{"an attestation", Attestation("se", "lund"), Parsed{Space: SpaceAttestation, Country: "se", City: "lund"}, true},
		{"a public record", PublicRecord("dk", "aarhus", "success", id), Parsed{SpacePublic, "dk", "aarhus", "success", id}, true},
		{"empty", "", Parsed{}, false},
		{"another prefix", "nats.rec.se.malmo.practice.x", Parsed{}, false},
		{"hcnet alone", "hcnet", Parsed{}, false},
		{"another space", "hcnet.foo.se.malmo.practice.x", Parsed{}, false},
		{"a record without its id", "hcnet.rec.se.malmo.practice", Parsed{SpaceRecord, "se", "malmo", "practice", ""}, false},
		{"a record with a token more", "hcnet.rec.se.malmo.practice.x.y", Parsed{SpaceRecord, "se", "malmo", "practice", "x"}, false},
		{"a city's prefix only", "hcnet.rec.se.malmo", Parsed{Space: SpaceRecord, Country: "se", City: "malmo"}, false},
		{"a country only", "hcnet.rec.se", Parsed{Space: SpaceRecord, Country: "se"}, false},
		{"an empty country", "hcnet.rec..malmo.practice.x", Parsed{Space: SpaceRecord}, false},
		{"an empty id", "hcnet.pub.se.malmo.practice.", Parsed{SpacePublic, "se", "malmo", "practice", ""}, false},
		{"an attestation with a token more", "hcnet.att.se.lund.x", Parsed{Space: SpaceAttestation, Country: "se", City: "lund"}, false},
		{"an attestation without its city", "hcnet.att.se", Parsed{Space: SpaceAttestation, Country: "se"}, false},
		{"a wildcard", City("se", "malmo"), Parsed{Space: SpaceRecord, Country: "se", City: "malmo"}, false},
		{"a star", "hcnet.rec.se.*.practice.x", Parsed{Space: SpaceRecord, Country: "se"}, false},
		{"a country's wildcards", Country("se")[1], Parsed{Space: SpaceAttestation, Country: "se"}, false},
		{"the feed's wildcard", PublicRecords, Parsed{Space: SpacePublic}, false},
	} {
		t.Run(tc.title, func(t *testing.T) {
			got, err := Parse(tc.subj)
			if (err == nil) != tc.ok {
				t.Fatalf("Parse(%q) error %v, want ok %v", tc.subj, err, tc.ok)
			}
			if got != tc.want {
				t.Fatalf("Parse(%q) = %+v, want %+v", tc.subj, got, tc.want)
			}
			if tc.ok && got.String() != tc.subj {
				t.Fatalf("Parse(%q).String() = %q, want the subject back", tc.subj, got.String())
			}
		})
	}
}

// TestParseRoundTrips: every builder of one record's or attestation's
// subject comes back through Parse to what it was built from.
func TestParseRoundTrips(t *testing.T) {
	for _, c := range []struct{ country, city, kind, id string }{
		{"se", "malmo", "practice", "01J9Z8Y7X6W5V4T3S2R1Q0P9N8"},
		{"fi", "hameenlinna", "health_plan", "01HZZZZZZZZZZZZZZZZZZZZZZZ"},
		{"xx", "a-b_c", "city", "x"},
	} {
		for _, b := range []struct {
			subj string
			want Parsed
		}{
			{Record(c.country, c.city, c.kind, c.id), Parsed{SpaceRecord, c.country, c.city, c.kind, c.id}},
			{PublicRecord(c.country, c.city, c.kind, c.id), Parsed{SpacePublic, c.country, c.city, c.kind, c.id}},
			{Attestation(c.country, c.city), Parsed{Space: SpaceAttestation, Country: c.country, City: c.city}},
		} {
			got, err := Parse(b.subj)
			if err != nil || got != b.want {
				t.Errorf("Parse(%q) = %+v, %v; want %+v", b.subj, got, err, b.want)
			}
			if s := got.String(); s != b.subj {
				t.Errorf("Parse(%q).String() = %q", b.subj, s)
			}
		}
	}
	if s := (Parsed{}).String(); s != "" {
		t.Errorf("an empty Parsed builds %q, want nothing", s)
	}
}
