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

// importChunk is what one message of an import stream carries.
type importChunk struct {
	rows         []proto.Message
	key          string
	validateOnly bool
}

// receiveRows reads every chunk of an import stream before anything is
// written, so the import is all or nothing. It returns the rows with the
// import key and validate_only the chunks carry.
func receiveRows[Req, Res any](stream grpc.ClientStreamingServer[Req, Res], chunk func(*Req) importChunk) (importChunk, error) {
	var all importChunk
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return all, nil
		}
		if err != nil {
			return importChunk{}, err
		}
		c := chunk(req)
		if c.key != "" {
			if all.key != "" && c.key != all.key {
				return importChunk{}, importKeyError("differs between chunks of one import")
			}
			all.key = c.key
		}
		all.validateOnly = all.validateOnly || c.validateOnly
		all.rows = append(all.rows, c.rows...)
		if len(all.rows) > maxImportRows {
			return importChunk{}, errs.E("", errs.Invalid, "an import holds at most %d rows; split the file", maxImportRows)
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

// importRows receives an import stream and stores its rows, once per key;
// or, asked to validate only, checks them and writes nothing.
func importRows[Req, Res any](s *Service, stream grpc.ClientStreamingServer[Req, Res], kind record.Kind, list string, chunk func(*Req) importChunk) (ImportResult, error) {
	c, err := receiveRows(stream, chunk)
	if err == nil {
		err = checkImportKey(c.key)
	}
	if err != nil {
		return ImportResult{}, importError(list, err)
	}
	var res ImportResult
	if c.validateOnly {
		res, err = s.store.CheckImport(stream.Context(), kind, c.rows)
	} else {
		res, err = s.store.ImportOnce(stream.Context(), kind, c.key, c.rows)
	}
	if err != nil {
		return ImportResult{}, importError(list, err)
	}
	return res, nil
}

// ImportPartners implements hcnet.v1.CityService.
func (s *Service) ImportPartners(stream grpc.ClientStreamingServer[hcnetv1.ImportPartnersRequest, hcnetv1.ImportPartnersResponse]) error {
	res, err := importRows(s, stream, record.KindPartner, "partners", func(r *hcnetv1.ImportPartnersRequest) importChunk {
		out := make([]proto.Message, len(r.GetPartners()))
		for i, p := range r.GetPartners() {
			out[i] = p
		}
		return importChunk{rows: out, key: r.GetImportKey(), validateOnly: r.GetValidateOnly()}
	})
	if err != nil {
		return err
	}
	return stream.SendAndClose(&hcnetv1.ImportPartnersResponse{Created: int32(res.Created), Updated: int32(res.Updated), Ids: res.IDs, Replayed: res.Replayed})
}

// ImportPartnerships implements hcnet.v1.CityService.
func (s *Service) ImportPartnerships(stream grpc.ClientStreamingServer[hcnetv1.ImportPartnershipsRequest, hcnetv1.ImportPartnershipsResponse]) error {
	res, err := importRows(s, stream, record.KindPartnership, "partnerships", func(r *hcnetv1.ImportPartnershipsRequest) importChunk {
		out := make([]proto.Message, len(r.GetPartnerships()))
		for i, p := range r.GetPartnerships() {
			out[i] = p
		}
		return importChunk{rows: out, key: r.GetImportKey(), validateOnly: r.GetValidateOnly()}
	})
	if err != nil {
		return err
	}
	return stream.SendAndClose(&hcnetv1.ImportPartnershipsResponse{Created: int32(res.Created), Updated: int32(res.Updated), Ids: res.IDs, Replayed: res.Replayed})
}

// ImportMeasurements implements hcnet.v1.CityService.
func (s *Service) ImportMeasurements(stream grpc.ClientStreamingServer[hcnetv1.ImportMeasurementsRequest, hcnetv1.ImportMeasurementsResponse]) error {
	c, err := receiveRows(stream, func(r *hcnetv1.ImportMeasurementsRequest) importChunk {
		out := make([]proto.Message, len(r.GetMeasurements()))
		for i, m := range r.GetMeasurements() {
			out[i] = m
		}
		return importChunk{rows: out, key: r.GetImportKey(), validateOnly: r.GetValidateOnly()}
	})
	if err == nil {
		err = checkImportKey(c.key)
	}
	if err != nil {
		return importError("measurements", err)
	}
	rows := make([]*hcnetv1.IndicatorMeasurement, len(c.rows))
	for i, m := range c.rows {
		rows[i] = m.(*hcnetv1.IndicatorMeasurement)
	}
	res, err := s.store.ImportMeasurements(stream.Context(), c.key, rows, c.validateOnly)
	if err != nil {
		return importError("measurements", err)
	}
	return stream.SendAndClose(&hcnetv1.ImportMeasurementsResponse{
		Created: int32(res.Created), Updated: int32(res.Updated), Unchanged: int32(res.Unchanged), Ids: res.IDs, Replayed: res.Replayed,
	})
}
