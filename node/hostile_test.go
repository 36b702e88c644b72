package node_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/rpcserver"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
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

// invokeRaw calls a unary method with wire bytes as the request.
func invokeRaw(ctx context.Context, conn *grpc.ClientConn, method string, req []byte) error {
	var resp []byte
	return conn.Invoke(ctx, method, &req, &resp, grpc.ForceCodec(rawCodec{}))
}

// wire marshals a request; marker, when given, is then replaced by bytes
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
		t.Fatalf("marker %q not in the encoded request", marker)
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
	ctx := callCtx(t)
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
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

// TestHostileInput sends what a broken or hostile client might to the
// CityService: each request gets a clear error code, and the database is
// byte for byte what it was.
func TestHostileInput(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	conn := n.Conn(t, n.Token)
	partner := createPartner(t, c, nodetest.Partner("Malmö stad"))
	_, plan := seedPlan(t, c)
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Residents over 75 who feel lonely"))
	city, err := c.GetCity(callCtx(t), &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	const svc = "/hcnet.v1.CityService/"
	partnership := func(change func(p *hcnetv1.Partnership)) []byte {
		p := nodetest.Partnership("Meeting places", partner.GetId())
		change(p)
		return wire(t, &hcnetv1.CreatePartnershipRequest{Partnership: p}, "")
	}
	measurement := func(v float64, date string) []byte {
		return wire(t, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Date: date, Value: v}}, "")
	}
	manySectors := make([]hcnetv1.Sector, 10000)
	for i := range manySectors {
		manySectors[i] = hcnetv1.Sector_SECTOR_HEALTH
	}
	tests := []struct {
		title  string
		method string
		req    func() []byte
		code   codes.Code
		msg    string // a part of the status message, when it matters
	}{
		{title: "oversize message", method: "CreatePartner", code: codes.ResourceExhausted, req: func() []byte {
			p := nodetest.Partner("Malmö stad")
			p.Description = strings.Repeat("x", rpcserver.MaxMessageBytes+1)
			return wire(t, &hcnetv1.CreatePartnerRequest{Partner: p}, "")
		}},
		// grpc-go's proto codec refuses invalid UTF-8 before any handler
		// or interceptor runs, and reports it as Internal with the cause.
		{title: "invalid UTF-8 in an organisation", method: "CreatePartner", code: codes.Internal, msg: "invalid UTF-8", req: func() []byte {
			return wire(t, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("MARKER-ORG")}, "MARKER-ORG")
		}},
		{title: "invalid UTF-8 in a list query", method: "ListPartnerships", code: codes.Internal, msg: "invalid UTF-8", req: func() []byte {
			return wire(t, &hcnetv1.ListPartnershipsRequest{Filter: &hcnetv1.RecordFilter{Query: "MARKER-Q"}}, "MARKER-Q")
		}},
		{title: "invalid UTF-8 in a measurement note", method: "RecordMeasurement", code: codes.Internal, msg: "invalid UTF-8", req: func() []byte {
			return wire(t, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Date: "2025-01-01", Value: 12, Note: "MARKER-N"}}, "MARKER-N")
		}},
		{title: "date 9999-99-99", method: "CreatePartnership", code: codes.InvalidArgument, req: func() []byte {
			return partnership(func(p *hcnetv1.Partnership) { p.StartDate = "9999-99-99" })
		}},
		{title: "date in year 1", method: "CreatePartnership", code: codes.InvalidArgument, req: func() []byte {
			return partnership(func(p *hcnetv1.Partnership) { p.StartDate = "0001-01-01" })
		}},
		{title: "measurement dated 9999-99-99", method: "RecordMeasurement", code: codes.InvalidArgument, req: func() []byte { return measurement(12, "9999-99-99") }},
		{title: "plan period from year 1 to the largest int32", method: "CreateHealthPlan", code: codes.InvalidArgument, req: func() []byte {
			p := nodetest.HealthPlan("Plan")
			p.PeriodStartYear, p.PeriodEndYear = 1, math.MaxInt32
			return wire(t, &hcnetv1.CreateHealthPlanRequest{HealthPlan: p}, "")
		}},
		{title: "population -1", method: "UpdateCity", code: codes.InvalidArgument, req: func() []byte {
			cc := proto.CloneOf(city.GetCity())
			cc.Population = -1
			return wire(t, &hcnetv1.UpdateCityRequest{City: cc, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"population"}}}, "")
		}},
		{title: "measurement 1e300", method: "RecordMeasurement", code: codes.InvalidArgument, req: func() []byte { return measurement(1e300, "2025-01-01") }},
		{title: "measurement NaN", method: "RecordMeasurement", code: codes.InvalidArgument, req: func() []byte { return measurement(math.NaN(), "2025-01-01") }},
		{title: "measurement -Inf", method: "RecordMeasurement", code: codes.InvalidArgument, req: func() []byte { return measurement(math.Inf(-1), "2025-01-01") }},
		{title: "page size -1", method: "ListPartners", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.ListPartnersRequest{PageSize: -1}, "")
		}},
		{title: "page size the largest int32", method: "ListPartners", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.ListPartnersRequest{PageSize: math.MaxInt32}, "")
		}},
		{title: "partnership level 99", method: "CreatePartnership", code: codes.InvalidArgument, req: func() []byte {
			return partnership(func(p *hcnetv1.Partnership) { p.Level = 99 })
		}},
		{title: "partner kind 99", method: "CreatePartner", code: codes.InvalidArgument, req: func() []byte {
			p := nodetest.Partner("Malmö stad")
			p.Kind = 99
			return wire(t, &hcnetv1.CreatePartnerRequest{Partner: p}, "")
		}},
		{title: "visibility -1", method: "CreatePartner", code: codes.InvalidArgument, req: func() []byte {
			p := nodetest.Partner("Malmö stad")
			p.Visibility = -1
			return wire(t, &hcnetv1.CreatePartnerRequest{Partner: p}, "")
		}},
		{title: "list filter level 99", method: "ListPartnerships", code: codes.InvalidArgument, req: func() []byte {
			return wire(t, &hcnetv1.ListPartnershipsRequest{Filter: &hcnetv1.RecordFilter{Level: 99}}, "")
		}},
		{title: "10,000 sectors", method: "CreatePartnership", code: codes.InvalidArgument, req: func() []byte {
			return partnership(func(p *hcnetv1.Partnership) { p.Sectors = manySectors })
		}},
		{title: "10,000 partners in a partnership", method: "CreatePartnership", code: codes.InvalidArgument, req: func() []byte {
			return partnership(func(p *hcnetv1.Partnership) {
				for range 10000 {
					p.Partners = append(p.Partners, &hcnetv1.PartnershipMember{PartnerId: partner.GetId(), Role: "partner"})
				}
			})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			before := dbDigest(t, n.DBPath)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := invokeRaw(ctx, conn, svc+tc.method, tc.req())
			st := status.Convert(err)
			if err == nil || st.Code() != tc.code || !strings.Contains(st.Message(), tc.msg) {
				t.Fatalf("%s: %v; want %v %q", tc.method, err, tc.code, tc.msg)
			}
			if after := dbDigest(t, n.DBPath); after != before {
				t.Fatalf("the database changed on a refused %s", tc.method)
			}
			if _, err := c.GetCity(callCtx(t), &hcnetv1.GetCityRequest{}); err != nil {
				t.Fatalf("the node does not answer after the attack: %v", err)
			}
		})
	}
}

// TestHostileImport streams more partners than one import may hold, in
// messages of 10,000: refused as a whole before anything is written.
func TestHostileImport(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	before := dbDigest(t, n.DBPath)
	st, err := c.ImportPartners(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]*hcnetv1.Partner, 10000)
	for i := range chunk {
		chunk[i] = &hcnetv1.Partner{Organisation: "p"}
	}
	for sent := 0; sent <= 100_000; sent += len(chunk) {
		if err := st.Send(&hcnetv1.ImportPartnersRequest{Partners: chunk}); err != nil {
			break // the node refused early and closed the stream; CloseAndRecv says why
		}
	}
	_, err = st.CloseAndRecv()
	wantCode(t, err, codes.InvalidArgument)
	if !strings.Contains(status.Convert(err).Message(), "at most") {
		t.Fatalf("message %q does not say the limit", status.Convert(err).Message())
	}
	if after := dbDigest(t, n.DBPath); after != before {
		t.Fatal("the database changed on a refused import")
	}
}
