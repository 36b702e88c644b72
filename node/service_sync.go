package node

import (
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
)

// Sync implements hcnet.v1.CityService: it streams progress after every
// request to the hub and ends with the summary (done set).
func (s *Service) Sync(_ *hcnetv1.SyncRequest, stream grpc.ServerStreamingServer[hcnetv1.SyncResponse]) error {
	ctx := stream.Context()
	sharing, err := s.linked("node.Sync")
	if err != nil {
		return err
	}
	var sendErr error
	res, err := syncWithHub(ctx, s.store, sharing, func(p SyncProgress) {
		if sendErr == nil {
			sendErr = stream.Send(syncResponse(p, false))
		}
	})
	if err != nil {
		return err
	}
	if sendErr != nil {
		return sendErr
	}
	return stream.Send(syncResponse(res, true))
}

func syncResponse(p SyncProgress, done bool) *hcnetv1.SyncResponse {
	return &hcnetv1.SyncResponse{Total: p.Total, Compared: p.Compared, AlreadyPresent: p.AlreadyPresent, Repaired: p.Repaired, Done: done}
}
