package hub

import (
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats-server/v2/server"
)

// EmbeddedNATS is the hub's in-process nats-server with JetStream, its
// store in the hub's data folder. Its users are nkeys: the hub itself, with
// every permission, each approved member, who may publish only under its
// own subject prefix (and receive its PubAcks), and each feed subscriber,
// who may only read the public feed.
type EmbeddedNATS struct {
	mu          sync.Mutex
	srv         *server.Server
	opts        *server.Options
	hubKey      string
	members     []*hcnetv1.Member
	subscribers []*hcnetv1.Subscriber
}

// StartNATS starts the embedded server on listen ("127.0.0.1:4222"; port 0
// picks a free one).
func StartNATS(dataDir, listen, hubKey string) (*EmbeddedNATS, error) {
	host, portStr, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("nats listen %q: %w", listen, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("nats listen %q: %w", listen, err)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	opts := &server.Options{
		ServerName: "hchub",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   filepath.Join(dataDir, "nats"),
		NoSigs:     true,
		NoLog:      true,
		// JetStream's default: acknowledge once in memory, fsync every
		// 2 minutes. Ingest dedups durably in SQLite and anti-entropy
		// repairs what an OS crash could lose (see README, Durability).
		SyncInterval: 2 * time.Minute,
		MaxPayload:   4 << 20,
	}
	opts.Nkeys = []*server.NkeyUser{{Nkey: hubKey}}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("embedded NATS did not start on %s", listen)
	}
	return &EmbeddedNATS{srv: srv, opts: opts, hubKey: hubKey}, nil
}

// URL is the address members and the hub connect to.
func (e *EmbeddedNATS) URL() string { return e.srv.ClientURL() }

// SetMembers replaces the member users: approved members may publish under
// hcnet.rec.<country>.<city>.> only. A user no longer listed is
// disconnected by the reload.
func (e *EmbeddedNATS) SetMembers(members []*hcnetv1.Member) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.members = members
	return e.reload()
}

// SetSubscribers replaces the feed subscribers' users (see
// SubscriberPermissions); a revoked one is disconnected by the reload.
func (e *EmbeddedNATS) SetSubscribers(subs []*hcnetv1.Subscriber) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.subscribers = subs
	return e.reload()
}

func (e *EmbeddedNATS) reload() error {
	users := []*server.NkeyUser{{Nkey: e.hubKey}}
	for _, m := range e.members {
		if m.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
			continue
		}
		allow := []string{subject.City(m.GetCountry(), m.GetCityId())}
		if m.GetHub() {
			// A member hub forwards its country's cities and vouches for
			// their keys.
			allow = subject.Country(m.GetCountry())
		}
		users = append(users, &server.NkeyUser{
			Nkey: m.GetPublicKey(),
			Permissions: &server.Permissions{
				Publish:   &server.SubjectPermission{Allow: allow},
				Subscribe: &server.SubjectPermission{Allow: []string{"_INBOX.>"}},
			},
		})
	}
	for _, s := range e.subscribers {
		if s.GetRevoked() {
			continue
		}
		users = append(users, &server.NkeyUser{Nkey: s.GetPublicKey(), Permissions: SubscriberPermissions(s.GetName())})
	}
	opts := e.opts.Clone()
	opts.Nkeys = users
	if err := e.srv.ReloadOptions(opts); err != nil {
		return fmt.Errorf("reload NATS users: %w", err)
	}
	e.opts = opts
	return nil
}

// SubscriberPermissions let a feed subscriber read the public feed with a
// standard client, live (core subscribe) and from the public stream
// through ephemeral or ordered consumers, and nothing else:
//   - subscribe: hcnet.pub.> and the subscriber's own inbox prefix
//     (_INBOX_<name>), never _INBOX.>, where the hub's and members'
//     replies (network records among them) pass;
//   - publish: the JetStream API requests a consumer of the public stream
//     needs (account and stream info, create, next, info, delete, acks,
//     flow control, direct and message get), nothing on hcnet.>.
func SubscriberPermissions(name string) *server.Permissions {
	const s = subject.PublicStream
	return &server.Permissions{
		Publish: &server.SubjectPermission{
			Allow: []string{
				"$JS.API.INFO",
				"$JS.API.STREAM.INFO." + s,
				"$JS.API.STREAM.MSG.GET." + s,
				"$JS.API.DIRECT.GET." + s,
				"$JS.API.DIRECT.GET." + s + ".>",
				"$JS.API.CONSUMER.CREATE." + s,
				"$JS.API.CONSUMER.CREATE." + s + ".>",
				"$JS.API.CONSUMER.MSG.NEXT." + s + ".>",
				"$JS.API.CONSUMER.INFO." + s + ".>",
				"$JS.API.CONSUMER.DELETE." + s + ".>",
				"$JS.ACK." + s + ".>",
				"$JS.FC." + s + ".>",
			},
			Deny: []string{"hcnet.>"},
		},
		Subscribe: &server.SubjectPermission{
			Allow: []string{subject.PublicRecords, subject.FeedInbox(name) + ".>"},
		},
	}
}

// Shutdown stops the server; JetStream flushes its store.
func (e *EmbeddedNATS) Shutdown() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}
