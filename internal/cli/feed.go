package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
)

// feedBackoff is the first wait before reconnecting; it doubles up to
// feedMaxBackoff. A variable so that tests can make it short.
var (
	feedBackoff    = 500 * time.Millisecond
	feedMaxBackoff = 30 * time.Second
)

const feedLong = `hcctl feed prints the public records of a hub as they arrive, through the
hub's Watch stream: first every record that matches the filters, once each
at its latest version, then, with --follow, each change as the hub applies
it. One line per record: arrival time, city, kind, id, version and title;
"withdrawn" when a record was withdrawn or stopped being public. -o json
prints each message as one line of JSON.

Each message carries a resume token. hcctl reconnects by itself after a
lost connection (--retries times, waiting longer each time) and goes on
after the last message it printed: nothing missed, nothing twice. A hub
that does not answer at all at the start is an error at once. When it
stops, it prints the token on stderr; --resume TOKEN goes on from there
(with the same filters).

The hub address is --hub, else $HCNET_HUB, else ` + defaultHub + `.`

func (a *app) feedCommand() *cobra.Command {
	var (
		sdg                           []int32
		mechanisms, sectors, settings []string
		countries, cities, kinds      []string
		follow                        bool
		resume                        string
		retries                       int
	)
	cmd := &cobra.Command{
		Use:   "feed [flags]",
		Short: "Print a hub's public records as they arrive (gRPC Watch)",
		Long:  feedLong,
		Example: `  hcctl feed --country se --kind practice -o json > practices.jsonl
  hcctl feed --hub hub.healthycities.se:7500 --sdg 3 --follow
  hcctl feed --hub hub.healthycities.se:7500 --sdg 3 --follow --resume "$RESUME"`,
		Args: noArgs,
	}
	fs := cmd.Flags()
	fs.String("hub", "", "hub address host:port (default $HCNET_HUB, else "+defaultHub+")")
	fs.Int32SliceVar(&sdg, "sdg", nil, "only records tagged with one of these SDG goals (1-17)")
	fs.StringSliceVar(&mechanisms, "mechanism", nil, "only records using one of these key mechanisms")
	fs.StringSliceVar(&sectors, "sector", nil, "only records of one of these sectors")
	fs.StringSliceVar(&settings, "setting", nil, "only records in one of these settings")
	fs.StringSliceVar(&countries, "country", nil, "only records from these countries (se, fi ...)")
	fs.StringSliceVar(&cities, "city", nil, "only records from these cities (city ids: malmo ...)")
	fs.StringSliceVar(&kinds, "kind", nil, "kinds of record (practice, partnership, plan, indicator, success, city, endorsement); default all")
	fs.BoolVarP(&follow, "follow", "f", false, "keep printing changes after the replay")
	fs.StringVar(&resume, "resume", "", "go on after the message this token came with")
	fs.IntVar(&retries, "retries", 10, "reconnections in a row before giving up")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f := &hcnetv1.SearchFilter{SdgGoals: sdg, Countries: countries, Cities: cities, Kinds: kinds}
		var problems []string
		var err error
		if f.Mechanisms, err = record.ParseEnums[hcnetv1.Mechanism](mechanisms); err != nil {
			problems = append(problems, "--mechanism: "+err.Error())
		}
		if f.Sectors, err = record.ParseEnums[hcnetv1.Sector](sectors); err != nil {
			problems = append(problems, "--sector: "+err.Error())
		}
		if f.Settings, err = record.ParseEnums[hcnetv1.Setting](settings); err != nil {
			problems = append(problems, "--setting: "+err.Error())
		}
		if retries < 0 {
			problems = append(problems, "--retries: must be 0 or more")
		}
		// A feed has no columns a spreadsheet could take: it prints a
		// line per change, or JSON.
		if a.g.output == formatCSV {
			problems = append(problems, "-o csv: a feed prints table lines or json (-o json)")
		}
		if len(problems) > 0 {
			return usagef("%s", strings.Join(problems, "\n"))
		}
		return a.runFeed(cmd, f, resume, follow, retries)
	}
	return cmd
}

// runFeed watches until the replay ends (or, following, until the
// command's context ends), reconnecting with the last token.
func (a *app) runFeed(cmd *cobra.Command, f *hcnetv1.SearchFilter, token string, follow bool, retries int) error {
	addr := a.hubAddr(cmd)
	creds, err := a.transport()
	if err != nil {
		return err
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	if err != nil {
		return fmt.Errorf("hub address %q: %w", addr, err)
	}
	defer conn.Close()
	c := hcnetv1.NewHubServiceClient(conn)
	ctx := cmd.Context()
	// Refusals name the hub, not the node.
	a.peer = "hub"
	failures := 0
	connected := false
	start := token
	defer func() {
		if token != start {
			fmt.Fprintf(a.env.Stderr, "resume with: --resume %s\n", token)
		}
	}()
	for {
		done, progressed, err := a.watchOnce(ctx, c, f, &token, follow)
		if done || ctx.Err() != nil {
			return nil
		}
		if !retryable(err) {
			return wrapOp(err, "feed", feedFlagOf)
		}
		// A hub that never answered is a wrong address or a hub not
		// started: say so now rather than retry for minutes. Only a
		// connection that worked is lost and worth waiting for.
		if !connected && !progressed && status.Code(err) == codes.Unavailable {
			return a.hubUnreachable(addr, status.Convert(err))
		}
		if progressed {
			connected = true
			failures = 0
		}
		failures++
		if failures > retries {
			return fmt.Errorf("lost the hub at %s and could not reconnect after %s: %v", addr, plural(retries, "try", "tries"), status.Convert(err).Message())
		}
		wait := max(min(feedBackoff<<(failures-1), feedMaxBackoff), retryDelay(err))
		fmt.Fprintf(a.env.Stderr, "connection to the hub lost (%s); reconnecting in %s (%d/%d)\n", status.Convert(err).Message(), wait, failures, retries)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// watchOnce runs one Watch call. done says the work is over (caught up
// without --follow); progressed that a message arrived.
func (a *app) watchOnce(ctx context.Context, c hcnetv1.HubServiceClient, f *hcnetv1.SearchFilter, token *string, follow bool) (done, progressed bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.Watch(ctx, &hcnetv1.WatchRequest{Filter: f, ResumeToken: *token})
	if err != nil {
		return false, false, err
	}
	for {
		m, err := stream.Recv()
		if err != nil {
			return false, progressed, err
		}
		progressed = true
		if err := a.printChange(m); err != nil {
			return false, progressed, err
		}
		*token = m.GetResumeToken()
		if m.GetCaughtUp() && !follow {
			return true, progressed, nil
		}
	}
}

// feedFlagOf names the flag behind a field Watch refuses.
func feedFlagOf(path string) string {
	if path == "resume_token" {
		return "--resume"
	}
	return hubFlagOf(path)
}

// retryable tells a lost connection from a refusal.
func retryable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.Internal, codes.Unknown, codes.ResourceExhausted, codes.Aborted, codes.DeadlineExceeded:
		return true
	}
	return false
}

// retryDelay is the wait a refusal asks for (a rate limit's RetryInfo),
// zero when it names none.
func retryDelay(err error) time.Duration {
	for _, d := range status.Convert(err).Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			return ri.GetRetryDelay().AsDuration()
		}
	}
	return 0
}

var feedJSON = protojson.MarshalOptions{}

func (a *app) printChange(m *hcnetv1.WatchResponse) error {
	if a.g.output == formatJSON {
		b, err := feedJSON.Marshal(m)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.env.Stdout, "%s\n", b)
		return err
	}
	if m.GetCaughtUp() {
		fmt.Fprintln(a.env.Stderr, "caught up: what follows arrives live")
		return nil
	}
	when, title := "-", "withdrawn"
	if r := m.GetRecord(); r != nil {
		when = r.GetArriveTime().AsTime().Local().Format(time.DateTime)
		title = oneLine(record.Title(r.GetRecord(), ""), 80)
	}
	_, err := fmt.Fprintf(a.env.Stdout, "%s  %s/%s  %s  %s  v%d  %s\n", when, m.GetCountry(), m.GetCityId(), m.GetKind(), m.GetId(), m.GetVersion(), title)
	return err
}
