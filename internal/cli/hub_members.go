package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/hcnet/hcnet/internal/bearer"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/datadir"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// hubAddrFile is where a running hub writes its gRPC address, in its data
// folder.
const hubAddrFile = datadir.HubAddr

// quarantineAllPageSize is the largest page the hub serves.
const quarantineAllPageSize = 1000

// hubMemberCommands adds the membership commands (join, members, approve,
// reject, revoke, delete, quarantine) to the hub command.
func (a *app) hubMemberCommands(hub *cobra.Command) {
	hub.AddCommand(a.hubJoinCommand(), a.hubMembersCommand(), a.hubQuarantineCommand())
	for _, d := range decisions {
		hub.AddCommand(a.hubDecideCommand(d))
	}
}

// The coordinator's commands run with the hub's data folder as --dir.

// hubAdminAddr picks the hub for a coordinator's command: --hub, then the
// hub.addr a running hub writes in its folder (--dir), then HCNET_HUB,
// then the default. HCNET_DIR is not read: it names a node's folder.
func (a *app) hubAdminAddr(cmd *cobra.Command) string {
	if f := cmd.Flags().Lookup("hub"); f != nil && f.Value.String() != "" {
		return f.Value.String()
	}
	if a.g.dir != "" {
		if b, err := os.ReadFile(filepath.Join(a.g.dir, hubAddrFile)); err == nil {
			if addr := strings.TrimSpace(string(b)); addr != "" {
				return addr
			}
		}
	}
	return a.hubAddr(cmd)
}

// hubToken picks the hub's admin token: --token, then HCNET_TOKEN, then
// admin.token in the hub's folder (--dir). No token is not an error here:
// the hub says Unauthenticated, and hubAdminError explains.
func (a *app) hubToken() (string, error) {
	if a.g.token != "" {
		return a.g.token, nil
	}
	if v := a.env.getenv("HCNET_TOKEN"); v != "" {
		return strings.TrimSpace(v), nil
	}
	if a.g.dir == "" {
		return "", nil
	}
	b, err := os.ReadFile(filepath.Join(a.g.dir, tokenFile))
	if err != nil {
		return "", fmt.Errorf("reading the hub's admin token (is --dir the hub's data folder?): %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// withHubAdmin is withHub for the coordinator: the hub found through its
// folder and every call carrying the hub's admin token.
func (a *app) withHubAdmin(cmd *cobra.Command, fn func(context.Context, hcnetv1.HubServiceClient) error) error {
	token, err := a.hubToken()
	if err != nil {
		return err
	}
	// withHub dials what --hub says; give it the address found here.
	if f := cmd.Flags().Lookup("hub"); f != nil && f.Value.String() == "" {
		if err := cmd.Flags().Set("hub", a.hubAdminAddr(cmd)); err != nil {
			return err
		}
	}
	var opts []grpc.DialOption
	if token != "" {
		a.warnCleartext(a.hubAddr(cmd))
		opts = append(opts, grpc.WithPerRPCCredentials(bearer.For(token, a.usesTLS())))
	}
	return a.withHub(cmd, fn, opts...)
}

// hubAdminError names the operation and, for a refused token, says where
// the hub's token comes from (the shared description speaks of the node).
func hubAdminError(err error, op string, flagOf func(string) string) error {
	if err == nil {
		return nil
	}
	if st, ok := status.FromError(err); ok && st.Code() == codes.Unauthenticated {
		return wrapOp(fmt.Errorf("the hub did not accept the admin token (%s); pass --dir with the hub's data folder (it holds admin.token), --token TOKEN, or set HCNET_TOKEN",
			st.Message()), op, nil)
	}
	return wrapOp(err, op, flagOf)
}

func (a *app) hubJoinCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "join --hub HUBADDR",
		Short: "Apply for this node's city to become a member of a hub",
		Long: `Ask the node to apply to the hub at --hub. The node signs the application
with its identity key and remembers the hub; it then asks again by itself
until the hub's coordinator decides and, once approved, starts delivering
what the city shares. Run it against the node: --dir is the node's data
folder, as for every node command. Running it again asks how the
application stands.

The node, not hcctl, talks to the hub: a hub with TLS needs the node's own
settings, hcnode run --hub-ca FILE (and --hub-cert, --hub-key for mutual
TLS). hcctl's --ca, --cert and --key are for reaching the node here.`,
		Example: `  hcctl --dir /var/lib/hcnode hub join --hub hub.healthycities.se:7500`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			hubAddr := a.hubAddr(cmd)
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := c.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: hubAddr})
			if err != nil {
				return a.joinError(cmd.Context(), c, err, hubAddr)
			}
			if err := printOne(a, resp, resp.GetHub(), hubLinkColumns); err != nil || a.g.output != formatTable {
				return err
			}
			// The next step names the city, which the hub link does not.
			cctx, ccancel := a.call(cmd.Context())
			defer ccancel()
			city, err := c.GetCity(cctx, &hcnetv1.GetCityRequest{})
			if err != nil {
				return wrapOp(err, "join "+hubAddr, nil)
			}
			_, err = fmt.Fprintln(a.env.Stdout, joinNext(resp.GetHub(), city.GetCity()))
			return err
		},
	}
}

// joinError tells a node that cannot be reached from a node that cannot
// reach the hub (both are Unavailable), and a node that refused the
// admin token from a hub that refused the application (both are
// Unauthenticated): the node answering a status request with the same
// token means the refusal came from further on. The hub's refusal keeps
// its kind and the hub's words.
func (a *app) joinError(ctx context.Context, c hcnetv1.CityServiceClient, err error, hubAddr string) error {
	op := "join " + hubAddr
	if st, ok := a.fromFurtherOn(ctx, c, err); ok {
		if st.Code() != codes.Unavailable {
			return wrapOp(errs.FromStatus(err), op, nil)
		}
		return wrapOp(fmt.Errorf("the node could not apply to the hub at %s: %s; is hchub running there, and is that its address as the node sees it?", hubAddr, st.Message()), op, nil)
	}
	return wrapOp(err, op, func(p string) string { return map[string]string{"hub_addr": "--hub"}[p] })
}

// fromFurtherOn says whether a refusal that reads like the node's own
// (Unavailable, Unauthenticated, PermissionDenied) came from further on,
// the hub the node called: it did when the node answers a status request
// with the same token.
func (a *app) fromFurtherOn(ctx context.Context, c hcnetv1.CityServiceClient, err error) (*status.Status, bool) {
	st, ok := status.FromError(err)
	if !ok {
		return nil, false
	}
	switch st.Code() {
	case codes.Unavailable, codes.Unauthenticated, codes.PermissionDenied:
		ctx, cancel := a.call(ctx)
		defer cancel()
		if _, perr := c.GetStatus(ctx, &hcnetv1.GetStatusRequest{}); perr == nil {
			return st, true
		}
	}
	return nil, false
}

// joinNext says what happens after a join, by the membership's status.
func joinNext(l *hcnetv1.HubLink, c *hcnetv1.City) string {
	city := c.GetCountry() + "/" + c.GetId()
	approve := fmt.Sprintf("hcctl --hub %s --dir HUBDIR hub approve %s", l.GetHubAddr(), city)
	switch l.GetStatus() {
	case hcnetv1.MemberStatus_MEMBER_STATUS_PENDING:
		return "pending: ask the coordinator to run `" + approve + "`; the node will start delivering by itself once approved"
	case hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
		return "approved: the node delivers what " + city + " shares by itself; `hcctl status` shows how far it has come"
	case hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED:
		return "rejected: the coordinator turned the application down; they can still admit the city with `" + approve + "`"
	case hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED:
		return "revoked: the hub withdrew the membership and refuses new records; the coordinator can admit the city again with `" + approve + "`"
	}
	return "the hub did not say how the application stands; run `hcctl status` to see what the node knows"
}

var hubLinkColumns = []column[*hcnetv1.HubLink]{
	{name: "hub", value: (*hcnetv1.HubLink).GetHubAddr},
	{name: "hub id", value: (*hcnetv1.HubLink).GetHubId},
	{name: "hub name", value: (*hcnetv1.HubLink).GetHubName},
	{name: "status", value: func(l *hcnetv1.HubLink) string { return record.ShortName(l.GetStatus()) }},
	{name: "nats", value: (*hcnetv1.HubLink).GetNatsUrl},
	{name: "subject prefix", value: (*hcnetv1.HubLink).GetSubjectPrefix},
}

type member = hcnetv1.Member

var memberColumns = []column[*member]{
	{name: "city", value: (*member).GetCityId},
	{name: "country", value: (*member).GetCountry},
	{name: "name", value: (*member).GetName},
	{name: "status", value: func(m *member) string { return record.ShortName(m.GetStatus()) }},
	{name: "records", value: func(m *member) string { return strconv.FormatInt(m.GetRecordCount(), 10) }},
	{name: "last record", value: func(m *member) string { return timeCell(m.GetLastRecordTime()) }},
	{name: "applied", value: func(m *member) string { return timeCell(m.GetApplyTime()) }},
	{name: "decided", value: func(m *member) string { return timeCell(m.GetDecideTime()) }},
	// Last, so that CSV readers of the columns before go on working.
	{name: "kind", value: memberKind},
	{name: "vouches for", value: vouchesCell},
	{name: "public key", value: (*member).GetPublicKey, detail: true},
}

// memberKind says whether a member is a city or a member hub, which
// vouches for the keys of its country's cities.
func memberKind(m *member) string {
	if m.GetHub() {
		return "member hub"
	}
	return "city"
}

// vouchesCell lists the cities a member hub vouches for; a city the
// coordinator decided about is marked, since the hub's word does not
// count for it.
func vouchesCell(m *member) string {
	var out []string
	for _, v := range m.GetVouches() {
		c := v.GetCityId()
		if st := v.GetOverriddenBy(); st != 0 {
			c += " (overridden: " + record.ShortName(st) + " here)"
		}
		out = append(out, c)
	}
	return strings.Join(out, ", ")
}

func (a *app) hubMembersCommand() *cobra.Command {
	var state string
	cmd := &cobra.Command{
		Use:   "members [--status pending|approved|rejected|revoked]",
		Short: "List the cities that applied to the hub and how they stand",
		Long: `List the cities that applied to the hub: their status, how many records
the hub holds from each and when the last arrived, when they applied and
when the coordinator decided. A member hub (kind "member hub") vouches for
the keys of its country's cities; "vouches for" lists them, and marks those
the coordinator decided about here, for which the hub's word does not
count. Run it with the hub's data folder as --dir (the hub's address is
then read from its hub.addr), or with --hub. Without the hub's admin token
only approved and revoked members are listed.`,
		Example: `  hcctl --dir /var/lib/hchub hub members --status pending
  hcctl --hub hub.healthycities.se:7500 hub members -o csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := record.ParseEnum[hcnetv1.MemberStatus](state)
			if err != nil {
				return usagef("--status: %v", err)
			}
			return a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				resp, err := c.ListMembers(ctx, &hcnetv1.ListMembersRequest{Status: st})
				if err != nil {
					return hubAdminError(err, "members", func(p string) string { return map[string]string{"status": "--status"}[p] })
				}
				if len(resp.GetMembers()) == 0 && a.g.output == formatTable {
					what := "no city has applied to this hub"
					if st != 0 {
						what = "no " + record.ShortName(st) + " members"
					}
					_, err := fmt.Fprintln(a.env.Stdout, what)
					return err
				}
				return printList(a, resp, resp.GetMembers(), memberColumns)
			})
		},
	}
	cmd.Flags().StringVar(&state, "status", "", "only members in this state: pending, approved, rejected or revoked")
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions(record.ShortNames(hcnetv1.MemberStatus(0).Descriptor()), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// decision is one of the coordinator's membership decisions.
type decision struct {
	verb, short, long, done string
	// city is the one the examples decide on: a pending application is
	// what one rejects.
	city string
	// once: the decision cannot be taken twice on one city (a deleted
	// application is gone), so the examples show one form only.
	once bool
	call func(ctx context.Context, c hcnetv1.HubServiceClient, city, country string, asHub bool) (*member, error)
}

// examples are the decision's help examples, by the data folder and, unless
// once, by address and token.
func (d decision) examples() string {
	ex := fmt.Sprintf("  hcctl --dir /var/lib/hchub hub %s se/%s", d.verb, d.city)
	if !d.once {
		ex += fmt.Sprintf("\n  hcctl --hub 127.0.0.1:7500 --token \"$(cat /var/lib/hchub/admin.token)\" hub %s --country se %s", d.verb, d.city)
	}
	return ex
}

var decisions = []decision{
	{
		verb: "approve", city: "malmo", short: "Admit a city: it may then publish under its own subjects",
		long: `Admit a city that applied (or was rejected or revoked). Its node learns of
the decision by itself, connects to the hub's NATS and starts delivering;
it may publish only under its own subject prefix.

An application as a member hub (kind "member hub" in hcctl hub members) is
approved only with --member-hub: a member hub vouches for the keys of its
country's cities, those the coordinator has not decided about here.`,
		done: "it connects and starts delivering by itself within seconds",
		call: func(ctx context.Context, c hcnetv1.HubServiceClient, city, country string, asHub bool) (*member, error) {
			r, err := c.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: city, Country: country, Hub: asHub})
			return r.GetMember(), err
		},
	},
	{
		verb: "reject", city: "lund", short: "Turn down a pending application",
		long: `Turn down a pending application. The city stays listed as rejected; it can
still be approved later.`,
		done: "it may be approved later",
		call: func(ctx context.Context, c hcnetv1.HubServiceClient, city, country string, _ bool) (*member, error) {
			r, err := c.RejectMember(ctx, &hcnetv1.RejectMemberRequest{CityId: city, Country: country})
			return r.GetMember(), err
		},
	},
	{
		verb: "revoke", city: "malmo", short: "Withdraw an approved city's membership",
		long: `Withdraw an approved city's credentials: its node can no longer connect,
and records it signs from now on are quarantined. What it shared before
stays. It can be approved again.`,
		done: "its node can no longer publish; what it shared before stays",
		call: func(ctx context.Context, c hcnetv1.HubServiceClient, city, country string, _ bool) (*member, error) {
			r, err := c.RevokeMember(ctx, &hcnetv1.RevokeMemberRequest{CityId: city, Country: country})
			return r.GetMember(), err
		},
	},
	{
		verb: "delete", city: "lund", once: true, short: "Delete a pending or rejected application, so the id is free again",
		long: `Delete a pending or rejected application: the city id is then free to apply
again, with any key. Use it when someone applied under a city's id with a
key that is not the city's (the real city is told "applied with another
key"), or to clear a flood of applications. An approved or revoked member
cannot be deleted: its records and your decision stay (revoke it to stop it
publishing).`,
		done: "the id is free to apply again, with any key",
		call: func(ctx context.Context, c hcnetv1.HubServiceClient, city, country string, _ bool) (*member, error) {
			r, err := c.DeleteMember(ctx, &hcnetv1.DeleteMemberRequest{CityId: city, Country: country})
			return r.GetMember(), err
		},
	},
}

func (a *app) hubDecideCommand(d decision) *cobra.Command {
	var country string
	var asHub bool
	cmd := &cobra.Command{
		Use:   d.verb + " COUNTRY/CITY | --country CC CITY",
		Short: d.short,
		Long: d.long + `

CITY is country/city ("se/malmo"), or the city id with --country. Needs
the hub's admin token: run it with the hub's data folder as --dir, or give
--token or HCNET_TOKEN.`,
		Example: d.examples(),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("want one city (%s), got %d arguments\nRun '%s --help' for usage.", cmd.UseLine(), len(args), cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			city, cc, err := memberArg(args[0], country)
			if err != nil {
				return err
			}
			op := d.verb + " " + cc + "/" + city
			return a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
				m, err := d.call(ctx, c, city, cc, asHub)
				if err != nil {
					return hubAdminError(err, op, memberFlagOf)
				}
				if a.g.output == formatTable && d.verb == "delete" {
					fmt.Fprintf(a.env.Stderr, "%s/%s: the %s application is deleted; %s\n", m.GetCountry(), m.GetCityId(), record.ShortName(m.GetStatus()), d.done)
				} else if a.g.output == formatTable {
					fmt.Fprintf(a.env.Stderr, "%s/%s is %s: %s\n", m.GetCountry(), m.GetCityId(), record.ShortName(m.GetStatus()), d.done)
				}
				return printOne(a, wrapMember(d.verb, m), m, memberColumns)
			})
		},
	}
	cmd.Flags().StringVar(&country, "country", "", "the city's country code (se, fi ...), when CITY is only the city id")
	if d.verb == "approve" {
		// Not --hub: that flag is the hub's address.
		cmd.Flags().BoolVar(&asHub, "member-hub", false, "approve an application as a member hub, which vouches for the keys of its country's cities")
	}
	return cmd
}

// wrapMember is the response -o json prints: the RPC's own message.
func wrapMember(verb string, m *member) proto.Message {
	switch verb {
	case "approve":
		return &hcnetv1.ApproveMemberResponse{Member: m}
	case "reject":
		return &hcnetv1.RejectMemberResponse{Member: m}
	case "delete":
		return &hcnetv1.DeleteMemberResponse{Member: m}
	}
	return &hcnetv1.RevokeMemberResponse{Member: m}
}

func memberFlagOf(path string) string {
	return map[string]string{"city_id": "CITY", "country": "the country in CITY or --country", "hub": "--member-hub"}[path]
}

// memberArg reads CITY: "country/city", or the city id with --country.
func memberArg(arg, country string) (city, cc string, err error) {
	arg, country = strings.TrimSpace(arg), strings.TrimSpace(country)
	before, after, found := strings.Cut(arg, "/")
	switch {
	case found && (before == "" || after == "" || strings.Contains(after, "/")):
		return "", "", usagef("CITY %q: want country/city, as in se/malmo", arg)
	case found && country != "" && country != before:
		return "", "", usagef("CITY %q is in %q but --country says %q", arg, before, country)
	case found:
		return after, before, nil
	case country == "":
		return "", "", usagef("CITY %q: want country/city (se/malmo), or the city id with --country", arg)
	}
	return arg, country, nil
}

type quarantined = hcnetv1.QuarantinedRecord

var quarantineColumns = []column[*quarantined]{
	{name: "seq", value: func(q *quarantined) string { return strconv.FormatInt(q.GetSeq(), 10) }},
	{name: "time", value: func(q *quarantined) string { return timeCell(q.GetReceiveTime()) }},
	{name: "subject", value: (*quarantined).GetSubject},
	{name: "reason", value: (*quarantined).GetReason},
}

func (a *app) hubQuarantineCommand() *cobra.Command {
	var (
		pageSize  int32
		pageToken string
		all       bool
	)
	cmd := &cobra.Command{
		Use:   "quarantine [--page-size N] [--page-token T] [--all]",
		Short: "List the records the hub refused, with the reason",
		Long: `List the messages the hub's ingest refused, newest first: forged or
tampered signatures, records under another city's subjects, records from
cities that are not approved members, records signed ahead of the hub's
clock or with values their node would refuse (the reason names the
fields). -o json includes each envelope as received, while the hub keeps
it (hchub run --quarantine-retention, --quarantine-bytes). Needs the hub's
admin token: run it with the hub's data folder as --dir, or give --token
or HCNET_TOKEN.`,
		Example: `  hcctl --dir /var/lib/hchub hub quarantine
  hcctl --dir /var/lib/hchub hub quarantine --all -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			req := &hcnetv1.ListQuarantineRequest{PageSize: pageSize, PageToken: pageToken}
			if all && req.PageSize == 0 {
				req.PageSize = quarantineAllPageSize
			}
			var resp *hcnetv1.ListQuarantineResponse
			seen := map[string]bool{}
			for {
				// One call per page, each with its own deadline.
				err := a.withHubAdmin(cmd, func(ctx context.Context, c hcnetv1.HubServiceClient) error {
					page, err := c.ListQuarantine(ctx, req)
					if err != nil {
						return hubAdminError(err, "quarantine", func(p string) string {
							return map[string]string{"page_size": "--page-size", "page_token": "--page-token"}[p]
						})
					}
					if resp == nil {
						resp = page
					} else {
						appendPage(resp, page)
					}
					return nil
				})
				if err != nil {
					return err
				}
				next := resp.GetNextPageToken()
				if !all || next == "" {
					break
				}
				if seen[next] {
					return errors.New("quarantine: the hub returned page token " + strconv.Quote(next) + " twice")
				}
				seen[next] = true
				req.PageToken = next
			}
			if a.g.output == formatTable && len(resp.GetRecords()) == 0 {
				msg := "no quarantined records"
				if pageToken != "" {
					msg += " on this page"
				}
				_, err := fmt.Fprintln(a.env.Stdout, msg)
				return err
			}
			if err := printList(a, resp, resp.GetRecords(), quarantineColumns); err != nil {
				return err
			}
			if next := resp.GetNextPageToken(); next != "" && a.g.output == formatTable {
				fmt.Fprintf(a.env.Stderr, "more quarantined records: run again with --page-token %s, or with --all\n", next)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.Int32Var(&pageSize, "page-size", 0, "records per page, at most 1000 (default 100)")
	fs.StringVar(&pageToken, "page-token", "", "the page to show, from a previous listing")
	fs.BoolVar(&all, "all", false, "follow the pages to the end and show every record")
	return cmd
}
