package node

import (
	"errors"
	"io"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// maxImportRows bounds one import so a runaway file cannot hold the
// writer for minutes.
const maxImportRows = 100_000

// receiveRows reads every chunk of an import stream before anything is
// written, so the import is all or nothing.
func receiveRows[Req, Res any](stream grpc.ClientStreamingServer[Req, Res], rows func(*Req) []proto.Message) ([]proto.Message, error) {
	var out []proto.Message
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rows(req)...)
		if len(out) > maxImportRows {
			return nil, errs.E("", errs.Invalid, "an import holds at most %d rows; split the file", maxImportRows)
		}
	}
}

// ImportPartners implements hcnet.v1.CityService.
func (s *Service) ImportPartners(stream grpc.ClientStreamingServer[hcnetv1.ImportPartnersRequest, hcnetv1.ImportPartnersResponse]) error {
	rows, err := receiveRows(stream, func(r *hcnetv1.ImportPartnersRequest) []proto.Message {
		out := make([]proto.Message, len(r.GetPartners()))
		for i, p := range r.GetPartners() {
			out[i] = p
		}
		return out
	})
	if err != nil {
		return err
	}
	res, err := s.store.Import(stream.Context(), record.KindPartner, rows)
	if err != nil {
		return errs.Under("partners", err)
	}
	return stream.SendAndClose(&hcnetv1.ImportPartnersResponse{Created: int32(res.Created), Updated: int32(res.Updated)})
}

// ImportPartnerships implements hcnet.v1.CityService.
func (s *Service) ImportPartnerships(stream grpc.ClientStreamingServer[hcnetv1.ImportPartnershipsRequest, hcnetv1.ImportPartnershipsResponse]) error {
	rows, err := receiveRows(stream, func(r *hcnetv1.ImportPartnershipsRequest) []proto.Message {
		out := make([]proto.Message, len(r.GetPartnerships()))
		for i, p := range r.GetPartnerships() {
			out[i] = p
		}
		return out
	})
	if err != nil {
		return err
	}
	res, err := s.store.Import(stream.Context(), record.KindPartnership, rows)
	if err != nil {
		return errs.Under("partnerships", err)
	}
	return stream.SendAndClose(&hcnetv1.ImportPartnershipsResponse{Created: int32(res.Created), Updated: int32(res.Updated)})
}
