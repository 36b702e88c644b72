package hub

import (
	"context"
	"slices"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/rpcserver"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// adminMethods need the hub's admin token.
var adminMethods = map[string]bool{
	"/hcnet.v1.HubService/ApproveMember":  true,
	"/hcnet.v1.HubService/RejectMember":   true,
	"/hcnet.v1.HubService/RevokeMember":   true,
	"/hcnet.v1.HubService/DeleteMember":   true,
	"/hcnet.v1.HubService/ListQuarantine": true,
	// Feed subscribers (service_feed.go).
	"/hcnet.v1.HubService/AddSubscriber":    true,
	"/hcnet.v1.HubService/ListSubscribers":  true,
	"/hcnet.v1.HubService/RevokeSubscriber": true,
	// The hub's parent (service_parent.go).
	"/hcnet.v1.HubService/SetParent":   true,
	"/hcnet.v1.HubService/GetParent":   true,
	"/hcnet.v1.HubService/LeaveParent": true,
}

// GetHub implements hcnet.v1.HubService.
func (s *Service) GetHub(ctx context.Context, _ *hcnetv1.GetHubRequest) (*hcnetv1.GetHubResponse, error) {
	out := proto.CloneOf(s.info)
	// The parent may be set while the hub runs (SetParent).
	parent, err := s.store.Setting(ctx, "upstream_addr")
	if err != nil {
		return nil, err
	}
	out.ParentAddr = parent
	return out, nil
}

// Join implements hcnet.v1.HubService.
func (s *Service) Join(ctx context.Context, r *hcnetv1.JoinRequest) (*hcnetv1.JoinResponse, error) {
	m, err := s.members.Join(ctx, r)
	if err != nil {
		return nil, err
	}
	out := &hcnetv1.JoinResponse{Status: m.GetStatus()}
	if m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		out.NatsUrl = s.info.GetNatsUrl()
		out.SubjectPrefix = subject.City(m.GetCountry(), m.GetCityId())
		out.Stream = subject.RecordStream
	}
	return out, nil
}

// ListMembers implements hcnet.v1.HubService. Pending and rejected
// applications are the coordinator's business: anyone may apply, so
// shown to everyone they would let anyone fill the public members page
// and the annual report. Without the admin token they are left out, and
// so are member hubs' vouches for them.
func (s *Service) ListMembers(ctx context.Context, r *hcnetv1.ListMembersRequest) (*hcnetv1.ListMembersResponse, error) {
	var vs record.Violations
	record.NewChecker("", &vs).Enum("status", r.GetStatus(), false)
	if err := errs.InvalidFields("", vs); err != nil {
		return nil, err
	}
	public := rpcserver.CheckToken(ctx, s.token) != nil
	list := s.members.List
	if public {
		list = s.members.ListPublic
	}
	ms, err := list(ctx, r.GetStatus())
	if err != nil {
		return nil, err
	}
	if public {
		ms = slices.DeleteFunc(ms, func(m *hcnetv1.Member) bool { return !publicMember(m.GetStatus()) })
	}
	return &hcnetv1.ListMembersResponse{Members: ms}, nil
}

// publicMember says which members anyone may see: those the coordinator
// admitted, now or before.
func publicMember(st hcnetv1.MemberStatus) bool {
	return st == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED || st == hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED
}

func memberArgs(city, country string) error {
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.CityID("city_id", city, true)
	c.Country("country", country, true)
	return errs.InvalidFields("", vs)
}

func (s *Service) decide(ctx context.Context, city, country string, to hcnetv1.MemberStatus) (*hcnetv1.Member, error) {
	if err := memberArgs(city, country); err != nil {
		return nil, err
	}
	m, err := s.members.Decide(ctx, country, city, to)
	if err != nil {
		return nil, err
	}
	s.log.Info("membership decided", "city", country+"/"+city, "status", record.ShortName(to), "hub", m.GetHub())
	return m, nil
}

// ApproveMember implements hcnet.v1.HubService.
func (s *Service) ApproveMember(ctx context.Context, r *hcnetv1.ApproveMemberRequest) (*hcnetv1.ApproveMemberResponse, error) {
	if err := memberArgs(r.GetCityId(), r.GetCountry()); err != nil {
		return nil, err
	}
	m, err := s.members.Approve(ctx, r.GetCountry(), r.GetCityId(), r.GetHub())
	if err != nil {
		return nil, err
	}
	s.log.Info("membership decided", "city", m.GetCountry()+"/"+m.GetCityId(), "status", "approved", "hub", m.GetHub())
	return &hcnetv1.ApproveMemberResponse{Member: m}, nil
}

// RejectMember implements hcnet.v1.HubService.
func (s *Service) RejectMember(ctx context.Context, r *hcnetv1.RejectMemberRequest) (*hcnetv1.RejectMemberResponse, error) {
	m, err := s.decide(ctx, r.GetCityId(), r.GetCountry(), hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED)
	if err != nil {
		return nil, err
	}
	return &hcnetv1.RejectMemberResponse{Member: m}, nil
}

// RevokeMember implements hcnet.v1.HubService.
func (s *Service) RevokeMember(ctx context.Context, r *hcnetv1.RevokeMemberRequest) (*hcnetv1.RevokeMemberResponse, error) {
	m, err := s.decide(ctx, r.GetCityId(), r.GetCountry(), hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED)
	if err != nil {
		return nil, err
	}
	return &hcnetv1.RevokeMemberResponse{Member: m}, nil
}

// DeleteMember implements hcnet.v1.HubService.
func (s *Service) DeleteMember(ctx context.Context, r *hcnetv1.DeleteMemberRequest) (*hcnetv1.DeleteMemberResponse, error) {
	if err := memberArgs(r.GetCityId(), r.GetCountry()); err != nil {
		return nil, err
	}
	m, err := s.members.Delete(ctx, r.GetCountry(), r.GetCityId())
	if err != nil {
		return nil, err
	}
	s.log.Info("application deleted", "city", m.GetCountry()+"/"+m.GetCityId(), "was", record.ShortName(m.GetStatus()), "hub", m.GetHub())
	return &hcnetv1.DeleteMemberResponse{Member: m}, nil
}

// ListQuarantine implements hcnet.v1.HubService: newest first.
func (s *Service) ListQuarantine(ctx context.Context, r *hcnetv1.ListQuarantineRequest) (*hcnetv1.ListQuarantineResponse, error) {
	return s.store.ListQuarantine(ctx, r)
}
