package fedtest

import (
	"bytes"
	"context"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func TestPracticeTravelsToTheHubAndIsWithdrawn(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	c := n.Client(t)

	res, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Mötesplatser mot ensamhet", hcnetv1.Visibility_VISIBILITY_NETWORK)})
	if err != nil {
		t.Fatal(err)
	}
	p := res.GetPractice()
	poll.Until(t, "practice at the hub", func() bool { return hubVersion(t, h, p.GetId()) == 1 })

	p.Texts["sv"].Title = "Mötesplatser mot ensamhet, steg två"
	up, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"texts"}}})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "update replaces it", func() bool { return hubVersion(t, h, p.GetId()) == up.GetPractice().GetVersion() })

	// The hub holds the shared form: the contact never left the node.
	var env []byte
	if err := h.Hub.Store.DB().Read.QueryRow(`SELECT envelope FROM records WHERE id = ?`, p.GetId()).Scan(&env); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(env, []byte("karin.lind")) {
		t.Fatal("the contact's e-mail reached the hub")
	}

	// Making it private withdraws it.
	up.GetPractice().Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	if _, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: up.GetPractice(), UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}}}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "private practice removed at the hub", func() bool { return hubVersion(t, h, p.GetId()) == 0 })

	// A second shared practice, then deleted.
	res2, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Cykelskolan", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "second practice at the hub", func() bool { return hubVersion(t, h, res2.GetPractice().GetId()) == 1 })
	if _, err := c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: res2.GetPractice().GetId()}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "deleted practice removed at the hub", func() bool { return hubVersion(t, h, res2.GetPractice().GetId()) == 0 })
	poll.Until(t, "outbox drained", func() bool {
		st, err := c.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		return err == nil && st.GetOutboxDepth() == 0 && st.GetLastDeliveryTime() != nil
	})
}

func TestPrivateRecordsNeverLeaveTheNode(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	c := n.Client(t)
	priv, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Hemlig försöksverksamhet", hcnetv1.Visibility_VISIBILITY_PRIVATE)})
	if err != nil {
		t.Fatal(err)
	}
	// A shared record written after it: once it arrives, everything
	// written before has been delivered, so absence is meaningful.
	marker, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Öppen mötesplats", hcnetv1.Visibility_VISIBILITY_NETWORK)})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "marker at the hub", func() bool { return hubVersion(t, h, marker.GetPractice().GetId()) == 1 })
	if v := hubVersion(t, h, priv.GetPractice().GetId()); v != 0 {
		t.Fatalf("private practice at the hub at version %d", v)
	}
	// Scan the whole stream too.
	js, err := jetstream.New(hubNATS(t, h))
	if err != nil {
		t.Fatal(err)
	}
	stream, err := js.Stream(ctx, subject.RecordStream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		msg, err := stream.GetMsg(ctx, seq)
		if err != nil {
			continue // compacted away
		}
		if bytes.Contains([]byte(msg.Subject), []byte(priv.GetPractice().GetId())) || bytes.Contains(msg.Data, []byte("Hemlig")) {
			t.Fatalf("private practice in the stream at seq %d (%s)", seq, msg.Subject)
		}
	}
}
