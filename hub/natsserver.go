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

	"github.com/hcnet/hcnet/hub/members"
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
// The users live in a map the server asks on every connect
// (members.NATSUsers),
// not in the server's options: approving or revoking one member changes
// one entry, where reloading the options would rebuild every user and
// cost the square of the member count over thousands of approvals.
type EmbeddedNATS struct {
	srv   *server.Server
	users *members.NATSUsers
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
	nlog := log.With("component", "nats")
	users := members.NewNATSUsers(hubKey, nlog)
	opts := &server.Options{
		ServerName: "hchub",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   filepath.Join(dataDir, NATSDir),
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
	users.Attach(srv)
	srv.SetLogger(natsLog{log: nlog, explain: users.NoteError}, false, false)
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
// (members.NATSUsers.SetMembers); a user no longer listed is
// disconnected.
func (e *EmbeddedNATS) SetMembers(ms []*hcnetv1.Member) error { return e.users.SetMembers(ms) }

// SetMember applies one member's status (members.NATSUsers.SetMember).
func (e *EmbeddedNATS) SetMember(m *hcnetv1.Member) error { return e.users.SetMember(m) }

// SetSubscribers replaces the feed subscribers' users with the active
// ones of subs (members.NATSUsers.SetSubscribers).
func (e *EmbeddedNATS) SetSubscribers(subs []*hcnetv1.Subscriber) error {
	return e.users.SetSubscribers(subs)
}

// SetSubscriber applies one subscriber (members.NATSUsers.SetSubscriber).
func (e *EmbeddedNATS) SetSubscriber(s *hcnetv1.Subscriber) error { return e.users.SetSubscriber(s) }

// Shutdown stops the server; JetStream flushes its store.
func (e *EmbeddedNATS) Shutdown() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}
