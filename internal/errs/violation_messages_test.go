package errs

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// A violation's message and values cross the wire beside its English
// description, which stays as hcctl has always printed it; a violation
// written as English only crosses without a message.
func TestViolationMessagesRoundTrip(t *testing.T) {
	vs := record.Validate("health_plan", &hcnetv1.HealthPlan{Title: "P", PeriodStartYear: 2025, PeriodEndYear: 2020})
	vs = append(vs, record.Violation{Field: "page_token", Description: "is not a page token of this node"})
	st := status.Convert(Status(context.Background(), quiet(), "/x", InvalidFields("node.Create", vs)))

	var br *errdetails.BadRequest
	for _, d := range st.Details() {
		if d, ok := d.(*errdetails.BadRequest); ok {
			br = d
		}
	}
	if br == nil || len(br.GetFieldViolations()) != len(vs) {
		t.Fatalf("details %v, want a BadRequest with %d violations", st.Details(), len(vs))
	}
	for i, fv := range br.GetFieldViolations() {
		if fv.GetField() != vs[i].Field || fv.GetDescription() != vs[i].Description {
			t.Errorf("violation %d: %s %q, want %s %q", i, fv.GetField(), fv.GetDescription(), vs[i].Field, vs[i].Description)
		}
	}

	back := ViolationsOf(FromStatus(st.Err()))
	if len(back) != len(vs) {
		t.Fatalf("%d violations back, want %d", len(back), len(vs))
	}
	for i := range vs {
		if back[i] != vs[i] {
			t.Errorf("violation %d came back as %+v, want %+v", i, back[i], vs[i])
		}
	}
	before := back[len(back)-2]
	if before.Description != "2020 is before period_start_year 2025" || before.Message.ID != record.MsgBefore.ID() {
		t.Errorf("the period's violation came back as %+v", before)
	}
	if back[len(back)-1].Message.ID != "" {
		t.Errorf("an English-only violation came back with a message: %+v", back[len(back)-1])
	}
}
