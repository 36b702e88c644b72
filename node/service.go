package node

import (
	"context"
	"log/slog"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// Service implements hcnet.v1.CityService on a Store. Handlers return
// errs errors; the server's interceptor turns them into gRPC statuses.
type Service struct {
	hcnetv1.UnimplementedCityServiceServer
	store   *Store
	log     *slog.Logger
	sharing Sharing
}

// Sharing is the node's link to its hub, which JoinHub, GetStatus and
// Sync use; the node's relay (*relay.Relay) is one.
type Sharing interface {
	// Join applies to the hub at addr and returns the link as the hub
	// answered it.
	Join(ctx context.Context, addr string) (*hcnetv1.HubLink, error)
	// Status is the link to the hub and the state of delivery to it.
	Status(ctx context.Context) (*hcnetv1.GetStatusResponse, error)
	// Link is the hub the node joined; nil when it has joined none.
	Link(ctx context.Context) (*hcnetv1.HubLink, error)
	// Dial connects to a hub's gRPC service with the link's transport
	// credentials.
	Dial(addr string) (*grpc.ClientConn, error)
}

// NewService serves the store's records. sharing links the node to its
// hub; a service given none serves the records and answers JoinHub,
// GetStatus and Sync with Unavailable.
func NewService(store *Store, sharing Sharing, log *slog.Logger) *Service {
	return &Service{store: store, sharing: sharing, log: log}
}

// linked returns the service's link to its hub, or why it has none.
func (s *Service) linked(op string) (Sharing, error) {
	if s.sharing == nil {
		return nil, errs.E(op, errs.Unavailable, "this server has no link to a hub: it serves the city's records only")
	}
	return s.sharing, nil
}

func required(field string) error {
	return errs.InvalidFields("", record.Violations{{Field: field, Description: "is required"}})
}

// create stores a new record sent in the request field named field. The
// node-owned fields a client may have sent are ignored, as output-only
// fields are.
func create[T proto.Message](ctx context.Context, s *Service, field string, m T) (T, error) {
	var zero T
	if !m.ProtoReflect().IsValid() {
		return zero, required(field)
	}
	record.SetMeta(m, record.Meta{})
	if err := s.store.Create(ctx, m); err != nil {
		return zero, errs.Under(field, err)
	}
	return m, nil
}

func get[T proto.Message](ctx context.Context, s *Service, kind record.Kind, id string) (T, error) {
	var zero T
	if id == "" {
		return zero, required("id")
	}
	m, err := s.store.Get(ctx, kind, id)
	if err != nil {
		return zero, err
	}
	return m.(T), nil
}

// list returns a page of records of the kind, converted to T.
func list[T proto.Message](ctx context.Context, s *Service, kind record.Kind, q Query) ([]T, string, int32, error) {
	page, err := s.store.List(ctx, kind, q)
	if err != nil {
		return nil, "", 0, err
	}
	out := make([]T, len(page.Records))
	for i, m := range page.Records {
		out[i] = m.(T)
	}
	return out, page.NextPageToken, page.TotalSize, nil
}

// update applies the fields of m named by the mask to the stored record
// with m's id, checking m's version when it is non-zero.
func update[T proto.Message](ctx context.Context, s *Service, field string, m T, mask *fieldmaskpb.FieldMask) (T, error) {
	var zero T
	if !m.ProtoReflect().IsValid() {
		return zero, required(field)
	}
	meta := record.GetMeta(m)
	if meta.ID == "" {
		return zero, required(field + ".id")
	}
	kind, err := record.KindOf(m)
	if err != nil {
		return zero, err
	}
	if err := checkMask(m, mask); err != nil {
		return zero, err
	}
	out, err := s.store.Update(ctx, kind, meta.ID, meta.Version, func(cur proto.Message) error {
		if err := record.ApplyUpdate(cur, m, mask.GetPaths()); err != nil {
			return errs.InvalidFields("", record.Violations{{Field: "update_mask", Description: err.Error()}})
		}
		return nil
	})
	if err != nil {
		return zero, errs.Under(field, err)
	}
	return out.(T), nil
}

func remove(ctx context.Context, s *Service, kind record.Kind, id string, version int64) error {
	if id == "" {
		return required("id")
	}
	return s.store.Delete(ctx, kind, id, version)
}

func query(r interface {
	GetPageSize() int32
	GetPageToken() string
	GetFilter() *hcnetv1.RecordFilter
}) Query {
	return Query{Filter: r.GetFilter(), PageSize: r.GetPageSize(), PageToken: r.GetPageToken()}
}

// checkMask refuses a bad update mask before anything is read, so its
// violation names the request's update_mask field.
func checkMask(m proto.Message, mask *fieldmaskpb.FieldMask) error {
	if err := record.CheckMask(m, mask.GetPaths()); err != nil {
		return errs.InvalidFields("", record.Violations{{Field: "update_mask", Description: err.Error()}})
	}
	return nil
}
