package upstream

import (
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestWithdrawal: the one withdrawal row the forwarder and the repairs
// queue is the record's subject, a statement header, a message id of
// the record and version (with a repair's suffix after it), and the
// withdrawal itself, signed with the hub's key and saying what it was
// given.
func TestWithdrawal(t *testing.T) {
	hub := key(t, 2)
	pub, _ := hub.PublicKey()
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	w := &hcnetv1.Withdrawal{HubId: "se-net", Country: "se", CityId: "malmo", Kind: "practice", Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D",
		Version: 4, Time: timestamppb.New(at)}
	for _, c := range []struct {
		title, suffix, msgID string
	}{
		{"forwarded", "", "withdraw/se.malmo/01JB7Q6Z8M3V2K5T9X4R1N0P6D/4"},
		{"repaired", "/repair-x1", "withdraw/se.malmo/01JB7Q6Z8M3V2K5T9X4R1N0P6D/4/repair-x1"},
	} {
		t.Run(c.title, func(t *testing.T) {
			row, err := withdrawal(hub, w, c.suffix)
			if err != nil {
				t.Fatal(err)
			}
			if want := subject.Record("se", "malmo", "practice", "01JB7Q6Z8M3V2K5T9X4R1N0P6D"); row.Subject != want {
				t.Errorf("subject %q, want %q", row.Subject, want)
			}
			if row.MsgID != c.msgID || row.Statement != "withdrawal" || row.Path != "" {
				t.Errorf("msg id %q, statement %q, path %q; want %q, withdrawal, none", row.MsgID, row.Statement, row.Path, c.msgID)
			}
			signed := &hcnetv1.SignedStatement{}
			if err := proto.Unmarshal(row.Envelope, signed); err != nil {
				t.Fatal(err)
			}
			st, err := envelope.OpenStatement(signed, pub)
			if err != nil {
				t.Fatalf("the hub's own key does not open the withdrawal: %v", err)
			}
			if !proto.Equal(st.GetWithdrawal(), w) {
				t.Errorf("signed %v, want %v", st, w)
			}
			other, _ := key(t, 3).PublicKey()
			if _, err := envelope.OpenStatement(signed, other); err == nil {
				t.Error("another key opens the withdrawal")
			}
			signed.Signature[0] ^= 1
			if _, err := envelope.OpenStatement(signed, pub); err == nil {
				t.Error("a withdrawal with a changed signature opens")
			}
		})
	}
}
