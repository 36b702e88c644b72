package node_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/oklog/ulid/v2"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// rec is what every record message has in common.
type rec interface {
	proto.Message
	GetId() string
	GetVersion() int64
	GetCreateTime() *timestamppb.Timestamp
	GetUpdateTime() *timestamppb.Timestamp
}

// callCtx is the deadline every call of a test carries.
func callCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wantCode fails the test unless err is a status with code want.
func wantCode(t *testing.T, err error, want codes.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("call succeeded; want %v", want)
	}
	st, ok := status.FromError(err)
	if !ok {
		t.Fatalf("error %v is not a gRPC status; want %v", err, want)
	}
	if st.Code() != want {
		t.Fatalf("code %v (%s); want %v", st.Code(), st.Message(), want)
	}
}

// badFields asserts err is InvalidArgument with a BadRequest and returns
// the named fields, each with a non-empty description.
func badFields(t *testing.T, err error) []string {
	t.Helper()
	wantCode(t, err, codes.InvalidArgument)
	st, _ := status.FromError(err)
	var fields []string
	found := false
	for _, d := range st.Details() {
		br, ok := d.(*errdetails.BadRequest)
		if !ok {
			continue
		}
		found = true
		for _, v := range br.GetFieldViolations() {
			if v.GetDescription() == "" {
				t.Errorf("violation of %q has no description", v.GetField())
			}
			fields = append(fields, v.GetField())
		}
	}
	if !found {
		t.Fatalf("InvalidArgument %q carries no google.rpc.BadRequest", st.Message())
	}
	return fields
}

// wantBadFields asserts err is InvalidArgument naming exactly the fields
// want (in any order, each at least once).
func wantBadFields(t *testing.T, err error, want ...string) {
	t.Helper()
	got := badFields(t, err)
	g := slices.Compact(slices.Sorted(slices.Values(got)))
	w := slices.Compact(slices.Sorted(slices.Values(want)))
	if !slices.Equal(g, w) {
		t.Errorf("bad fields:\n got  %s\n want %s", strings.Join(g, ", "), strings.Join(w, ", "))
	}
}

// wantNew asserts a freshly created record: a ULID id, version 1, and
// create time equal to update time, both set.
func wantNew(t *testing.T, r rec) {
	t.Helper()
	if _, err := ulid.ParseStrict(r.GetId()); err != nil {
		t.Errorf("id %q is not a ULID: %v", r.GetId(), err)
	}
	if r.GetVersion() != 1 {
		t.Errorf("version %d; want 1", r.GetVersion())
	}
	if r.GetCreateTime() == nil || r.GetCreateTime().AsTime().IsZero() {
		t.Errorf("create_time not set")
	}
	if r.GetUpdateTime() == nil || !r.GetUpdateTime().AsTime().Equal(r.GetCreateTime().AsTime()) {
		t.Errorf("update_time %v; want create_time %v", r.GetUpdateTime(), r.GetCreateTime())
	}
}

// wantNext asserts that after is before's next version of the same record.
func wantNext(t *testing.T, before, after rec) {
	t.Helper()
	if after.GetId() != before.GetId() {
		t.Errorf("id changed from %s to %s", before.GetId(), after.GetId())
	}
	if after.GetVersion() != before.GetVersion()+1 {
		t.Errorf("version %d; want %d", after.GetVersion(), before.GetVersion()+1)
	}
	if !after.GetCreateTime().AsTime().Equal(before.GetCreateTime().AsTime()) {
		t.Errorf("create_time changed from %v to %v", before.GetCreateTime().AsTime(), after.GetCreateTime().AsTime())
	}
	if after.GetUpdateTime().AsTime().Before(before.GetUpdateTime().AsTime()) {
		t.Errorf("update_time went back from %v to %v", before.GetUpdateTime().AsTime(), after.GetUpdateTime().AsTime())
	}
}

// wantSame asserts two messages are equal.
func wantSame(t *testing.T, what string, got, want proto.Message) {
	t.Helper()
	if !proto.Equal(got, want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
	}
}

func ids[R interface{ GetId() string }](rs []R) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.GetId()
	}
	return out
}

// wantIDs asserts a list returned exactly the ids want, in any order.
func wantIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	g := slices.Sorted(slices.Values(got))
	w := slices.Sorted(slices.Values(want))
	if !slices.Equal(g, w) {
		t.Errorf("%s: got ids %v; want %v", what, g, w)
	}
}

// The create helpers store a fixture and fail the test when that fails.

func createPartner(t *testing.T, c hcnetv1.CityServiceClient, p *hcnetv1.Partner) *hcnetv1.Partner {
	t.Helper()
	r, err := c.CreatePartner(callCtx(t), &hcnetv1.CreatePartnerRequest{Partner: p})
	if err != nil {
		t.Fatalf("create partner %q: %v", p.GetOrganisation(), err)
	}
	return r.GetPartner()
}

func createPartnership(t *testing.T, c hcnetv1.CityServiceClient, p *hcnetv1.Partnership) *hcnetv1.Partnership {
	t.Helper()
	r, err := c.CreatePartnership(callCtx(t), &hcnetv1.CreatePartnershipRequest{Partnership: p})
	if err != nil {
		t.Fatalf("create partnership %q: %v", p.GetTitle(), err)
	}
	return r.GetPartnership()
}

func createPlan(t *testing.T, c hcnetv1.CityServiceClient, p *hcnetv1.HealthPlan) *hcnetv1.HealthPlan {
	t.Helper()
	r, err := c.CreateHealthPlan(callCtx(t), &hcnetv1.CreateHealthPlanRequest{HealthPlan: p})
	if err != nil {
		t.Fatalf("create plan %q: %v", p.GetTitle(), err)
	}
	return r.GetHealthPlan()
}

func createIndicator(t *testing.T, c hcnetv1.CityServiceClient, i *hcnetv1.Indicator) *hcnetv1.Indicator {
	t.Helper()
	r, err := c.CreateIndicator(callCtx(t), &hcnetv1.CreateIndicatorRequest{Indicator: i})
	if err != nil {
		t.Fatalf("create indicator %q: %v", i.GetName(), err)
	}
	return r.GetIndicator()
}

func createPractice(t *testing.T, c hcnetv1.CityServiceClient, p *hcnetv1.Practice) *hcnetv1.Practice {
	t.Helper()
	r, err := c.CreatePractice(callCtx(t), &hcnetv1.CreatePracticeRequest{Practice: p})
	if err != nil {
		t.Fatalf("create practice: %v", err)
	}
	return r.GetPractice()
}

func createSuccess(t *testing.T, c hcnetv1.CityServiceClient, s *hcnetv1.Success) *hcnetv1.Success {
	t.Helper()
	r, err := c.CreateSuccess(callCtx(t), &hcnetv1.CreateSuccessRequest{Success: s})
	if err != nil {
		t.Fatalf("create success %q: %v", s.GetTitle(), err)
	}
	return r.GetSuccess()
}

func createEndorsement(t *testing.T, c hcnetv1.CityServiceClient, e *hcnetv1.Endorsement) *hcnetv1.Endorsement {
	t.Helper()
	r, err := c.CreateEndorsement(callCtx(t), &hcnetv1.CreateEndorsementRequest{Endorsement: e})
	if err != nil {
		t.Fatalf("create endorsement: %v", err)
	}
	return r.GetEndorsement()
}

// countPartners is how many partners the node holds.
func countPartners(t *testing.T, c hcnetv1.CityServiceClient) int32 {
	t.Helper()
	r, err := c.ListPartners(callCtx(t), &hcnetv1.ListPartnersRequest{})
	if err != nil {
		t.Fatalf("list partners: %v", err)
	}
	return r.GetTotalSize()
}

// countPartnerships is how many partnerships the node holds.
func countPartnerships(t *testing.T, c hcnetv1.CityServiceClient) int32 {
	t.Helper()
	r, err := c.ListPartnerships(callCtx(t), &hcnetv1.ListPartnershipsRequest{})
	if err != nil {
		t.Fatalf("list partnerships: %v", err)
	}
	return r.GetTotalSize()
}

// seedPlan stores a partner, a partnership and a plan with goals g1, g2,
// which plans' indicators and successes need.
func seedPlan(t *testing.T, c hcnetv1.CityServiceClient) (*hcnetv1.Partnership, *hcnetv1.HealthPlan) {
	t.Helper()
	p := createPartner(t, c, nodetest.Partner("Malmö stad, Miljöförvaltningen"))
	ps := createPartnership(t, c, nodetest.Partnership("Walks against loneliness", p.GetId()))
	plan := createPlan(t, c, nodetest.HealthPlan("Malmö health plan 2024–2030"))
	return ps, plan
}
