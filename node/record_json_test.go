package node

import (
	"context"
	"database/sql"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestRecordJSONFollowsSyncRepair moves a record's version the way a
// comparison with the hub does (setVersion): the readable copy moves
// with the protobuf one, so the views never show a version the node
// does not serve.
func TestRecordJSONFollowsSyncRepair(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	p := partner("Malmö public health department", hcnetv1.Sector_SECTOR_HEALTH)
	if err := s.Create(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Tx(ctx, func(tx *sql.Tx) error { return setVersion(ctx, tx, p.GetId(), 7) }); err != nil {
		t.Fatal(err)
	}
	var version int64
	var org, sector string
	err := s.db.Read.QueryRowContext(ctx, `SELECT json_extract(r.data_json, '$.version'), p.organisation, p.sector
		FROM partners p JOIN records r USING (id) WHERE id = ?`, p.GetId()).Scan(&version, &org, &sector)
	if err != nil {
		t.Fatal(err)
	}
	if version != 7 || org != "Malmö public health department" || sector != "health" {
		t.Errorf("data_json after a sync repair: version %d, %q, %q", version, org, sector)
	}
}
