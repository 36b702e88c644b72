// Package exportall writes every record a node holds, private ones and
// contacts included, as JSON Lines: hcctl export --all and the node's
// web page share it, so both write the same bytes.
package exportall

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Line is one line of export --all: the record's kind beside the
// record rather than inside it, because records have fields of their own
// called "kind" (a partner's kind of organisation).
type Line struct {
	Kind   record.Kind     `json:"kind"`
	Record json.RawMessage `json:"record"`
}

// A Lister reads one page of one kind: every List RPC takes the page
// size and token as fields 1 and 2 and answers with the records and the
// next token as fields 1 and 2.
type Lister func(ctx context.Context, c hcnetv1.CityServiceClient, size int32, token string) (proto.Message, error)

// Listers covers every kind but the city, which is one record; a
// test checks it covers record.Kinds.
var Listers = map[record.Kind]Lister{
	record.KindPartner: func(ctx context.Context, c hcnetv1.CityServiceClient, size int32, token string) (proto.Message, error) {
		return c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: size, PageToken: token})
	},
	record.KindPartnership: func(ctx context.Context, c hcnetv1.CityServiceClient, size int32, token string) (proto.Message, error) {
		return c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{PageSize: size, PageToken: token})
	},
	record.KindHealthPlan: func(ctx context.Context, c hcnetv1.CityServiceClient, size int32, token string) (proto.Message, error) {
		return c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{PageSize: size, PageToken: token})
	},
	record.KindIndicator: func(ctx context.Context, c hcnetv1.CityServiceClient, size int32, token string) (proto.Message, error) {
		return c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PageSize: size, PageToken: token})
	},
	record.KindPractice: func(ctx context.Context, c hcnetv1.CityServiceClient, size int32, token string) (proto.Message, error) {
		return c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{PageSize: size, PageToken: token})
	},
	record.KindSuccess: func(ctx context.Context, c hcnetv1.CityServiceClient, size int32, token string) (proto.Message, error) {
		return c.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{PageSize: size, PageToken: token})
	},
	record.KindEndorsement: func(ctx context.Context, c hcnetv1.CityServiceClient, size int32, token string) (proto.Message, error) {
		return c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{PageSize: size, PageToken: token})
	},
}

// PageSize is the largest page a node serves: fewer round trips.
const PageSize = 1000

// Error says which step of the export failed, so each caller words the
// cause its own way (hcctl as its other commands do).
type Error struct {
	Op  string // "export city", "export partner", ...
	Err error
}

func (e *Error) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Write writes every record of node c to w, the city first, then each
// kind in the order a loader must create them, and returns how many it
// wrote. call bounds each RPC with the caller's deadline.
func Write(ctx context.Context, c hcnetv1.CityServiceClient, w io.Writer, call func(context.Context) (context.Context, context.CancelFunc)) (int, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	write := func(k record.Kind, m proto.Message) error {
		b, err := protojson.Marshal(m)
		if err != nil {
			return err
		}
		n++
		return enc.Encode(Line{Kind: k, Record: b})
	}
	cctx, cancel := call(ctx)
	city, err := c.GetCity(cctx, &hcnetv1.GetCityRequest{})
	cancel()
	if err != nil {
		return n, &Error{Op: "export city", Err: err}
	}
	if err := write(record.KindCity, city.GetCity()); err != nil {
		return n, err
	}
	for _, k := range record.Kinds {
		list := Listers[k]
		if k == record.KindCity {
			continue
		}
		if list == nil {
			return n, fmt.Errorf("export: hcctl does not know how to list %s records", k)
		}
		token := ""
		seen := map[string]bool{}
		for {
			cctx, cancel := call(ctx)
			page, err := list(cctx, c, PageSize, token)
			cancel()
			if err != nil {
				return n, &Error{Op: "export " + string(k), Err: err}
			}
			pr := page.ProtoReflect()
			items := pr.Get(pr.Descriptor().Fields().ByNumber(1)).List()
			for i := 0; i < items.Len(); i++ {
				if err := write(k, items.Get(i).Message().Interface()); err != nil {
					return n, err
				}
			}
			token = nextToken(pr)
			if token == "" {
				break
			}
			if seen[token] {
				return n, fmt.Errorf("export %s: the node returned page token %q twice", k, token)
			}
			seen[token] = true
		}
	}
	return n, nil
}

func nextToken(m protoreflect.Message) string {
	return m.Get(m.Descriptor().Fields().ByNumber(2)).String()
}
