package bus

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// A subscription the server refuses is an asynchronous error: with Log,
// it is a line of the daemon's log, with what to check, not a bare line
// nats.go writes to stderr.
func TestAsyncErrorsGoToTheLog(t *testing.T) {
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true,
		Nkeys: []*server.NkeyUser{{Nkey: pub, Permissions: &server.Permissions{
			Subscribe: &server.SubjectPermission{Allow: []string{"_INBOX_" + pub + ".>"}},
		}}}})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	t.Cleanup(s.Shutdown)
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("server not ready")
	}
	var logs syncbuf.Buffer
	nc, err := Connect(Options{URL: s.ClientURL(), Key: kp, Name: "test", Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := nc.SubscribeSync("hcnet.rec.>"); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the refused subscription logged", func() bool { return strings.Contains(logs.String(), "NATS connection error") })
	for _, want := range []string{"level=WARN", "permissions violation", `hcnet.rec.>`, "hint=", "not approved"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}
