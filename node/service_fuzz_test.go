package node_test

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/internal/rpcfuzz"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// FuzzCityServiceRequests sends arbitrary bytes, decoded as the request of
// any CityService method, to a running node over gRPC with the admin token,
// so validation, reference checks, masks, paging and the store all see
// hostile requests. Every answer must be a reply or a clear refusal, never
// Internal or Unknown. JoinHub is left out: it dials the address it is
// given, and a fuzzer must not reach beyond loopback.
func FuzzCityServiceRequests(f *testing.F) {
	n := nodetest.Start(f)
	conn := n.Conn(f, n.Token)
	methods := rpcfuzz.Methods(hcnetv1.File_hcnet_v1_city_service_proto.Services().ByName("CityService"), "JoinHub")
	ctx := context.Background()
	c := hcnetv1.NewCityServiceClient(conn)
	partner, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Malmö stad")})
	if err != nil {
		f.Fatal(err)
	}
	plan, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Plan 2026")})
	if err != nil {
		f.Fatal(err)
	}
	pid := partner.GetPartner().GetId()
	goal := plan.GetHealthPlan().GetGoals()[0].GetId()
	seeds := map[string][]proto.Message{
		"CreatePartner":      {&hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Region Skåne")}},
		"UpdatePartner":      {&hcnetv1.UpdatePartnerRequest{Partner: partner.GetPartner()}},
		"GetPartner":         {&hcnetv1.GetPartnerRequest{Id: pid}},
		"ListPartners":       {&hcnetv1.ListPartnersRequest{PageSize: 2, Filter: &hcnetv1.RecordFilter{Query: "malmö"}}},
		"CreatePartnership":  {&hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Trygga mötesplatser", pid)}},
		"ImportPartners":     {&hcnetv1.ImportPartnersRequest{Partners: []*hcnetv1.Partner{nodetest.Partner("Lunds universitet")}}},
		"CreateHealthPlan":   {&hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Plan 2027")}},
		"CreateIndicator":    {&hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(plan.GetHealthPlan().GetId(), goal, "Andel rökare")}},
		"CreatePractice":     {&hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Mötesplatser för äldre")}},
		"ListPractices":      {&hcnetv1.ListPracticesRequest{Filter: &hcnetv1.RecordFilter{Query: "\"unterminated"}}},
		"DeletePartner":      {&hcnetv1.DeletePartnerRequest{Id: pid, Version: 1}},
		"RecordMeasurement":  {&hcnetv1.RecordMeasurementRequest{Measurement: &hcnetv1.Measurement{Date: "2025-13-40", Value: -1}}},
		"UpdateCity":         {&hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Name: ""}}},
		"CreateEndorsement":  {&hcnetv1.CreateEndorsementRequest{Endorsement: nodetest.Endorsement("no-such-success")}},
		"ListHealthPlans":    {&hcnetv1.ListHealthPlansRequest{PageToken: "not a token"}},
		"UpdatePartnership":  {&hcnetv1.UpdatePartnershipRequest{Partnership: nodetest.Partnership("x", pid)}},
		"ImportPartnerships": {&hcnetv1.ImportPartnershipsRequest{Partnerships: []*hcnetv1.Partnership{nodetest.Partnership("Import", pid)}}},
	}
	rpcfuzz.Fuzz(f, conn, methods, seeds)
}
