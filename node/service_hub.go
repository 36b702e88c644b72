package node

import (
	"context"
	"net"
	"strconv"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// JoinHub implements hcnet.v1.CityService.
func (s *Service) JoinHub(ctx context.Context, r *hcnetv1.JoinHubRequest) (*hcnetv1.JoinHubResponse, error) {
	if _, _, err := net.SplitHostPort(r.GetHubAddr()); err != nil {
		var vs record.Violations
		record.NewChecker("", &vs).Report("hub_addr", msgNotHostPort, "Value", strconv.Quote(r.GetHubAddr()))
		return nil, errs.InvalidFields("", vs)
	}
	sharing, err := s.linked("node.JoinHub")
	if err != nil {
		return nil, err
	}
	link, err := sharing.Join(ctx, r.GetHubAddr())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.JoinHubResponse{Hub: link}, nil
}

// GetStatus implements hcnet.v1.CityService.
func (s *Service) GetStatus(ctx context.Context, _ *hcnetv1.GetStatusRequest) (*hcnetv1.GetStatusResponse, error) {
	sharing, err := s.linked("node.GetStatus")
	if err != nil {
		return nil, err
	}
	return sharing.Status(ctx)
}
