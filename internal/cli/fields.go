package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	"github.com/spf13/cobra"
)

// fields binds a command's flags to the fields of a record M. add applies
// them to a new record; update applies them to the record it read, and
// the paths of the flags the officer set become the update mask, so the
// node changes exactly those fields.
type fields[M any] struct {
	app  *app
	cmd  *cobra.Command
	list []field[M]
}

// field is one flag (or a group of flags that make one value) and the
// record field path it sets.
type field[M any] struct {
	flags []string
	path  string
	apply func(M) error
}

func newFields[M any](a *app, cmd *cobra.Command) *fields[M] { return &fields[M]{app: a, cmd: cmd} }

// add registers how the flags set the field at path. It runs when any of
// the flags was given.
func (f *fields[M]) add(path string, apply func(M) error, flags ...string) {
	f.list = append(f.list, field[M]{flags: flags, path: path, apply: apply})
}

// apply sets on m the fields whose flags were given and returns their
// paths. Every bad flag value is reported, not only the first.
func (f *fields[M]) apply(m M) ([]string, error) {
	var paths []string
	var errs []error
	for _, fl := range f.list {
		if !f.changed(fl.flags) {
			continue
		}
		if err := fl.apply(m); err != nil {
			errs = append(errs, fmt.Errorf("--%s: %w", fl.flags[0], err))
			continue
		}
		if !slices.Contains(paths, fl.path) {
			paths = append(paths, fl.path)
		}
	}
	if len(errs) > 0 {
		return nil, usageError{errors.Join(errs...)}
	}
	return paths, nil
}

func (f *fields[M]) changed(flags []string) bool {
	for _, name := range flags {
		if f.cmd.Flags().Changed(name) {
			return true
		}
	}
	return false
}

// flagOf names the flag that sets a field the node complains about:
// "partnership.sdg.targets[1]" → "--sdg-target". prefix is the request's
// field name for the record ("partnership").
func (f *fields[M]) flagOf(prefix string) func(string) string {
	return func(path string) string {
		path = strings.TrimPrefix(stripIndexes(path), prefix+".")
		best, bestLen := "", -1
		for _, fl := range f.list {
			if (path == fl.path || strings.HasPrefix(path, fl.path+".")) && len(fl.path) > bestLen {
				best, bestLen = "--"+fl.flags[0], len(fl.path)
			}
		}
		return best
	}
}

func stripIndexes(path string) string {
	var b strings.Builder
	depth := 0
	for _, r := range path {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The helpers below declare a flag and bind it in one step. Flag names
// follow the schema's field names with "-" for "_", singular for lists.

func (f *fields[M]) str(name, path, usage string, set func(M, string)) {
	v := f.cmd.Flags().String(name, "", usage)
	f.add(path, func(m M) error { set(m, *v); return nil }, name)
}

// parsed is a string flag whose value needs reading before it can be set.
func (f *fields[M]) parsed(name, path, usage string, set func(M, string) error) {
	v := f.cmd.Flags().String(name, "", usage)
	f.add(path, func(m M) error { return set(m, *v) }, name)
}

func (f *fields[M]) int64(name, path, usage string, set func(M, int64)) {
	v := f.cmd.Flags().Int64(name, 0, usage)
	f.add(path, func(m M) error { set(m, *v); return nil }, name)
}

func (f *fields[M]) int32(name, path, usage string, set func(M, int32)) {
	v := f.cmd.Flags().Int32(name, 0, usage)
	f.add(path, func(m M) error { set(m, *v); return nil }, name)
}

func (f *fields[M]) float(name, path, usage string, set func(M, float64)) {
	var v decimal
	f.cmd.Flags().Var(&v, name, usage)
	f.add(path, func(m M) error { set(m, float64(v)); return nil }, name)
}

func (f *fields[M]) boolean(name, path, usage string, set func(M, bool)) {
	v := f.cmd.Flags().Bool(name, false, usage)
	f.add(path, func(m M) error { set(m, *v); return nil }, name)
}

// texts is a list of free text: the flag is repeated, never split at
// commas, because names and descriptions contain them.
func (f *fields[M]) texts(name, path, usage string, set func(M, []string)) {
	v := f.cmd.Flags().StringArray(name, nil, usage+" (repeat the flag for more; replaces the list)")
	f.add(path, func(m M) error { set(m, *v); return nil }, name)
}

// codes is a list of short values: repeated, or comma-separated.
func (f *fields[M]) codes(name, path, usage string, set func(M, []string) error) {
	v := f.cmd.Flags().StringSlice(name, nil, usage+" (repeat or comma-separate; replaces the list)")
	f.add(path, func(m M) error { return set(m, *v) }, name)
}

// enumFlag binds a flag taking one value of the enum E in short form. Its
// help lists the values and shells complete them.
func enumFlag[E record.Enum, M any](f *fields[M], name, path, usage string, set func(M, E)) {
	var zero E
	values := record.ShortNames(zero.Descriptor())
	v := f.cmd.Flags().String(name, "", usage+" ("+strings.Join(values, ", ")+")")
	_ = f.cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	f.add(path, func(m M) error {
		e, err := record.ParseEnum[E](*v)
		if err != nil {
			return err
		}
		set(m, e)
		return nil
	}, name)
}

// enumsFlag binds a list of enum values, repeated or comma-separated.
func enumsFlag[E record.Enum, M any](f *fields[M], name, path, usage string, set func(M, []E)) {
	var zero E
	values := record.ShortNames(zero.Descriptor())
	v := f.cmd.Flags().StringSlice(name, nil, usage+" ("+strings.Join(values, ", ")+"; repeat or comma-separate; replaces the list)")
	_ = f.cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	f.add(path, func(m M) error {
		es, err := record.ParseEnums[E](*v)
		if err != nil {
			return err
		}
		set(m, es)
		return nil
	}, name)
}
