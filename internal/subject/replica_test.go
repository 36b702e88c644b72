package subject

import "testing"

func TestReplicaNames(t *testing.T) {
	for _, tc := range []struct {
		title, name, consumer string
		ok                    bool
	}{
		{"a single hub keeps the old name", "", "hub-ingest", true},
		{"a replica gets its own", "b", "hub-ingest-b", true},
		{"digits, dash, underscore", "eu-2_west", "hub-ingest-eu-2_west", true},
		{"a dot would split the subject", "a.b", "", false},
		{"wildcards", "a*", "", false},
		{"upper case", "B", "", false},
		{"space", "a b", "", false},
		{"leading dash", "-b", "", false},
		{"too long", "abcdefghijklmnopqrstuvwxyz0123456", "", false},
	} {
		t.Run(tc.title, func(t *testing.T) {
			err := CheckReplica(tc.name)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckReplica(%q) = %v, want ok %v", tc.name, err, tc.ok)
			}
			if tc.ok && IngestConsumerOf(tc.name) != tc.consumer {
				t.Errorf("IngestConsumerOf(%q) = %q, want %q", tc.name, IngestConsumerOf(tc.name), tc.consumer)
			}
		})
	}
}
