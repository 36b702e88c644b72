package hub_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"github.com/hcnet/hcnet/internal/bearer"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/rpcserver"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// rawCodec sends and receives messages as bytes already encoded, so a
// test can put on the wire what no well-behaved client would (invalid
// UTF-8 in a string field). It takes the proto codec's name so the server
// decodes with its own.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return *v.(*[]byte), nil }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*v.(*[]byte) = bytes.Clone(data)
	return nil
}
func (rawCodec) Name() string { return "proto" }

// rawConn is a connection to h carrying its admin token.
func rawConn(t *testing.T, h *hubtest.Hub) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer.Token(h.Token)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// wire marshals a message; marker, when given, is then replaced by bytes
// of the same length that are not UTF-8, so lengths stay valid.
func wire(t *testing.T, m proto.Message, marker string) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if marker == "" {
		return b
	}
	if !bytes.Contains(b, []byte(marker)) {
		t.Fatalf("marker %q not in the encoded message", marker)
	}
	return bytes.ReplaceAll(b, []byte(marker), bytes.Repeat([]byte{0xff}, len(marker)))
}

// dbDigest is the sha256 of a logical dump of every table of the SQLite
// file at path, rows sorted, so it changes when any stored row does.
func dbDigest(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var tables []string
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	h := sha256.New()
	for _, table := range tables {
		rows, err := db.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%q", vals))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(lines)
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00", table, len(lines), strings.Join(lines, "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// waitFeedStarted polls until the public feed, starting in the
// background, has written where it begins: the one write a fresh hub
// makes by itself, which would otherwise land between two digests.
func waitFeedStarted(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	poll.Within(t, 20*time.Second, "the public feed started", func() bool {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM settings WHERE key = 'public_feed_start'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	})
}

// TestHostileInput sends what a broken or hostile client might to the
// HubService: each request gets a clear error code, and the hub's
// database is what it was.
func TestHostileInput(t *testing.T) {
	h := hubtest.Start(t)
	conn := rawConn(t, h)
	dbPath := filepath.Join(h.Dir, "hub.db")
	waitFeedStarted(t, dbPath)
	city, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	nonce := 0
	join := func(app *hcnetv1.JoinApplication, at time.Time, marker string) []byte {
		nonce++
		signed, err := envelope.SignJoin(city, app, fmt.Sprintf("hostile-nonce-%08d", nonce), at)
		if err != nil {
			t.Fatal(err)
		}
		if marker != "" {
			// Re-sign the application with the marker made invalid UTF-8,
			// so only its content is wrong, not its signature.
			b := bytes.ReplaceAll(signed.GetApplication(), []byte(marker), bytes.Repeat([]byte{0xff}, len(marker)))
			sig, err := city.Sign(append([]byte("hcnet.join.v1"), b...))
			if err != nil {
				t.Fatal(err)
			}
			signed = &hcnetv1.JoinRequest{Application: b, Signature: sig}
		}
		return wire(t, signed, "")
	}
	app := func() *hcnetv1.JoinApplication {
		return &hcnetv1.JoinApplication{CityId: "malmo", Country: "se", Name: "Malmö", HubId: "se-net"}
	}
	search := func(f *hcnetv1.SearchFilter) []byte {
		return wire(t, &hcnetv1.SearchPracticesRequest{Query: "parks", Filter: f}, "")
	}
	many := func(n int, s string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	const svc = "/hcnet.v1.HubService/"
	tests := []struct {
		title  string
		method string
		req    func() []byte
		code   codes.Code
		msg    string // a part of the status message, when it matters
	}{
		{title: "oversize search", method: "SearchPractices", code: codes.ResourceExhausted, req: func() []byte {
			return wire(t, &hcnetv1.SearchPracticesRequest{Query: strings.Repeat("x", rpcserver.MaxMessageBytes+1)}, "")
		}},
		{title: "oversize join", method: "Join", code: codes.ResourceExhausted, req: func() []byte {
			return wire(t, &hcnetv1.JoinRequest{Application: make([]byte, rpcserver.MaxMessageBytes+1)}, "")
		}},
		// grpc-go's proto codec refuses invalid UTF-8 before any handler
		// or interceptor runs, and reports it as Internal with the cause.
		{title: "invalid UTF-8 in a search query", method: "SearchPractices", code: codes.Internal, msg: "invalid UTF-8", req: func() []byte {
			return wire(t, &hcnetv1.SearchPracticesRequest{Query: "MARKER-Q"}, "MARKER-Q")
		}},
		{title: "invalid UTF-8 in a subscriber name", method: "AddSubscriber", code: codes.Internal, msg: "invalid UTF-8", req: func() []byte {
			return wire(t, &hcnetv1.AddSubscriberRequest{Name: "MARKER-N"}, "MARKER-N")
		}},
		// Inside a signed application the hub decodes the bytes itself.
		{title: "invalid UTF-8 in a signed join application", method: "Join", code: codes.Unauthenticated, msg: "UTF-8", req: func() []byte {
			a := app()
			a.Name = "MARKER-NAME"
			return join(a, time.Now(), "MARKER-NAME")
		}},
		{title: "join dated year 9999", method: "Join", code: codes.InvalidArgument, req: func() []byte {
			return join(app(), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), "")
		}},
		{title: "join dated year 1", method: "Join", code: codes.InvalidArgument, req: func() []byte {
			return join(app(), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "")
		}},
		{title: "join with a 10,000-character name", method: "Join", code: codes.InvalidArgument, req: func() []byte {
			a := app()
			a.Name = strings.Repeat("M", 10000)
			return join(a, time.Now(), "")
		}},
		{title: "search page size -1", method: "SearchPractices", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.SearchPracticesRequest{Query: "parks", PageSize: -1}, "")
		}},
		{title: "search page size the largest int32", method: "SearchPractices", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.SearchPracticesRequest{Query: "parks", PageSize: math.MaxInt32}, "")
		}},
		{title: "partner finder limit -1", method: "FindPartners", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.FindPartnersRequest{Topic: "parks", Limit: -1}, "")
		}},
		{title: "partner finder SDG goal 99", method: "FindPartners", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.FindPartnersRequest{SdgGoal: 99}, "")
		}},
		{title: "search filter sector 99", method: "SearchPractices", code: codes.InvalidArgument, req: func() []byte {
			return search(&hcnetv1.SearchFilter{Sectors: []hcnetv1.Sector{99}})
		}},
		{title: "partner finder setting 99", method: "FindPartners", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.FindPartnersRequest{Setting: 99}, "")
		}},
		{title: "member status 99", method: "ListMembers", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.ListMembersRequest{Status: 99}, "")
		}},
		{title: "10,000 SDG goals in a search filter", method: "SearchPractices", code: codes.InvalidArgument, req: func() []byte {
			goals := make([]int32, 10000)
			for i := range goals {
				goals[i] = 3
			}
			return search(&hcnetv1.SearchFilter{SdgGoals: goals})
		}},
		{title: "10,000 countries in a search filter", method: "SearchPractices", code: codes.InvalidArgument, req: func() []byte {
			return search(&hcnetv1.SearchFilter{Countries: many(10000, "se")})
		}},
		{title: "40,000 cities in a search filter", method: "SearchPractices", code: codes.InvalidArgument, req: func() []byte {
			return search(&hcnetv1.SearchFilter{Cities: many(40000, "malmo")})
		}},
		{title: "10,000 kinds in a search filter", method: "SearchPractices", code: codes.InvalidArgument, req: func() []byte {
			return search(&hcnetv1.SearchFilter{Kinds: many(10000, "practice")})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			before := dbDigest(t, dbPath)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			req := tc.req()
			var resp []byte
			err := conn.Invoke(ctx, svc+tc.method, &req, &resp, grpc.ForceCodec(rawCodec{}))
			st := status.Convert(err)
			if err == nil || st.Code() != tc.code || !strings.Contains(st.Message(), tc.msg) {
				t.Fatalf("%s: %v; want %v %q", tc.method, err, tc.code, tc.msg)
			}
			if after := dbDigest(t, dbPath); after != before {
				t.Fatalf("the database changed on a refused %s", tc.method)
			}
			if _, err := h.Client(t).GetHub(ctx, &hcnetv1.GetHubRequest{}); err != nil {
				t.Fatalf("the hub does not answer after the attack: %v", err)
			}
		})
	}
}
