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
