package cli

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func badRequest(tb testing.TB, msg string, fields ...string) error {
	tb.Helper()
	br := &errdetails.BadRequest{}
	for i := 0; i+1 < len(fields); i += 2 {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: fields[i], Description: fields[i+1]})
	}
	st, err := status.New(codes.InvalidArgument, msg).WithDetails(br)
	if err != nil {
		tb.Fatal(err)
	}
	return st.Err()
}

func TestDescribe(t *testing.T) {
	byFlag := func(path string) string {
		if path == "partnership.title" {
			return "--title"
		}
		return ""
	}
	tests := []struct {
		title string
		err   error
		want  string
	}{
		{
			title: "every violation on its own line, with the flag when known",
			err: wrapOp(badRequest(t, "invalid partnership", "partnership.title", "is required",
				"partnership.sdg.targets[0]", `"3.44" is not an SDG target`), "add partnership", byFlag),
			want: "hcctl: add partnership: the node refused the input (2 problems):\n" +
				"partnership.title: is required (--title)\n" +
				`partnership.sdg.targets[0]: "3.44" is not an SDG target`,
		},
		{
			title: "unauthenticated says where tokens come from",
			err:   wrapOp(status.Error(codes.Unauthenticated, "bad token"), "list partners", nil),
			want:  "hcctl: list partners: the node did not accept the admin token (bad token); pass --dir with the node's data folder (it holds admin.token), --token TOKEN, or set HCNET_TOKEN",
		},
		{
			title: "aborted",
			err:   wrapOp(status.Error(codes.Aborted, "version 3, stored 4"), "update partner 01J", nil),
			want:  "hcctl: update partner 01J: changed by someone else since you read it; run again",
		},
		{
			title: "not found",
			err:   wrapOp(status.Error(codes.NotFound, "no partner 01J"), "get partner 01J", nil),
			want:  "hcctl: get partner 01J: not found: no partner 01J",
		},
		{
			title: "unavailable names the address",
			err:   wrapOp(status.Error(codes.Unavailable, "connection refused"), "get city", nil),
			want:  "hcctl: get city: cannot reach the node: is hcnode running at 127.0.0.1:7400? (connection refused)",
		},
		{
			title: "deadline names the timeout",
			err:   status.Error(codes.DeadlineExceeded, "context deadline exceeded"),
			want:  "hcctl: no answer from the node at 127.0.0.1:7400 within 10s; try a longer --timeout",
		},
		{
			title: "status wrapped by fmt keeps its code",
			err:   fmt.Errorf("listing: %w", status.Error(codes.Aborted, "x")),
			want:  "hcctl: changed by someone else since you read it; run again",
		},
		{
			title: "plain error",
			err:   wrapOp(errors.New("open x.csv: no such file"), "import", nil),
			want:  "hcctl: import: open x.csv: no such file",
		},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			a := newApp(Env{})
			a.addr, a.g.timeout = "127.0.0.1:7400", 10*time.Second
			if got := a.describe(tt.err); got != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
