package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
)

// listQuery is a list command's flags: the RecordFilter fields and paging.
type listQuery struct {
	cmd       *cobra.Command
	pageSize  int32
	pageToken string
	all       bool
	planID    string

	status, sector, sdgTarget, mechanism, level, setting, visibility, query string
	sdg                                                                     int32
}

// allPageSize is the largest page the node serves; --all uses it to make
// as few calls as it can.
const allPageSize = 1000

func (q *listQuery) bind(cmd *cobra.Command) {
	q.cmd = cmd
	fs := cmd.Flags()
	fs.StringVar(&q.status, "status", "", "only records with this status, short form (active, adopted, ongoing, ...)")
	fs.StringVar(&q.sector, "sector", "", "only records of this sector")
	fs.Int32Var(&q.sdg, "sdg", 0, "only records tagged with this SDG goal (1-17)")
	fs.StringVar(&q.sdgTarget, "sdg-target", "", `only records tagged with this SDG target ("3.4")`)
	fs.StringVar(&q.mechanism, "mechanism", "", "only records using this key mechanism")
	fs.StringVar(&q.level, "level", "", "only partnerships at this level")
	fs.StringVar(&q.setting, "setting", "", "only records in this setting")
	fs.StringVar(&q.visibility, "visibility", "", "only records with this visibility (private, network, public)")
	fs.StringVar(&q.query, "query", "", "free text, matched word by word (prefixes too, diacritics folded)")
	fs.Int32Var(&q.pageSize, "page-size", 0, "records per page, at most 1000 (default 50)")
	fs.StringVar(&q.pageToken, "page-token", "", "the page to show, from a previous list")
	fs.BoolVar(&q.all, "all", false, "follow the pages to the end and show every match")
	for name, values := range map[string][]string{
		"sector":     record.ShortNames(hcnetv1.Sector(0).Descriptor()),
		"mechanism":  record.ShortNames(hcnetv1.Mechanism(0).Descriptor()),
		"level":      record.ShortNames(hcnetv1.PartnershipLevel(0).Descriptor()),
		"setting":    record.ShortNames(hcnetv1.Setting(0).Descriptor()),
		"visibility": record.ShortNames(hcnetv1.Visibility(0).Descriptor()),
	} {
		_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	}
}

// filter builds the RecordFilter, checking the enum values here so a typo
// is reported with the list of valid values.
func (q *listQuery) filter() (*hcnetv1.RecordFilter, error) {
	f := &hcnetv1.RecordFilter{Status: strings.TrimSpace(q.status), SdgGoal: q.sdg, SdgTarget: q.sdgTarget, Query: q.query}
	var errs []string
	try := func(flag string, err error) {
		if err != nil {
			errs = append(errs, "--"+flag+": "+err.Error())
		}
	}
	var err error
	f.Sector, err = record.ParseEnum[hcnetv1.Sector](q.sector)
	try("sector", err)
	f.Mechanism, err = record.ParseEnum[hcnetv1.Mechanism](q.mechanism)
	try("mechanism", err)
	f.Level, err = record.ParseEnum[hcnetv1.PartnershipLevel](q.level)
	try("level", err)
	f.Setting, err = record.ParseEnum[hcnetv1.Setting](q.setting)
	try("setting", err)
	f.Visibility, err = record.ParseEnum[hcnetv1.Visibility](q.visibility)
	try("visibility", err)
	if len(errs) > 0 {
		return nil, usagef("%s", strings.Join(errs, "\n"))
	}
	return f, nil
}

func listCommand[M stored](a *app, k *kind[M]) *cobra.Command {
	q := &listQuery{}
	cmd := &cobra.Command{
		Use:   "list [flags]",
		Short: "List " + k.plural + ", newest first",
		Long: "List " + k.plural + " matching every filter given, newest first, a page at a time.\n" +
			"The table shows the main columns; -o json shows every field.",
		Example: k.listExample,
		Args:    noArgs,
	}
	q.bind(cmd)
	if k.listFlags != nil {
		k.listFlags(q)
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		resp, rows, next, err := listAll(cmd.Context(), a, k, q)
		if err != nil {
			return wrapOp(err, "list "+k.plural, nil)
		}
		if err := printList(a, resp, rows, k.columns); err != nil {
			return err
		}
		if next != "" && a.g.output == formatTable {
			fmt.Fprintf(a.env.Stderr, "more %s: run again with --page-token %s, or with --all\n", k.plural, next)
		}
		return nil
	}
	return cmd
}

// listAll makes the list calls: one page, or with --all every page, each
// call with its own deadline, merged into one response.
func listAll[M stored](ctx context.Context, a *app, k *kind[M], q *listQuery) (proto.Message, []M, string, error) {
	filter, err := q.filter()
	if err != nil {
		return nil, nil, "", err
	}
	c, err := a.client()
	if err != nil {
		return nil, nil, "", err
	}
	req := *q
	if req.all && req.pageSize == 0 {
		req.pageSize = allPageSize
	}
	var first proto.Message
	var rows []M
	seen := map[string]bool{}
	for {
		page, err := func() (proto.Message, error) {
			ctx, cancel := a.call(ctx)
			defer cancel()
			resp, more, next, err := k.list(ctx, c, &listRequest{q: &req, filter: filter})
			rows = append(rows, more...)
			req.pageToken = next
			return resp, err
		}()
		if err != nil {
			return nil, nil, "", err
		}
		if first == nil {
			first = page
		} else {
			appendPage(first, page)
		}
		if !q.all || req.pageToken == "" {
			return first, rows, req.pageToken, nil
		}
		if seen[req.pageToken] {
			return nil, nil, "", fmt.Errorf("the node returned page token %q twice", req.pageToken)
		}
		seen[req.pageToken] = true
	}
}

// listRequest is what a kind's list function needs to build its request.
type listRequest struct {
	q      *listQuery
	filter *hcnetv1.RecordFilter
}

// appendPage adds the records of page to first and takes page's
// next_page_token. Every List…Response has its records as field 1 and the
// token as field 2, so one function serves them all.
func appendPage(first, page proto.Message) {
	f, p := first.ProtoReflect(), page.ProtoReflect()
	records := f.Descriptor().Fields().ByNumber(1)
	token := f.Descriptor().Fields().ByNumber(2)
	dst := f.Mutable(records).List()
	src := p.Get(records).List()
	for i := 0; i < src.Len(); i++ {
		dst.Append(src.Get(i))
	}
	f.Set(token, p.Get(token))
}
