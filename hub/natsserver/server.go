package natsserver

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"syscall"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is the hub's in-process nats-server with JetStream, its store in
// the hub's data folder. Its users are nkeys: the hub itself, with every
// permission, each approved member, who may publish only under its own
// subject prefix (and receive its PubAcks in its own inbox,
// subject.MemberInbox), and each feed subscriber, who may only read the
// public feed, through a consumer of its own.
//
// The users live in a map the server asks on every connect (Users,
// members.NATSUsers), not in the server's options: approving or revoking
// one member changes one entry, where reloading the options would
// rebuild every user and cost the square of the member count over
// thousands of approvals.
type Server struct {
	srv *server.Server
	// log hears the store watcher (WatchStore).
	log *slog.Logger
	// storeDir, syncInterval and maxStore start JetStream again
	// (store.go); checkEvery is how often WatchStore looks at it.
	storeDir     string
	syncInterval time.Duration
	maxStore     int64
	checkEvery   time.Duration
	// health is what WatchStore last found (watch.go).
	health storeHealth
}

// Users authenticates the clients that connect (the server's
// CustomClientAuthentication) and hears of the server it does so for.
// members.NATSUsers is the hub's.
type Users interface {
	server.Authentication
	// Attach is given the server after it is made, before it starts: the
	// users take part in its options, so the server exists only after
	// them, and they need it to close a removed user's connections.
	Attach(srv *server.Server)
	// NoteError hears every error line the server logs, so the users
	// can explain the refusals they caused.
	NoteError(line string)
}

// Config says where and how the embedded server runs.
type Config struct {
	// StoreDir is the folder of its JetStream store, in the hub's data
	// folder.
	StoreDir string
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
	// StoreCheck is how often WatchStore checks that the JetStream store
	// can write; 0 is StoreCheckInterval.
	StoreCheck time.Duration
}

// Start starts the embedded server with the settings c and the users
// who may connect. Its log lines go to log, marked as NATS's.
func Start(c Config, users Users, log *slog.Logger) (*Server, error) {
	listen, maxStore := c.Listen, c.MaxStore
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
	opts := &server.Options{
		ServerName: "hchub",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   c.StoreDir,
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
	if c.Monitor != "" {
		if opts.HTTPHost, opts.HTTPPort, err = monitorAddr(c.Monitor); err != nil {
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
	every := c.StoreCheck
	if every <= 0 {
		every = StoreCheckInterval
	}
	return &Server{srv: srv, log: log, storeDir: opts.StoreDir, syncInterval: opts.SyncInterval, maxStore: maxStore, checkEvery: every}, nil
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
func (s *Server) MonitorURL() string {
	if a := s.srv.MonitorAddr(); a != nil {
		return "http://" + a.String()
	}
	return ""
}

// ErrAddrInUse is Start's error when another program (a second hub, a
// NATS server) holds the address it is to listen on.
var ErrAddrInUse = errors.New("the address is in use")

// tryListen opens and closes listen, so a busy address fails at once with
// ErrAddrInUse: nats-server itself would only log it and never become
// ready, and the hub would wait for it in vain.
func tryListen(listen string) error {
	lis, err := net.Listen("tcp", listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("embedded NATS on %s: %w (another hub or NATS server?)", listen, ErrAddrInUse)
	}
	if err != nil {
		return fmt.Errorf("embedded NATS on %s: %w", listen, err)
	}
	return lis.Close()
}

// URL is the address members and the hub connect to.
func (s *Server) URL() string { return s.srv.ClientURL() }

// Shutdown stops the server; JetStream flushes its store.
func (s *Server) Shutdown() {
	s.srv.Shutdown()
	s.srv.WaitForShutdown()
}
