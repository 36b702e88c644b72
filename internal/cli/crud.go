package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// crudCommands are add, list, get, update and delete for a kind.
func crudCommands[M stored](a *app, k *kind[M]) []*cobra.Command {
	return []*cobra.Command{addCommand(a, k), listCommand(a, k), getCommand(a, k), updateCommand(a, k), deleteCommand(a, k)}
}

func addCommand[M stored](a *app, k *kind[M]) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "add [flags]",
		Short:   "Add a " + k.name,
		Long:    "Add a " + k.name + " and print it with the id and version the node gave it.\n" + k.addLong,
		Example: k.addExample,
		Args:    noArgs,
	}
	f := newFields[M](a, cmd)
	k.bind(f)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		m := k.newRecord()
		if _, err := f.apply(m); err != nil {
			return err
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		ctx, cancel := a.call(cmd.Context())
		defer cancel()
		resp, out, err := k.create(ctx, c, m)
		if err != nil {
			return wrapOp(err, "add "+k.name, f.flagOf(k.field))
		}
		return k.show(ctx, a, resp, out)
	}
	return cmd
}

func getCommand[M stored](a *app, k *kind[M]) *cobra.Command {
	return &cobra.Command{
		Use:     "get ID",
		Short:   "Show one " + k.name,
		Example: "  hcctl " + k.name + " get " + idVar(k.name) + " -o json",
		Args:    idArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, out, err := k.get(ctx, c, args[0])
			if err != nil {
				return wrapOp(err, "get "+k.name+" "+args[0], nil)
			}
			return k.show(ctx, a, resp, out)
		},
	}
}

func updateCommand[M stored](a *app, k *kind[M]) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "update ID [flags]",
		Short: "Change fields of a " + k.name,
		Long: "Change the fields whose flags are given and leave the others as they are.\n" +
			"The " + k.name + " is read first and written back only if nobody changed it in\n" +
			"between; otherwise nothing is written and you are asked to run again.\n" +
			"List flags replace the whole list.\n" + k.updateLong,
		Example: k.updateExample,
		Args:    idArg,
	}
	f := newFields[M](a, cmd)
	k.bind(f)
	var version int64
	cmd.Flags().Int64Var(&version, "version", 0, "update only if the stored version is this one (default: the version just read)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		op := "update " + k.name + " " + args[0]
		c, err := a.client()
		if err != nil {
			return err
		}
		ctx, cancel := a.call(cmd.Context())
		defer cancel()
		_, m, err := k.get(ctx, c, args[0])
		if err != nil {
			return wrapOp(err, op, nil)
		}
		paths, err := f.apply(m)
		if err != nil {
			return err
		}
		if len(paths) == 0 {
			return usagef("%s: nothing to change; give at least one field flag (see --help)", op)
		}
		// m carries the version read (or the one the officer saw): the
		// node refuses the write with Aborted when the stored one has
		// moved on.
		if version != 0 {
			setVersion(m, version)
		}
		resp, out, err := k.update(ctx, c, m, &fieldmaskpb.FieldMask{Paths: paths})
		if err != nil {
			return wrapOp(err, op, f.flagOf(k.field))
		}
		return k.show(ctx, a, resp, out)
	}
	return cmd
}

func deleteCommand[M stored](a *app, k *kind[M]) *cobra.Command {
	var version int64
	cmd := &cobra.Command{
		Use:   "delete ID",
		Short: "Delete a " + k.name,
		Long: "Delete a " + k.name + ". A shared " + k.name + " is withdrawn from the network too.\n" +
			"With --version the delete happens only if the stored version is still that one.",
		Example: "  hcctl " + k.name + " delete " + idVar(k.name),
		Args:    idArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := k.remove(ctx, c, args[0], version)
			if err != nil {
				return wrapOp(err, "delete "+k.name+" "+args[0], nil)
			}
			if a.g.output == formatJSON {
				return writeJSON(a.env.Stdout, resp)
			}
			_, err = fmt.Fprintf(a.env.Stdout, "deleted %s %s\n", k.name, args[0])
			return err
		},
	}
	cmd.Flags().Int64Var(&version, "version", 0, "delete only if the stored version is this one")
	return cmd
}

// setVersion sets the version field every record message has.
func setVersion(m proto.Message, v int64) {
	r := m.ProtoReflect()
	r.Set(r.Descriptor().Fields().ByName("version"), protoreflect.ValueOfInt64(v))
}

// idVar is the shell variable the examples name a record of the kind by
// ($PLAN_ID): an example pasted where the variable holds an id runs as
// shown.
func idVar(kind string) string { return "$" + strings.ToUpper(kind) + "_ID" }
