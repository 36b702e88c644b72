package actor

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"google.golang.org/grpc/metadata"
)

// Header is the gRPC metadata key naming the person a call acts for. A
// server believes it only from a caller that also sent the admin token:
// the token's holder (the node's own web pages, automation) vouches for
// the name; anyone else could write any name. It is a binary header
// (gRPC base64-encodes "-bin" values on the wire) because names are
// UTF-8 ("Åsa Öberg") and plain metadata values must be printable ASCII.
const Header = "hcnet-actor-bin"

// Token is the actor of a call that carried the admin token and named
// nobody: hcctl, scripts, a web session signed in with the token.
const Token = "admin token"

// MaxLen bounds a name, so a history line stays a line.
const MaxLen = 100

type key struct{}

// With returns ctx carrying name as the actor.
func With(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, key{}, name)
}

// From is the actor ctx carries, or "" for the node's own work (sharing
// a record again, a restore), which no caller asked for.
func From(ctx context.Context) string {
	name, _ := ctx.Value(key{}).(string)
	return name
}

// Outgoing adds name as the actor of the gRPC calls made with ctx.
func Outgoing(ctx context.Context, name string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, Header, name)
}

// Incoming is the actor of a call whose admin token the server has
// already checked: the name its caller sent, cleaned, or Token when it
// sent none. Call it only after the token check; a caller without the
// token names nobody.
func Incoming(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	vals := md.Get(Header)
	if len(vals) == 0 {
		return Token
	}
	if name := clean(vals[0]); name != "" {
		return name
	}
	return Token
}

// clean keeps a name printable and short: it is shown on pages and in
// the CLI, and a control character or a megabyte has no place there.
func clean(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s))
	if len(s) > MaxLen {
		s = s[:MaxLen]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}
