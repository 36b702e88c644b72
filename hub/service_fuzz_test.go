package hub_test

import (
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/rpcfuzz"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/hcnet/hcnet/internal/bearer"
)

// FuzzHubServiceRequests sends arbitrary bytes, decoded as the request of
// any HubService method, to a running hub over gRPC with the admin token:
// joins, member decisions, quarantine and search paging, record lookups,
// the partner finder, Watch filters and resume tokens, subscriber names
// and signed reconcile queries. Every answer must be a reply or a clear
// refusal, never Internal or Unknown.
func FuzzHubServiceRequests(f *testing.F) {
	h := hubtest.Start(f)
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer.Token(h.Token)))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { conn.Close() })
	methods := rpcfuzz.Methods(hcnetv1.File_hcnet_v1_hub_proto.Services().ByName("HubService"))

	kp, err := nkeys.CreateUser()
	if err != nil {
		f.Fatal(err)
	}
	join, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: "malmo", Country: "se", Name: "Malmö", HubId: "se-net"}, "0123456789abcdef", time.Now())
	if err != nil {
		f.Fatal(err)
	}
	reconcile, err := envelope.SignReconcile(kp, &hcnetv1.ReconcileQuery{}, time.Now())
	if err != nil {
		f.Fatal(err)
	}
	filter := &hcnetv1.SearchFilter{SdgGoals: []int32{3, 99}, Countries: []string{"se", "XX"}, Kinds: []string{"practice", "no-such-kind"}}
	seeds := map[string][]proto.Message{
		"Join":             {join},
		"Reconcile":        {reconcile},
		"SearchPractices":  {&hcnetv1.SearchPracticesRequest{Query: "möten", Filter: filter, PageSize: 5}, &hcnetv1.SearchPracticesRequest{Query: "\"unterminated", PageToken: "not a token"}},
		"FindPartners":     {&hcnetv1.FindPartnersRequest{Topic: "school meals", SdgGoal: 3, Limit: 1000}},
		"Watch":            {&hcnetv1.WatchRequest{Filter: filter, ResumeToken: "not a token"}},
		"ApproveMember":    {&hcnetv1.ApproveMemberRequest{CityId: "malmo", Country: "se"}},
		"RevokeMember":     {&hcnetv1.RevokeMemberRequest{CityId: "nowhere", Country: "se"}},
		"AddSubscriber":    {&hcnetv1.AddSubscriberRequest{Name: "research-group-lund"}, &hcnetv1.AddSubscriberRequest{Name: "a b/c*>"}},
		"RevokeSubscriber": {&hcnetv1.RevokeSubscriberRequest{Name: "research-group-lund"}},
		"GetRecord":        {&hcnetv1.GetRecordRequest{Id: "01M85VPTSSATXQM98QZHSTF1ZK"}},
		"ListQuarantine":   {&hcnetv1.ListQuarantineRequest{PageSize: -1}},
		"SetParent":        {&hcnetv1.SetParentRequest{Addr: "127.0.0.1:1"}, &hcnetv1.SetParentRequest{Addr: "no such host:port:x"}},
	}
	rpcfuzz.Fuzz(f, conn, methods, seeds)
}
