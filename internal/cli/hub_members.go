package cli

import "github.com/spf13/cobra"

// hubMemberCommands adds the membership commands (join, members, approve,
// reject, revoke, quarantine) to the hub command.
func (a *app) hubMemberCommands(hub *cobra.Command) {}
