package hub

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats-server/v2/server"
)

// EmbeddedNATS is the hub's in-process nats-server with JetStream, its
// store in the hub's data folder. Its users are nkeys: the hub itself, with
// every permission, each approved member, who may publish only under its
// own subject prefix (and receive its PubAcks in its own inbox,
// subject.MemberInbox), and each feed subscriber,
// who may only read the public feed, through a consumer of its own.
//
// The users live in a map the server asks on every connect (natsUsers),
// not in the server's options: approving or revoking one member changes
// one entry, where reloading the options would rebuild every user and
// cost the square of the member count over thousands of approvals.
type EmbeddedNATS struct {
	srv   *server.Server
	users *natsUsers
	// storeDir, syncInterval and maxStore start JetStream again
	// (natsstore.go).
	storeDir     string
	syncInterval time.Duration
	maxStore     int64
}

// NATSSettings say where and how the embedded server runs.
type NATSSettings struct {
	// Listen is its client address ("127.0.0.1:4222"; port 0 picks a
	// free one).
	Listen string
	// MaxStore bounds its JetStream store in bytes; 0 leaves nats-server
	// to take 75% of the disk's free space at start.
	MaxStore int64
	// Monitor, when set, is the address of nats-server's own HTTP
	// monitoring endpoint (/varz, /connz, /jsz ...), which the NATS
	// Prometheus exporter and the nats CLI's server reports read. It
	// names the members' connections: keep it on loopback or a private
	// network. Port 0 picks a free one.
	Monitor string
}

// StartNATS starts the embedded server with the settings s; its log lines
// go to log.
func StartNATS(dataDir, hubKey string, log *slog.Logger, s NATSSettings) (*EmbeddedNATS, error) {
	listen, maxStore := s.Listen, s.MaxStore
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
	} else if err := tryListen(listen); err != nil {
		return nil, err
	}
	users := newNATSUsers(hubKey)
	opts := &server.Options{
		ServerName: "hchub",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   filepath.Join(dataDir, "nats"),
		NoSigs:     true,
		// Its log goes to the hub's (natsLog); the ASCII-art banner
		// would be a dozen lines of noise there.
		DisableJetStreamBanner: true,
		// JetStream's default: acknowledge once in memory, fsync every
		// 2 minutes. Ingest dedups durably in SQLite and anti-entropy
		// repairs what an OS crash could lose (see README, Durability).
		SyncInterval: 2 * time.Minute,
		MaxPayload:   4 << 20,

		JetStreamMaxStore: maxStore, // 0: 75% of the disk's free space at start
		// Every user is an nkey, checked by users against the nonce the
		// server sends in its INFO.
		CustomClientAuthentication: users,
		AlwaysEnableNonce:          true,
	}
	if s.Monitor != "" {
		if opts.HTTPHost, opts.HTTPPort, err = monitorAddr(s.Monitor); err != nil {
			return nil, err
		}
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	users.srv = srv
	nlog := log.With("component", "nats")
	srv.SetLogger(natsLog{log: nlog, inbox: &oldInboxes{log: nlog, users: users}}, false, false)
	srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("embedded NATS did not start on %s", listen)
	}
	return &EmbeddedNATS{srv: srv, users: users, storeDir: opts.StoreDir, syncInterval: opts.SyncInterval, maxStore: maxStore}, nil
}

// monitorAddr splits the monitoring address for nats-server, whose port
// for "pick a free one" is RANDOM_PORT rather than 0.
func monitorAddr(addr string) (string, int, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("nats monitor %q: %w", addr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("nats monitor %q: the port must be a number from 0 to 65535", addr)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	} else if err := tryListen(addr); err != nil {
		return "", 0, err
	}
	return host, port, nil
}

// MonitorURL is where the monitoring endpoint answers, "" when it is off.
func (e *EmbeddedNATS) MonitorURL() string {
	if a := e.srv.MonitorAddr(); a != nil {
		return "http://" + a.String()
	}
	return ""
}

// ErrNATSAddrInUse is StartNATS's error when another program (a second
// hub, a NATS server) holds the address it is to listen on.
var ErrNATSAddrInUse = errors.New("the address is in use")

// tryListen opens and closes listen, so a busy address fails at once with
// ErrNATSAddrInUse: nats-server itself would only log it and never become
// ready, and the hub would wait for it in vain.
func tryListen(listen string) error {
	lis, err := net.Listen("tcp", listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("embedded NATS on %s: %w (another hub or NATS server?)", listen, ErrNATSAddrInUse)
	}
	if err != nil {
		return fmt.Errorf("embedded NATS on %s: %w", listen, err)
	}
	return lis.Close()
}

// URL is the address members and the hub connect to.
func (e *EmbeddedNATS) URL() string { return e.srv.ClientURL() }

// SetMembers replaces the member users with the approved ones of members
// (see SetMember); a user no longer listed is disconnected.
func (e *EmbeddedNATS) SetMembers(members []*hcnetv1.Member) error {
	keep := map[string]natsGrant{}
	for _, m := range members {
		if m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
			keep[m.GetPublicKey()] = memberGrant(m)
		}
	}
	e.users.replace(userMember, keep)
	return nil
}

// SetMember applies one member's status: approved members may publish
// under hcnet.rec.<country>.<city>.> only (a member hub under its
// country's prefix); any other status removes the user and closes its
// connections.
func (e *EmbeddedNATS) SetMember(m *hcnetv1.Member) error {
	if m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		e.users.set(m.GetPublicKey(), userMember, memberGrant(m))
		return nil
	}
	e.users.remove(m.GetPublicKey(), userMember)
	return nil
}

// SetSubscribers replaces the feed subscribers' users with the active ones
// of subs (see SubscriberPermissions); a revoked one is disconnected.
func (e *EmbeddedNATS) SetSubscribers(subs []*hcnetv1.Subscriber) error {
	keep := map[string]natsGrant{}
	for _, s := range subs {
		if !s.GetRevoked() {
			keep[s.GetPublicKey()] = natsGrant{name: s.GetName(), perms: SubscriberPermissions(s.GetName())}
		}
	}
	e.users.replace(userSubscriber, keep)
	return nil
}

// SetSubscriber applies one subscriber: active, it may read the public
// feed; revoked, its user goes and its connections are closed.
func (e *EmbeddedNATS) SetSubscriber(s *hcnetv1.Subscriber) error {
	if s.GetRevoked() {
		e.users.remove(s.GetPublicKey(), userSubscriber)
		return nil
	}
	e.users.set(s.GetPublicKey(), userSubscriber, natsGrant{name: s.GetName(), perms: SubscriberPermissions(s.GetName())})
	return nil
}

// memberGrant lets a member in under its country/city and name.
func memberGrant(m *hcnetv1.Member) natsGrant {
	return natsGrant{name: m.GetCountry() + "/" + m.GetCityId() + " (" + m.GetName() + ")", perms: memberPermissions(m)}
}

// memberPermissions: publish under the member's own prefix, receive the
// replies to its own requests (PubAcks) in its own inbox only. Nothing
// else: _INBOX.> would show it every other member's PubAcks and the
// envelopes the hub's ingest pulls, network records among them.
func memberPermissions(m *hcnetv1.Member) *server.Permissions {
	allow := []string{subject.City(m.GetCountry(), m.GetCityId())}
	if m.GetHub() {
		// A member hub forwards its country's cities and vouches for
		// their keys.
		allow = subject.Country(m.GetCountry())
	}
	return &server.Permissions{
		Publish:   &server.SubjectPermission{Allow: allow},
		Subscribe: &server.SubjectPermission{Allow: []string{subject.MemberInbox(m.GetPublicKey()) + ".>"}},
	}
}

// SubscriberPermissions let a feed subscriber read the public feed with a
// standard client, live (core subscribe) and from the public stream
// through its own consumer, and nothing else:
//   - subscribe: hcnet.pub.> and the subscriber's own inbox prefix
//     (_INBOX_<name>), never _INBOX.>, where the hub's and members'
//     replies (network records among them) pass;
//   - publish: the JetStream API requests that read the public stream
//     (account and stream info, direct and message get), and those of
//     one consumer of it, named subject.FeedConsumer(name): create,
//     info, delete, next, acks and flow control. Never another name:
//     another subscriber's consumer could be read, drained, changed or
//     deleted. Not the legacy ephemeral create, whose request body, not
//     its subject, names the consumer. Nothing on hcnet.>.
func SubscriberPermissions(name string) *server.Permissions {
	const s = subject.PublicStream
	c := subject.FeedConsumer(name)
	return &server.Permissions{
		Publish: &server.SubjectPermission{
			Allow: []string{
				"$JS.API.INFO",
				"$JS.API.STREAM.INFO." + s,
				"$JS.API.STREAM.MSG.GET." + s,
				"$JS.API.DIRECT.GET." + s,
				"$JS.API.DIRECT.GET." + s + ".>",
				"$JS.API.CONSUMER.CREATE." + s + "." + c,
				"$JS.API.CONSUMER.CREATE." + s + "." + c + ".>",
				"$JS.API.CONSUMER.DURABLE.CREATE." + s + "." + c,
				"$JS.API.CONSUMER.MSG.NEXT." + s + "." + c,
				"$JS.API.CONSUMER.INFO." + s + "." + c,
				"$JS.API.CONSUMER.DELETE." + s + "." + c,
				"$JS.ACK." + s + "." + c + ".>",
				"$JS.FC." + s + "." + c + ".>",
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
