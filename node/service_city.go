package node

import (
	"context"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// GetCity implements hcnet.v1.CityService.
func (s *Service) GetCity(ctx context.Context, _ *hcnetv1.GetCityRequest) (*hcnetv1.GetCityResponse, error) {
	c, err := s.store.City(ctx)
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetCityResponse{City: c}, nil
}

// UpdateCity implements hcnet.v1.CityService. The id and country identify
// the city in the federation and are fixed at init.
func (s *Service) UpdateCity(ctx context.Context, r *hcnetv1.UpdateCityRequest) (*hcnetv1.UpdateCityResponse, error) {
	c, err := s.store.City(ctx)
	if err != nil {
		return nil, err
	}
	in := r.GetCity()
	if in == nil {
		return nil, required("city")
	}
	if in.GetId() != "" && in.GetId() != c.GetId() {
		return nil, errs.InvalidFields("", record.Violations{{Field: "city.id", Description: "is fixed at init (" + c.GetId() + ")"}})
	}
	in.Id = c.GetId()
	if err := checkMask(in, r.GetUpdateMask()); err != nil {
		return nil, err
	}
	paths := r.GetUpdateMask().GetPaths()
	if len(paths) == 0 && in.GetCountry() == "" {
		in.Country = c.GetCountry() // a full replace need not repeat it
	}
	out, err := s.store.Update(ctx, record.KindCity, c.GetId(), in.GetVersion(), func(cur proto.Message) error {
		country := cur.(*hcnetv1.City).GetCountry()
		if err := record.ApplyUpdate(cur, in, paths); err != nil {
			return errs.InvalidFields("", record.Violations{{Field: "update_mask", Description: err.Error()}})
		}
		if cur.(*hcnetv1.City).GetCountry() != country {
			return errs.InvalidFields("", record.Violations{{Field: "country", Description: "is fixed at init (" + country + ")"}})
		}
		return nil
	})
	if err != nil {
		return nil, errs.Under("city", err)
	}
	return &hcnetv1.UpdateCityResponse{City: out.(*hcnetv1.City)}, nil
}
