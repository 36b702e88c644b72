// Package rpcfuzz drives any method of a gRPC service with a request built
// from arbitrary bytes, for fuzz targets that attack a running server the
// way a hostile client would: over a real connection, through every
// interceptor, with whatever message the bytes decode to.
package rpcfuzz

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// Methods lists a service's methods, leaving out those named in skip.
func Methods(sd protoreflect.ServiceDescriptor, skip ...string) []protoreflect.MethodDescriptor {
	var out []protoreflect.MethodDescriptor
	ms := sd.Methods()
next:
	for i := range ms.Len() {
		m := ms.Get(i)
		for _, s := range skip {
			if string(m.Name()) == s {
				continue next
			}
		}
		out = append(out, m)
	}
	return out
}

// Request decodes b as m's request message. ok is false when the bytes are
// not a message a client could send (proto refuses to marshal them).
func Request(m protoreflect.MethodDescriptor, b []byte) (req proto.Message, ok bool) {
	req = newMessage(m.Input())
	if err := proto.Unmarshal(b, req); err != nil {
		return nil, false
	}
	return req, true
}

// Call sends req to method m over conn: a unary call; the one message of a
// client stream, then its reply; or the request of a server stream, then
// the first reply. It returns the call's error, nil when it succeeded.
func Call(ctx context.Context, conn *grpc.ClientConn, m protoreflect.MethodDescriptor, req proto.Message) error {
	name := fmt.Sprintf("/%s/%s", m.Parent().FullName(), m.Name())
	res := newMessage(m.Output())
	if !m.IsStreamingClient() && !m.IsStreamingServer() {
		return conn.Invoke(ctx, name, req, res)
	}
	desc := &grpc.StreamDesc{StreamName: string(m.Name()), ClientStreams: m.IsStreamingClient(), ServerStreams: m.IsStreamingServer()}
	st, err := conn.NewStream(ctx, desc, name)
	if err != nil {
		return err
	}
	if err := st.SendMsg(req); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if err := st.CloseSend(); err != nil {
		return err
	}
	if err := st.RecvMsg(res); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// Refusal is nil when err is a success or a clear refusal, and otherwise
// says why not: Internal, Unknown and DataLoss mean a handler failed (a
// recovered panic, an unmapped error), not that the request was bad.
func Refusal(err error) error {
	switch c := status.Code(err); c {
	case codes.Internal, codes.Unknown, codes.DataLoss:
		return fmt.Errorf("answered %v: %v", c, err)
	}
	return nil
}

func newMessage(d protoreflect.MessageDescriptor) proto.Message {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(d.FullName())
	if err != nil {
		// The descriptor comes from a generated service, so its types are
		// registered by the same import.
		panic(fmt.Sprintf("rpcfuzz: %s is not a registered type: %v", d.FullName(), err))
	}
	return mt.New().Interface()
}

// Fuzz seeds f with an empty request for every method and the given
// requests by method name, then fuzzes: each input picks a method and
// decodes the rest as its request, sends it over conn, and fails on an
// answer that is not a reply or a clear refusal, or on none within 10 s.
func Fuzz(f *testing.F, conn *grpc.ClientConn, methods []protoreflect.MethodDescriptor, seeds map[string][]proto.Message) {
	f.Helper()
	for i, m := range methods {
		f.Add(uint8(i), []byte{})
		for _, s := range seeds[string(m.Name())] {
			b, err := proto.Marshal(s)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(uint8(i), b)
		}
	}
	f.Fuzz(func(t *testing.T, method uint8, b []byte) {
		m := methods[int(method)%len(methods)]
		req, ok := Request(m, b)
		if !ok {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := Call(ctx, conn, m, req)
		if bad := Refusal(err); bad != nil {
			t.Fatalf("%s(%v): %v", m.Name(), req, bad)
		}
		if status.Code(err) == codes.DeadlineExceeded {
			t.Fatalf("%s(%v) did not answer within 10 s", m.Name(), req)
		}
	})
}
