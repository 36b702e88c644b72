package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/poll"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func TestRecordStatusCommand(t *testing.T) {
	ctx := context.Background()
	c := startChain(t)
	public := sharedPractice(t, c.city, c.national, hcnetv1.Visibility_VISIBILITY_PUBLIC)
	poll.Until(t, "the public practice at the regional hub", func() bool { return heldVersion(t, c.regional, public) == 1 })
	network := sharedPractice(t, c.city, c.national, hcnetv1.Visibility_VISIBILITY_NETWORK)
	private, err := c.city.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: &hcnetv1.Practice{
		Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE, Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING, OriginalLanguage: "sv",
		Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Intern", Summary: "Bara här"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	nat, reg := "se-net ("+c.national.Addr+")", "eu-net ("+c.regional.Addr+")"
	for _, tc := range []struct {
		title  string
		before func(t *testing.T)
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{title: "a public record held up the chain", args: []string{public},
			stdout: []string{"record: practice " + public, "version 1, public", "hub " + nat + ": version 1 (current)", "hub " + reg + ": version 1 (current)"}},
		{title: "a network record stops at the national hub", args: []string{network},
			stdout: []string{"version 1, network", "hub " + nat + ": version 1 (current)", "network records stop at the national hub by design"}},
		{title: "a private record never leaves the node", args: []string{private.GetPractice().GetId()},
			stdout: []string{"version 1, private", "private records never leave the node"}},
		{title: "the city profile", args: []string{"malmo"}, stdout: []string{"record: city malmo", "hub " + nat + ": version 1 (current)"}},
		{title: "a hub that lost the record and one that is behind", args: []string{public},
			before: func(t *testing.T) {
				p, err := c.city.Client(t).GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: public})
				if err != nil {
					t.Fatal(err)
				}
				p.GetPractice().GetTexts()["sv"].Title = "Gröna skolgårdar 2"
				// The regional hub stops taking records, then the national
				// hub loses the record: neither has version 2.
				c.regional.Stop(t)
				if _, err := c.city.Client(t).UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p.GetPractice(), UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"texts"}}}); err != nil {
					t.Fatal(err)
				}
				poll.Until(t, "version 2 at the national hub", func() bool { return heldVersion(t, c.national, public) == 2 })
				if _, err := c.national.Hub.Store.DB().Write.Exec(`DELETE FROM records WHERE id = ?`, public); err != nil {
					t.Fatal(err)
				}
			},
			stdout: []string{"version 2, public", "hub " + nat + ": not held", "hub " + c.regional.Addr + ": unknown: cannot reach the hub"}},
		{title: "json", args: []string{network, "-o", "json"}, stdout: []string{`"visibility": "network"`, `"held": true`, `"id": "se-net"`}},
		{title: "an id the node does not have", args: []string{"01JB7Q6Z8M3V2K5T9X4R1N0P6D"}, code: exitError, stderr: "no record with id"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			if tc.before != nil {
				tc.before(t)
			}
			r := hcctl(t, c.city, append([]string{"record", "status"}, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(oneSpaced(r.stdout), s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr %q, want %q", r.stderr, tc.stderr)
			}
		})
	}
}

// oneSpaced collapses runs of spaces and line breaks, so tests do not
// depend on column widths.
func oneSpaced(s string) string { return strings.Join(strings.Fields(s), " ") }
