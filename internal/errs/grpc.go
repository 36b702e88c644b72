package errs

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Status turns an error into the gRPC status a client sees. It is the only
// place that maps kinds to codes. Internal errors are logged with their
// cause and reported without it: a client learns nothing about the inside.
func Status(ctx context.Context, log *slog.Logger, method string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok && KindOf(err) == Other {
		// Already a status (from a library or an interceptor).
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, "the call was cancelled")
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, "the call ran out of time")
	}
	var e *Error
	msg := err.Error()
	if errors.As(err, &e) && e.Err != nil {
		// Operations inside the cause are Go names the caller cannot use.
		msg = Message(e.Err)
	}
	switch KindOf(err) {
	case Invalid:
		vs := ViolationsOf(err)
		if len(vs) == 0 {
			return status.Error(codes.InvalidArgument, msg)
		}
		br := &errdetails.BadRequest{}
		for _, v := range vs {
			br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: v.Field, Description: v.Description})
		}
		text := "invalid request: " + vs.Error()
		if len(vs) > 1 {
			text = "invalid request: " + vs[0].Field + ": " + vs[0].Description + " (and more, see details)"
		}
		st, derr := status.New(codes.InvalidArgument, text).WithDetails(br)
		if derr != nil {
			return status.Error(codes.InvalidArgument, text)
		}
		return st.Err()
	case NotFound:
		return status.Error(codes.NotFound, msg)
	case Stale:
		return status.Error(codes.Aborted, msg)
	case Unauthenticated:
		return status.Error(codes.Unauthenticated, msg)
	case InUse:
		return status.Error(codes.FailedPrecondition, msg)
	case Exists:
		return status.Error(codes.AlreadyExists, msg)
	case Unavailable:
		return status.Error(codes.Unavailable, msg)
	case Full:
		return status.Error(codes.ResourceExhausted, msg)
	}
	log.ErrorContext(ctx, "internal error", "method", method, "err", err)
	return status.Error(codes.Internal, "internal error; the node's log has the details")
}
