package cli

import (
	"context"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// stored is what every record message has: an id and the version the
// optimistic check compares.
type stored interface {
	proto.Message
	GetId() string
	GetVersion() int64
}

type client = hcnetv1.CityServiceClient

// kind describes one kind of record to the generic add, list, get, update
// and delete commands: its names, flags, table columns and RPCs. Each RPC
// function returns the response too, because -o json prints it as is.
type kind[M stored] struct {
	name   string // "partner", as typed on the command line
	plural string // "partners"
	// field is the request's field holding the record ("health_plan"):
	// violations name paths under it.
	field   string
	columns []column[M]
	// bind declares the add and update flags.
	bind      func(f *fields[M])
	newRecord func() M
	// addLong and updateLong explain flag formats beyond the one-line
	// usage of each flag.
	addLong, updateLong string
	addExample          string
	updateExample       string
	listExample         string
	// listFlags adds flags of this kind's list only.
	listFlags func(q *listQuery)
	// detail, when set, turns columns into those one record is shown
	// with as a table when they need more from the node than the record
	// (partner names in place of ids).
	detail func(ctx context.Context, a *app, cols []column[M]) ([]column[M], error)

	get    func(ctx context.Context, c client, id string) (proto.Message, M, error)
	create func(ctx context.Context, c client, m M) (proto.Message, M, error)
	update func(ctx context.Context, c client, m M, mask *fieldmaskpb.FieldMask) (proto.Message, M, error)
	remove func(ctx context.Context, c client, id string, version int64) (proto.Message, error)
	list   func(ctx context.Context, c client, r *listRequest) (resp proto.Message, rows []M, next string, err error)
}

// show prints one record. A table shows the detail columns when the kind
// has them; they are a courtesy, so when the node cannot give what they
// need, the record is shown with its plain columns instead.
func (k *kind[M]) show(ctx context.Context, a *app, resp proto.Message, row M) error {
	cols := k.columns
	if k.detail != nil && a.g.output == formatTable {
		if c, err := k.detail(ctx, a, cols); err == nil {
			cols = c
		}
	}
	return printOne(a, resp, row, cols)
}
