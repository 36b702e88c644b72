package main

import (
	"fmt"
	"strings"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
)

// hubSettingFlags are the flags that give a hub's own settings: init
// writes them into hub.db, and recover asks for them again because they
// lived only there.
type hubSettingFlags struct {
	dir, level string
	opts       hub.InitOptions
}

// add adds --dir, --id, --name, --level, --country and --parent to cmd.
// dirHelp, idHelp and parentHelp say what cmd does with those three; the
// others mean the same to both commands.
func (f *hubSettingFlags) add(cmd *cobra.Command, dirHelp, idHelp, parentHelp string) {
	cmd.Flags().StringVar(&f.dir, "dir", "", dirHelp)
	cmd.Flags().StringVar(&f.opts.ID, "id", "", idHelp)
	cmd.Flags().StringVar(&f.opts.Name, "name", "", "the network's name (required)")
	cmd.Flags().StringVar(&f.level, "level", "national", "national or regional")
	cmd.Flags().StringVar(&f.opts.Country, "country", "", "ISO 3166-1 alpha-2 country of a national hub's cities (required with --parent)")
	cmd.Flags().StringVar(&f.opts.Parent, "parent", "", parentHelp)
	for _, name := range []string{"dir", "id", "name"} {
		cmd.MarkFlagRequired(name)
	}
}

// options are the settings as given, with the level parsed and the
// country in lower case.
func (f *hubSettingFlags) options() (hub.InitOptions, error) {
	l, err := record.ParseEnum[hcnetv1.HubLevel](f.level)
	if err != nil {
		return hub.InitOptions{}, fmt.Errorf("--level: %w", err)
	}
	o := f.opts
	o.Level = l
	o.Country = strings.ToLower(o.Country)
	return o, nil
}
