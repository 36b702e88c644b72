package errs

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
)

// codeOf is the gRPC code of each kind but Invalid, which carries field
// details, and Other, which is an internal error. Status reads it one way
// and FromStatus the other, so a kind survives a trip over the wire.
var codeOf = map[Kind]codes.Code{
	NotFound:        codes.NotFound,
	Stale:           codes.Aborted,
	Unauthenticated: codes.Unauthenticated,
	InUse:           codes.FailedPrecondition,
	Exists:          codes.AlreadyExists,
	Unavailable:     codes.Unavailable,
	Full:            codes.ResourceExhausted,
	Denied:          codes.PermissionDenied,
}

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
		details := []protoadapt.MessageV1{br}
		if m := messagesOf(vs); m != nil {
			details = append(details, m)
		}
		st, derr := status.New(codes.InvalidArgument, text).WithDetails(details...)
		if derr != nil {
			return status.Error(codes.InvalidArgument, text)
		}
		return st.Err()
	}
	if c, ok := codeOf[KindOf(err)]; ok {
		return status.Error(c, msg)
	}
	log.ErrorContext(ctx, "internal error", "method", method, "err", err)
	return status.Error(codes.Internal, "internal error; the node's log has the details")
}

// FromStatus is the inverse of Status, for a client: a gRPC status error
// becomes an error of the kind for its code, with the server's message as
// its text (what a caller wrapped around the status is dropped) and, for InvalidArgument, the server's field violations. A
// code no kind maps to (Internal, Unknown, Unimplemented) becomes Other
// with the status kept in the chain, so status.Code still reads it; Canceled and DeadlineExceeded keep
// the context's error in the chain, so errors.Is finds it. An error that
// is no status, and nil, pass unchanged.
func FromStatus(err error) error {
	// The status as the server sent it: status.FromError of a wrapped
	// status folds the wrapping into the message.
	var se interface{ GRPCStatus() *status.Status }
	if !errors.As(err, &se) || se.GRPCStatus().Code() == codes.OK {
		return err
	}
	st := se.GRPCStatus()
	var msg error // nil when the server said nothing: the kind's name stands in
	if st.Message() != "" {
		msg = errors.New(st.Message())
	}
	switch st.Code() {
	case codes.InvalidArgument:
		return &Error{Kind: Invalid, Err: msg, Violations: FromDetails(st.Details())}
	case codes.Canceled:
		return &Error{Err: &remote{msg: st.Message(), cause: context.Canceled}}
	case codes.DeadlineExceeded:
		return &Error{Err: &remote{msg: st.Message(), cause: context.DeadlineExceeded}}
	}
	for k, c := range codeOf {
		if c == st.Code() {
			return &Error{Kind: k, Err: msg}
		}
	}
	return &Error{Err: &remote{msg: st.Message(), cause: err}}
}

// remote is a server's message about a failure, with what this side
// knows the failure by (a context's error, the status itself) in the
// chain.
type remote struct {
	msg   string
	cause error
}

func (r *remote) Error() string { return r.msg }
func (r *remote) Unwrap() error { return r.cause }

// Refusal is how a failed call to another server reads on this side:
// the server's refusal keeps its kind and words (FromStatus), so that a
// refused key is not reported as "try again later"; a failure without a
// kind (no answer in time, an internal error at the server) is
// Unavailable, worth retrying, and keeps err as it came.
func Refusal(err error) (Kind, error) {
	refusal := FromStatus(err)
	if k := KindOf(refusal); k != Other {
		return k, refusal
	}
	return Unavailable, err
}
