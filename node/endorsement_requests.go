package node

import (
	"context"
	"fmt"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// endorsementRequestsLimit bounds the call to the hub, so that a page
// asking for the list answers even when the hub hangs.
const endorsementRequestsLimit = 10 * time.Second

// ListEndorsementRequests implements hcnet.v1.CityService: the hub holds
// every success shared with it, so the node asks it, signed with the
// city's key, which successes name this city, and leaves out those the
// city has endorsed already unless asked for them too.
func (s *Service) ListEndorsementRequests(ctx context.Context, r *hcnetv1.ListEndorsementRequestsRequest) (*hcnetv1.ListEndorsementRequestsResponse, error) {
	const op = "node.ListEndorsementRequests"
	sharing, err := s.linked(op)
	if err != nil {
		return nil, err
	}
	link, err := sharing.Link(ctx)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	switch {
	case link == nil:
		return nil, errs.E(op, errs.Unavailable, "the node has not joined a hub, so it hears of no partner city's success; join one first")
	case link.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
		return nil, errs.E(op, errs.Unavailable, "the node's membership of hub %s is %s, not approved", link.GetHubAddr(), record.ShortName(link.GetStatus()))
	}
	id := s.store.identity
	if id == nil {
		return nil, errs.E(op, errs.Unavailable, "the node has no identity key yet")
	}
	req, err := envelope.SignNaming(id.Key, &hcnetv1.SuccessesNamingQuery{Country: id.Country, CityId: id.City}, s.store.now())
	if err != nil {
		return nil, errs.Op(op, err)
	}
	conn, err := sharing.Dial(link.GetHubAddr())
	if err != nil {
		return nil, errs.Wrap(op, errs.Unavailable, fmt.Errorf("hub address %q: %w", link.GetHubAddr(), err))
	}
	defer conn.Close()
	callCtx, cancel := context.WithTimeout(ctx, endorsementRequestsLimit)
	defer cancel()
	res, err := hcnetv1.NewHubServiceClient(conn).ListSuccessesNaming(callCtx, req)
	if err != nil {
		return nil, errs.Wrap(op, errs.Unavailable, fmt.Errorf("hub %s: %w", link.GetHubAddr(), err))
	}
	done, err := s.endorsed(ctx)
	if err != nil {
		return nil, err
	}
	out := &hcnetv1.ListEndorsementRequestsResponse{}
	for _, n := range res.GetSuccesses() {
		if r.GetIncludeEndorsed() || !done[n.GetCountry()+"/"+n.GetCityId()+"/"+n.GetSuccess().GetId()] {
			out.Successes = append(out.Successes, n)
		}
	}
	return out, nil
}

// endorsed is the set of successes ("country/city/id") this city's own
// endorsements name, whatever their visibility.
func (s *Service) endorsed(ctx context.Context) (map[string]bool, error) {
	done := map[string]bool{}
	q := &hcnetv1.ListEndorsementsRequest{PageSize: 1000}
	for {
		res, err := s.ListEndorsements(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, e := range res.GetEndorsements() {
			r := e.GetSuccess()
			done[r.GetCountry()+"/"+r.GetCityId()+"/"+r.GetSuccessId()] = true
		}
		if q.PageToken = res.GetNextPageToken(); q.PageToken == "" {
			return done, nil
		}
	}
}
