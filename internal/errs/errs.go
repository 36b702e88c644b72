// Package errs is hcnet's one error vocabulary. Every layer says what kind
// of failure happened; exactly one function (Status) turns a kind into a
// gRPC status code, so the same failure is reported the same way by every
// service.
package errs

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
)

// Kind classifies an error. The list is append-only.
type Kind int

// The kinds of error.
const (
	Other           Kind = iota // unclassified: an internal error
	Invalid                     // the request has bad fields
	NotFound                    // the record does not exist
	Stale                       // the version the caller read is no longer current
	Unauthenticated             // no or wrong credentials
	InUse                       // the record is referred to by others
	Exists                      // the record already exists
	Unavailable                 // a dependency is down; retry later
	Full                        // the disk (or a storage quota) is full; retry once there is room
	Denied                      // the caller is known but not allowed to do this
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid argument"
	case NotFound:
		return "not found"
	case Stale:
		return "stale version"
	case Unauthenticated:
		return "unauthenticated"
	case InUse:
		return "in use"
	case Exists:
		return "already exists"
	case Unavailable:
		return "unavailable"
	case Full:
		return "disk full"
	case Denied:
		return "permission denied"
	}
	return "internal error"
}

// Error is an error with an operation, a kind and a cause.
type Error struct {
	Op         string // what was being done: "store.Update"
	Kind       Kind
	Err        error
	Violations record.Violations // for Invalid: every bad field
}

func (e *Error) Error() string {
	msg := e.Kind.String()
	if e.Err != nil {
		msg = e.Err.Error()
	} else if len(e.Violations) > 0 {
		msg = e.Violations.Error()
	}
	if e.Op == "" {
		return msg
	}
	return e.Op + ": " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error of a kind. A message with arguments becomes the cause.
func E(op string, k Kind, format string, args ...any) error {
	return &Error{Op: op, Kind: k, Err: fmt.Errorf(format, args...)}
}

// Wrap gives an existing error a kind and an operation.
func Wrap(op string, k Kind, err error) error {
	return &Error{Op: op, Kind: k, Err: err}
}

// Op names the operation err happened in and keeps err's kind and field
// violations, which show through the new layer; nil stays nil. err itself
// is left as it was: it may be shared (a sentinel, a cached failure), and
// another caller must not see this operation's name on it.
func Op(op string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Op: op, Err: err}
}

// Invalid reports bad fields; nil when there are none.
func InvalidFields(op string, vs record.Violations) error {
	if len(vs) == 0 {
		return nil
	}
	return &Error{Op: op, Kind: Invalid, Violations: vs}
}

// KindOf finds the kind of the outermost classified error in the chain.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		if e.Kind != Other {
			return e.Kind
		}
		return KindOf(e.Err)
	}
	return Other
}

// ViolationsOf gathers the field violations of an Invalid error.
func ViolationsOf(err error) record.Violations {
	var e *Error
	if errors.As(err, &e) {
		if len(e.Violations) > 0 {
			return e.Violations
		}
		return ViolationsOf(e.Err)
	}
	var vs record.Violations
	if errors.As(err, &vs) {
		return vs
	}
	return nil
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return KindOf(err) == k }

// Under puts the field violations of an Invalid error under a parent path
// ("partner" turns "organisation" into "partner.organisation" and "[3].x"
// into "partner[3].x"). Other errors pass unchanged.
func Under(parent string, err error) error {
	vs := ViolationsOf(err)
	if len(vs) == 0 {
		return err
	}
	out := make(record.Violations, len(vs))
	for i, v := range vs {
		out[i] = v
		switch {
		case v.Field == "":
			out[i].Field = parent
		case v.Field[0] == '[':
			out[i].Field = parent + v.Field
		default:
			out[i].Field = parent + "." + v.Field
		}
	}
	var e *Error
	op := ""
	if errors.As(err, &e) {
		op = e.Op
	}
	return &Error{Op: op, Kind: Invalid, Violations: out}
}

// Message is err's text for the people running a command: Error without
// the operations, which name Go functions ("node.Init") that mean
// something in a log read next to the code but nothing to a city's IT
// team. What the wrapping between them says is kept.
func Message(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Op != "" {
		plain := *e
		plain.Op = ""
		if e.Err != nil {
			// The cause may hold operations of its own.
			plain.Err = errors.New(Message(e.Err))
		}
		return strings.Replace(err.Error(), e.Error(), plain.Error(), 1)
	}
	return err.Error()
}
