package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/hcnet/hcnet/internal/errs"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// opError names what hcctl was doing when the node refused, so the message
// reads "update partnership 01J…: …".
type opError struct {
	op  string
	err error
	// flagOf names the flag that sets a field path ("title" → "--title"),
	// so a violation can say which flag to fix; nil when there is none.
	flagOf func(path string) string
}

func (e *opError) Error() string { return e.op + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

func wrapOp(err error, op string, flagOf func(string) string) error {
	if err == nil {
		return nil
	}
	return &opError{op: op, err: err, flagOf: flagOf}
}

// describe turns an error into what the officer reads: one line saying
// what went wrong and what to do, then for bad input one line per field.
func (a *app) describe(err error) string {
	var problems csvio.Problems
	if errors.As(err, &problems) {
		return problems.Error()
	}
	var importErr *importError
	if errors.As(err, &importErr) {
		return importErr.Error()
	}
	prefix := "hcctl: "
	var flagOf func(string) string
	var op *opError
	if errors.As(err, &op) {
		prefix += op.op + ": "
		flagOf = op.flagOf
	}
	// status.FromError of a wrapped error folds the wrapping into the
	// message; take the node's status as it came.
	var se interface{ GRPCStatus() *status.Status }
	if !errors.As(err, &se) || se.GRPCStatus().Code() == codes.OK {
		return prefix + rootMessage(err, op)
	}
	st := se.GRPCStatus()
	return prefix + a.describeStatus(st, flagOf)
}

func (a *app) describeStatus(st *status.Status, flagOf func(string) string) string {
	peer := "the node"
	if a.peer == "hub" {
		peer = "the hub"
	}
	switch st.Code() {
	case codes.InvalidArgument:
		vs := violations(st)
		if len(vs) == 0 {
			return peer + " refused the input: " + st.Message()
		}
		// The message repeats the first violation; the list says it all.
		lines := []string{peer + " refused the input (" + plural(len(vs), "problem", "problems") + "):"}
		for _, v := range vs {
			line := v.Field + ": " + v.Description
			if flagOf != nil {
				if f := flagOf(v.Field); f != "" {
					line += " (" + f + ")"
				}
			}
			lines = append(lines, line)
		}
		return strings.Join(lines, "\n")
	case codes.Unauthenticated:
		return "the node did not accept the admin token (" + st.Message() + "); " +
			"pass --dir with the node's data folder (it holds admin.token), --token TOKEN, or set HCNET_TOKEN"
	case codes.PermissionDenied:
		return "not allowed: " + st.Message()
	case codes.NotFound:
		return "not found: " + st.Message()
	case codes.AlreadyExists:
		return "already exists: " + st.Message()
	case codes.Aborted:
		return "changed by someone else since you read it; run again"
	case codes.FailedPrecondition:
		return "refused: " + st.Message()
	case codes.Unavailable:
		return fmt.Sprintf("cannot reach the node: is hcnode running at %s? (%s)%s", a.addr, st.Message(), a.tlsHint(st.Message()))
	case codes.DeadlineExceeded:
		return fmt.Sprintf("no answer from the node at %s within %s; try a longer --timeout", a.addr, a.g.timeout)
	case codes.Canceled:
		return "cancelled"
	}
	return fmt.Sprintf("%s failed (%s): %s", peer, st.Code(), st.Message())
}

// violations lists the BadRequest field violations a status carries.
func violations(st *status.Status) []csvio.Violation {
	var out []csvio.Violation
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				out = append(out, csvio.Violation{Field: v.GetField(), Description: v.GetDescription()})
			}
		}
	}
	return out
}

// rootMessage is err's text without the operation, which the prefix
// already names, and without the Go names of operations inside (a
// backup or restore runs the daemons' code in hcctl itself).
func rootMessage(err error, op *opError) string {
	if op != nil {
		return errs.Message(op.err)
	}
	return errs.Message(err)
}
