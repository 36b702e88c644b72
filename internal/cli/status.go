package cli

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func (a *app) statusCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show how the node shares with its hub: membership, connection and outbox",
		Long: `Show how the node's sharing stands: the hub it joined and its membership
there, whether it is connected to the hub now, how many shared records
wait in the outbox and since when, the last delivery, how many records it
delivered since it started, and the last error when the latest attempt
failed. -o json prints the node's answer as it came.`,
		Example: `  hcctl --dir /var/lib/hcnode status
  hcctl status -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := c.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
			if err != nil {
				return wrapOp(err, "status", nil)
			}
			switch a.g.output {
			case formatJSON:
				return writeJSON(a.env.Stdout, resp)
			case formatCSV:
				return writeCSV(a.env.Stdout, []*hcnetv1.GetStatusResponse{resp}, statusCSVColumns)
			}
			return a.printStatus(resp, time.Now())
		},
	}
}

// printStatus writes the status as "name: value" lines, times as ages.
func (a *app) printStatus(s *hcnetv1.GetStatusResponse, now time.Time) error {
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
	line := func(name, value string) { fmt.Fprintf(tw, "%s:\t%s\n", name, value) }
	if l := s.GetHub(); l != nil {
		line("hub", l.GetHubAddr())
		if l.GetHubId() != "" {
			line("hub id", l.GetHubId())
		}
		if l.GetHubName() != "" {
			line("hub name", l.GetHubName())
		}
		m := record.ShortName(l.GetStatus())
		switch l.GetStatus() {
		case hcnetv1.MemberStatus_MEMBER_STATUS_UNSPECIFIED:
			m = "not known yet"
		case hcnetv1.MemberStatus_MEMBER_STATUS_PENDING:
			m += " (waiting for the hub's coordinator)"
		}
		if l.GetCheckTime() != nil {
			m += ", checked " + ago(l.GetCheckTime(), now)
		}
		line("membership", m)
	} else {
		line("hub", "none: the node has not joined a hub; run `hcctl hub join --hub HUBADDR`")
	}
	line("connected", yesNo(s.GetConnected()))
	line("outbox", strconv.FormatInt(s.GetOutboxDepth(), 10)+" waiting")
	if t := s.GetOldestUndeliveredTime(); t != nil {
		line("oldest undelivered", ago(t, now)+" ("+timeCell(t)+")")
	}
	if t := s.GetLastDeliveryTime(); t != nil {
		line("last delivery", ago(t, now)+" ("+timeCell(t)+")")
	} else {
		line("last delivery", "never")
	}
	line("delivered", strconv.FormatInt(s.GetDelivered(), 10)+" since the node started")
	if e := s.GetLastError(); e != "" {
		if t := s.GetLastErrorTime(); t != nil {
			e += " (" + ago(t, now) + ")"
		}
		line("last error", e)
	}
	return tw.Flush()
}

// statusCSVColumns are the status as one CSV row, times in RFC 3339.
var statusCSVColumns = []column[*hcnetv1.GetStatusResponse]{
	{name: "hub", value: func(s *hcnetv1.GetStatusResponse) string { return s.GetHub().GetHubAddr() }},
	{name: "hub id", value: func(s *hcnetv1.GetStatusResponse) string { return s.GetHub().GetHubId() }},
	{name: "hub name", value: func(s *hcnetv1.GetStatusResponse) string { return s.GetHub().GetHubName() }},
	{name: "membership", value: func(s *hcnetv1.GetStatusResponse) string { return record.ShortName(s.GetHub().GetStatus()) }},
	{name: "connected", value: func(s *hcnetv1.GetStatusResponse) string { return strconv.FormatBool(s.GetConnected()) }},
	{name: "outbox depth", value: func(s *hcnetv1.GetStatusResponse) string { return strconv.FormatInt(s.GetOutboxDepth(), 10) }},
	{name: "oldest undelivered", value: func(s *hcnetv1.GetStatusResponse) string { return rfc3339(s.GetOldestUndeliveredTime()) }},
	{name: "last delivery", value: func(s *hcnetv1.GetStatusResponse) string { return rfc3339(s.GetLastDeliveryTime()) }},
	{name: "delivered", value: func(s *hcnetv1.GetStatusResponse) string { return strconv.FormatInt(s.GetDelivered(), 10) }},
	{name: "last error", value: (*hcnetv1.GetStatusResponse).GetLastError},
	{name: "last error time", value: func(s *hcnetv1.GetStatusResponse) string { return rfc3339(s.GetLastErrorTime()) }},
}

func rfc3339(t *timestamppb.Timestamp) string {
	if t == nil {
		return ""
	}
	return t.AsTime().UTC().Format(time.RFC3339)
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// ago says how long before now t was, to the second under an hour and
// coarser beyond ("3m12s ago", "5h3m ago", "2d4h ago"). A time after now
// (clocks that disagree) reads "just now".
func ago(t *timestamppb.Timestamp, now time.Time) string {
	d := now.Sub(t.AsTime())
	switch {
	case d < time.Second:
		return "just now"
	case d < time.Hour:
		return d.Truncate(time.Second).String() + " ago"
	case d < 24*time.Hour:
		return strings.TrimSuffix(d.Truncate(time.Minute).String(), "0s") + " ago"
	}
	days := d / (24 * time.Hour)
	hours := (d % (24 * time.Hour)) / time.Hour
	return fmt.Sprintf("%dd%dh ago", days, hours)
}
