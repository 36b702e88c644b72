package members

import (
	"context"
	"database/sql"
	"time"

	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// Store is what membership needs of the hub's database: the database
// itself, where its own tables are, and the read model's records of a
// city, which the coordinator's approval of that city may drop.
type Store interface {
	// DB is the hub's database.
	DB() *sqlitedb.DB
	// DropVouched removes, inside tx, what the read model holds of
	// country/city on a member hub's word, now that the coordinator
	// approved the city with key: every record not signed by key. It
	// returns how many records it dropped.
	DropVouched(ctx context.Context, tx *sql.Tx, country, city, key string) (int, error)
	// RecordsDropped tells the read model's watchers, after the commit
	// of a DropVouched that dropped any, that records went.
	RecordsDropped()
	// ForwardedBy counts the records of country/city held as forwarded
	// by member hub hubID, and when the newest arrived (zero if none).
	ForwardedBy(ctx context.Context, country, city, hubID string) (int64, time.Time, error)
}
