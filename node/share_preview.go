package node

import (
	"context"
	"database/sql"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// PreviewShared returns what of the record of the kind with the id would
// leave the node if it were written now (outgoing, as the outbox gets
// it), with the record's visibility and version; the shared form is nil
// when nothing of it leaves on its own. The record and the records it
// names are read in one transaction, so the preview is of one moment.
func (s *Store) PreviewShared(ctx context.Context, kind record.Kind, id string) (*hcnetv1.PreviewSharedResponse, error) {
	const op = "store.PreviewShared"
	tx, err := s.db.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer tx.Rollback()
	m, err := getRecord(ctx, tx, kind, id)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	meta := record.GetMeta(m)
	out := &hcnetv1.PreviewSharedResponse{Visibility: meta.Visibility, Version: meta.Version, Title: title(kind, m)}
	if s.identity == nil || !sharedKinds[kind] || !isShared(meta.Visibility) {
		return out, nil
	}
	if out.Record, err = s.outgoing(ctx, tx, m); err != nil {
		return nil, errs.Op(op, err)
	}
	return out, nil
}
