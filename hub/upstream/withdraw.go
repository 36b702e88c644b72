package upstream

import (
	"fmt"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// withdrawalStatement is the statement header (subject.StatementHeader)
// of a withdrawal row.
const withdrawalStatement = "withdrawal"

// withdrawal is the outbox row that tells the parent to withdraw w's
// record: w signed with the hub's key, on the record's own subject so
// that it replaces the record in the parent's stream. Its Nats-Msg-Id
// names the record and version, with suffix after it (a repair's,
// outbox.RepairSuffix; "" otherwise).
func withdrawal(key nkeys.KeyPair, w *hcnetv1.Withdrawal, suffix string) (relay.Row, error) {
	st, err := envelope.SignStatement(key, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Withdrawal{Withdrawal: w}})
	if err != nil {
		return relay.Row{}, err
	}
	b, err := proto.Marshal(st)
	if err != nil {
		return relay.Row{}, err
	}
	return relay.Row{
		Subject:   subject.Record(w.GetCountry(), w.GetCityId(), w.GetKind(), w.GetId()),
		MsgID:     fmt.Sprintf("withdraw/%s.%s/%s/%d%s", w.GetCountry(), w.GetCityId(), w.GetId(), w.GetVersion(), suffix),
		Envelope:  b,
		Statement: withdrawalStatement,
	}, nil
}
