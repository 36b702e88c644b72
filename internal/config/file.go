package config

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// Write creates the config file at path listing every flag of fs but
// those in skip, each with its help, its environment variable and its
// default, commented out: a release that changes a default then changes
// it for everyone who did not choose a value. It refuses to overwrite.
func Write(path, title string, fs *pflag.FlagSet, skip ...string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n#\n", title)
	b.WriteString(`# Every setting here can also be given as a command-line flag (--name) or
# an environment variable (HCNET_NAME, upper case, "-" as "_"). A flag wins
# over the environment, the environment over this file, this file over the
# built-in default. The lines below show the defaults; remove the "#" in
# front of one to change it. Durations are written "10s", "1m30s".
`)
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || slices.Contains(skip, f.Name) {
			return
		}
		fmt.Fprintf(&b, "\n# %s\n# (--%s, %s)\n# %s = %s\n", oneLine(strings.TrimSuffix(f.Usage, envNote(f.Name))), f.Name, EnvName(f.Name), f.Name, tomlDefault(f))
	})
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := fh.Write(b.Bytes()); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// tomlDefault is a flag's default as a TOML value.
func tomlDefault(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "bool", "int", "int32", "int64", "uint", "uint32", "uint64", "float32", "float64":
		return f.DefValue
	case "stringSlice", "stringArray":
		items := strings.Split(strings.Trim(f.DefValue, "[]"), ",")
		var q []string
		for _, it := range items {
			if it != "" {
				q = append(q, strconv.Quote(it))
			}
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return strconv.Quote(f.DefValue)
}

// oneLine keeps a comment on one line whatever the flag's help holds.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Document adds each flag's environment variable to its help, so --help
// shows every way to set it. Call it after the command's last flag.
func Document(fs *pflag.FlagSet, skip ...string) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || slices.Contains(skip, f.Name) || strings.HasSuffix(f.Usage, envNote(f.Name)) {
			return
		}
		f.Usage += envNote(f.Name)
	})
}

func envNote(flag string) string { return " (env " + EnvName(flag) + ")" }
