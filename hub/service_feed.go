package hub

import (
	"context"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// watchMethod runs until the client leaves: the server sets it no
// default deadline.
const watchMethod = "/hcnet.v1.HubService/Watch"

// Watch implements hcnet.v1.HubService: see feed.Watch. It needs no
// token: it feeds public records only.
func (s *Service) Watch(r *hcnetv1.WatchRequest, stream hcnetv1.HubService_WatchServer) error {
	return feed.Watch(stream.Context(), s.store, r, stream.Send)
}

// AddSubscriber implements hcnet.v1.HubService.
func (s *Service) AddSubscriber(ctx context.Context, r *hcnetv1.AddSubscriberRequest) (*hcnetv1.AddSubscriberResponse, error) {
	sub, seed, err := s.subscribers.Add(ctx, r.GetName())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.AddSubscriberResponse{
		Name: sub.GetName(), Seed: seed, PublicKey: sub.GetPublicKey(), NatsUrl: s.info.GetNatsUrl(),
		Stream: subject.PublicStream, Subjects: subject.PublicRecords,
	}, nil
}

// ListSubscribers implements hcnet.v1.HubService.
func (s *Service) ListSubscribers(ctx context.Context, _ *hcnetv1.ListSubscribersRequest) (*hcnetv1.ListSubscribersResponse, error) {
	subs, err := s.subscribers.List(ctx)
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListSubscribersResponse{Subscribers: subs}, nil
}

// RevokeSubscriber implements hcnet.v1.HubService.
func (s *Service) RevokeSubscriber(ctx context.Context, r *hcnetv1.RevokeSubscriberRequest) (*hcnetv1.RevokeSubscriberResponse, error) {
	sub, err := s.subscribers.Revoke(ctx, r.GetName())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.RevokeSubscriberResponse{Subscriber: sub}, nil
}
