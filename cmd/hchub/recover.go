package main

import (
	"fmt"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/owner"
	"github.com/spf13/cobra"
)

const recoverLong = `Rebuild a hub's database (hub.db) that is lost, in a data folder that still
holds the hub's identity key (identity.nk) and admin token (admin.token). Stop the
hub first. With a backup from hcctl backup, put that back instead (hcctl restore
--dir DIR --from FILE): it holds the members as the coordinator decided them.

The hub's own settings lived only in hub.db: give them again, as at init (--id,
--name, --level, --country, --parent). The members come from the record stream
in DIR/nats: every city whose signed records it holds, with the key that signed
them, and every member hub whose signed attestations it holds. They wait as
pending applications for the coordinator to approve again (hcctl hub approve),
or are approved at once with --approve: take that only when the list printed
below matches the members you had, since a city you revoked or rejected is in
the stream too if its records are. On its next run the hub reads the whole
stream again and takes in the records of approved members; a member approved
later gets its records from the stream when it is approved. Their nodes send
what the stream lacks at their next sync (hcctl sync on a node, or within 10
minutes). Lost for good: feed subscribers (issue them again), the quarantine,
and members' names until they apply again (their nodes do that by themselves).`

func (m *Main) recoverCommand() *cobra.Command {
	var f hubSettingFlags
	var approve bool
	cmd := &cobra.Command{
		Use:   "recover --dir DIR --id ID --name NAME --level national|regional [--country CC] [--parent ADDR] [--approve]",
		Short: "Rebuild a lost hub.db from the hub's settings and its record stream, keeping its identity and token",
		Long:  recoverLong,
		Example: `  hchub recover --dir /var/lib/hchub --id se-net --name "Healthy Cities Sweden" --level national --country se
  hchub recover --dir /var/lib/hchub --id se-net --name "Healthy Cities Sweden" --level national --country se --approve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			settings, err := f.options()
			if err != nil {
				return err
			}
			dir, o := f.dir, hub.RecoverOptions{InitOptions: settings, Approve: approve}
			rep, err := hub.Recover(cmd.Context(), dir, o)
			if err != nil {
				return describe(err)
			}
			// Run as root (systemctl stop comes before it), it made
			// hub.db and the stream's files root's: the hub runs as the
			// folder's owner.
			if err := owner.Match(dir); err != nil {
				return err
			}
			if rep.Aside != "" {
				fmt.Fprintf(m.stdout, "Moved the empty database aside: %s\n", rep.Aside)
			}
			status := "pending"
			if o.Approve {
				status = "approved"
			}
			fmt.Fprintf(m.stdout, "Recovered %s hub %s in %s: %s in the record stream, %s (%s)\n",
				f.level, o.ID, dir, plural(rep.Messages, "message"), plural(len(rep.Members), "member"), status)
			for _, mem := range rep.Members {
				what := "records"
				if mem.Hub {
					what = "attestations (a member hub)"
				}
				fmt.Fprintf(m.stdout, "  %s/%s  key %s  %d %s\n", mem.Country, mem.ID, mem.PublicKey, mem.Messages, what)
			}
			if !o.Approve && len(rep.Members) > 0 {
				fmt.Fprintf(m.stdout, "Approve each member you had again: hcctl --hub ADDR --dir %s hub approve COUNTRY/ID\n", dir)
			}
			fmt.Fprintf(m.stdout, "Next: hchub run --dir %s; then hcctl sync on each member's node repairs what the stream lacks\n", dir)
			return nil
		},
	}
	f.add(cmd, "the hub's data folder, with identity.nk and admin.token (required)",
		"the hub's id, as at init (required)",
		"gRPC address of the parent hub, as at init")
	cmd.Flags().BoolVar(&approve, "approve", false, "approve every member found in the record stream instead of leaving them pending")
	return cmd
}

// plural is n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
