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

// maxImportKey bounds an import key: a digest with its scheme fits well.
const maxImportKey = 128

// receiveRows reads every chunk of an import stream before anything is
// written, so the import is all or nothing. It returns the rows and the
// import key the chunks carry.
func receiveRows[Req, Res any](stream grpc.ClientStreamingServer[Req, Res], chunk func(*Req) ([]proto.Message, string)) ([]proto.Message, string, error) {
	var out []proto.Message
	var key string
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return out, key, nil
		}
		if err != nil {
			return nil, "", err
		}
		rows, k := chunk(req)
		if k != "" {
			if key != "" && k != key {
				return nil, "", importKeyError("differs between chunks of one import")
			}
			key = k
		}
		out = append(out, rows...)
		if len(out) > maxImportRows {
			return nil, "", errs.E("", errs.Invalid, "an import holds at most %d rows; split the file", maxImportRows)
		}
	}
}

// checkImportKey refuses a key that is too long or has characters other
// than letters, digits and "-_.:", so that it can be logged and stored as
// it is.
func checkImportKey(key string) error {
	if len(key) > maxImportKey {
		return importKeyError("is longer than 128 characters")
	}
	for _, r := range key {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':'
		if !ok {
			return importKeyError("may hold only letters, digits and - _ . :")
		}
	}
	return nil
}

func importKeyError(problem string) error {
	return errs.InvalidFields("", record.Violations{{Field: "import_key", Description: problem}})
}

// importError names bad rows under the list's name ("partners[3].kind");
// the import key is a field of the request itself and keeps its name.
func importError(list string, err error) error {
	if vs := errs.ViolationsOf(err); len(vs) == 1 && vs[0].Field == "import_key" {
		return err
	}
	return errs.Under(list, err)
}

// importRows receives an import stream and stores its rows, once per key.
func importRows[Req, Res any](s *Service, stream grpc.ClientStreamingServer[Req, Res], kind record.Kind, list string, chunk func(*Req) ([]proto.Message, string)) (ImportResult, error) {
	ms, key, err := receiveRows(stream, chunk)
	if err == nil {
		err = checkImportKey(key)
	}
	if err != nil {
		return ImportResult{}, importError(list, err)
	}
	res, err := s.store.ImportOnce(stream.Context(), kind, key, ms)
	if err != nil {
		return ImportResult{}, importError(list, err)
	}
	return res, nil
}

// ImportPartners implements hcnet.v1.CityService.
func (s *Service) ImportPartners(stream grpc.ClientStreamingServer[hcnetv1.ImportPartnersRequest, hcnetv1.ImportPartnersResponse]) error {
	res, err := importRows(s, stream, record.KindPartner, "partners", func(r *hcnetv1.ImportPartnersRequest) ([]proto.Message, string) {
		out := make([]proto.Message, len(r.GetPartners()))
		for i, p := range r.GetPartners() {
			out[i] = p
		}
		return out, r.GetImportKey()
	})
	if err != nil {
		return err
	}
	return stream.SendAndClose(&hcnetv1.ImportPartnersResponse{Created: int32(res.Created), Updated: int32(res.Updated), Ids: res.IDs, Replayed: res.Replayed})
}

// ImportPartnerships implements hcnet.v1.CityService.
func (s *Service) ImportPartnerships(stream grpc.ClientStreamingServer[hcnetv1.ImportPartnershipsRequest, hcnetv1.ImportPartnershipsResponse]) error {
	res, err := importRows(s, stream, record.KindPartnership, "partnerships", func(r *hcnetv1.ImportPartnershipsRequest) ([]proto.Message, string) {
		out := make([]proto.Message, len(r.GetPartnerships()))
		for i, p := range r.GetPartnerships() {
			out[i] = p
		}
		return out, r.GetImportKey()
	})
	if err != nil {
		return err
	}
	return stream.SendAndClose(&hcnetv1.ImportPartnershipsResponse{Created: int32(res.Created), Updated: int32(res.Updated), Ids: res.IDs, Replayed: res.Replayed})
}
