package node

import (
	"context"
	"fmt"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

var changeActions = map[Action]hcnetv1.ChangeAction{
	ActionCreate:      hcnetv1.ChangeAction_CHANGE_ACTION_CREATE,
	ActionUpdate:      hcnetv1.ChangeAction_CHANGE_ACTION_UPDATE,
	ActionDelete:      hcnetv1.ChangeAction_CHANGE_ACTION_DELETE,
	ActionMeasurement: hcnetv1.ChangeAction_CHANGE_ACTION_MEASUREMENT,
}

// ListChanges implements hcnet.v1.CityService.
func (s *Service) ListChanges(ctx context.Context, r *hcnetv1.ListChangesRequest) (*hcnetv1.ListChangesResponse, error) {
	var vs record.Violations
	kind := record.Kind(r.GetKind())
	if record.Lookup(kind) == nil {
		vs = append(vs, record.Violation{Field: "kind", Description: fmt.Sprintf("%q is not a kind of record (%v)", r.GetKind(), record.Kinds)})
	}
	c := record.NewChecker("", &vs)
	if kind == record.KindCity {
		// The city profile's id is the city's ("malmo"), not a ULID.
		c.CityID("id", r.GetId(), true)
	} else {
		c.ID("id", r.GetId(), true)
	}
	if r.GetPageSize() < 0 {
		c.Add("page_size", "must not be negative")
	}
	if err := errs.InvalidFields("", vs); err != nil {
		return nil, err
	}
	changes, err := s.store.Changes(ctx, kind, r.GetId(), int(r.GetPageSize()))
	if err != nil {
		return nil, err
	}
	out := &hcnetv1.ListChangesResponse{Changes: make([]*hcnetv1.Change, 0, len(changes))}
	for _, ch := range changes {
		out.Changes = append(out.Changes, &hcnetv1.Change{
			Kind: string(ch.Kind), Id: ch.ID, Version: ch.Version, Actor: ch.Actor,
			Time: timestamppb.New(ch.Time), Action: changeActions[ch.Action],
		})
	}
	return out, nil
}
