package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/spf13/pflag"
)

// EnvPrefix starts every environment variable a daemon reads.
const EnvPrefix = "HCNET_"

// EnvName is the environment variable of a flag: "shutdown-grace" is
// HCNET_SHUTDOWN_GRACE.
func EnvName(flag string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// Source says where a flag's value came from.
type Source string

// The sources, most direct first.
const (
	FromFlag    Source = "flag"
	FromEnv     Source = "env"
	FromFile    Source = "file"
	FromDefault Source = "default"
)

// Sources maps each flag name to where its value came from.
type Sources map[string]Source

// File says where the config file is, once the flags that locate it are
// known: path "" means none; required makes a missing file an error (the
// operator named it) rather than "no file" (the default location).
type File func() (path string, required bool)

// Resolve fills each flag of fs that was not given on the command line,
// from its environment variable, else from the config file, else leaves
// the default. The flags named in locate are read from the command line
// and environment only, and first: they say where the file is (--dir,
// --config). Unknown keys in the file are an error, so a misspelt setting
// does not silently fall back to its default.
func Resolve(fs *pflag.FlagSet, getenv func(string) string, file File, locate ...string) (Sources, error) {
	src := Sources{}
	fromEnv := func(f *pflag.Flag) error {
		if f.Changed {
			src[f.Name] = FromFlag
			return nil
		}
		v, ok := lookup(getenv, EnvName(f.Name))
		if !ok {
			return nil
		}
		if err := fs.Set(f.Name, v); err != nil {
			return fmt.Errorf("%s=%q: %w", EnvName(f.Name), v, err)
		}
		src[f.Name] = FromEnv
		return nil
	}
	isLocator := map[string]bool{}
	for _, name := range locate {
		isLocator[name] = true
		f := fs.Lookup(name)
		if f == nil {
			return nil, fmt.Errorf("config: no flag --%s", name)
		}
		if err := fromEnv(f); err != nil {
			return nil, err
		}
		if _, ok := src[name]; !ok {
			src[name] = FromDefault
		}
	}
	cf, err := readFile(file)
	if err != nil {
		return nil, err
	}
	var known []string
	fs.VisitAll(func(f *pflag.Flag) {
		if !isLocator[f.Name] && f.Name != "help" {
			known = append(known, f.Name)
		}
	})
	for _, key := range cf.keys {
		if !slices.Contains(known, key) {
			return nil, fmt.Errorf("%s: unknown setting %q (the settings are %s)", cf.where(key), key, strings.Join(known, ", "))
		}
	}
	var firstErr error
	fs.VisitAll(func(f *pflag.Flag) {
		if firstErr != nil || isLocator[f.Name] || f.Name == "help" {
			return
		}
		if err := fromEnv(f); err != nil {
			firstErr = err
			return
		}
		if _, done := src[f.Name]; done {
			return
		}
		if v, ok := cf.values[f.Name]; ok {
			if err := fs.Set(f.Name, v); err != nil {
				firstErr = fmt.Errorf("%s: %s = %q: %w", cf.where(f.Name), f.Name, v, err)
				return
			}
			src[f.Name] = FromFile
			return
		}
		src[f.Name] = FromDefault
	})
	return src, firstErr
}

// lookup reads an environment variable; set but empty counts as unset, as
// systemd and compose files often leave a variable empty to mean "not
// given".
func lookup(getenv func(string) string, name string) (string, bool) {
	if getenv == nil {
		return "", false
	}
	v := getenv(name)
	return v, v != ""
}

// fileValues is what a config file holds: each top-level key's value in
// its command-line form, and the line it is on, so that an error points
// the operator at the line to change.
type fileValues struct {
	path   string
	keys   []string // in name order, so the first error is always the same
	values map[string]string
	lines  map[string]int
}

// where names a key's place in the file, path:line as editors and
// compilers write it, or the path alone when the line is unknown.
func (f fileValues) where(key string) string {
	if n := f.lines[key]; n > 0 {
		return fmt.Sprintf("%s:%d", f.path, n)
	}
	return f.path
}

// readFile reads the config file into flag values in their command-line
// form.
func readFile(file File) (fileValues, error) {
	cf := fileValues{values: map[string]string{}}
	if file == nil {
		return cf, nil
	}
	path, required := file()
	if path == "" {
		return cf, nil
	}
	cf.path = path
	text, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !required {
			return cf, nil
		}
		if errors.Is(err, fs.ErrNotExist) {
			return cf, fmt.Errorf("config file %s: %w", path, os.ErrNotExist)
		}
		return cf, fmt.Errorf("config file %s: %w", path, err)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(text), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return cf, fmt.Errorf("%s:%d: not valid TOML: %s%s", path, pe.Position.Line, pe.Message, quoteHint(string(text), pe.Position.Line))
		}
		return cf, fmt.Errorf("config file %s: %w", path, err)
	}
	cf.lines = keyLines(string(text))
	for k := range raw {
		cf.keys = append(cf.keys, k)
	}
	sort.Strings(cf.keys)
	for _, k := range cf.keys {
		v, err := flagValue(raw[k])
		if err != nil {
			return cf, fmt.Errorf("%s: %s: %w", cf.where(k), k, err)
		}
		cf.values[k] = v
	}
	return cf, nil
}

// flagValue writes a TOML value the way it would be given on the command
// line.
func flagValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			s, err := flagValue(x)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	case map[string]any:
		// A [table] header above a setting turns the settings below it
		// into the table's: every setting belongs at the top of the file.
		return "", errors.New("a [table] is not a setting: write each setting as key = value, above any [table] line")
	case []map[string]any:
		return "", errors.New("an [[array of tables]] is not a setting: write each setting as key = value at the top of the file")
	}
	return "", fmt.Errorf("a %s is not a setting: write a string, number, boolean or list", tomlType(v))
}

// tomlType names a decoded value's TOML type as the file's author wrote
// it, not as Go holds it.
func tomlType(v any) string {
	switch v.(type) {
	case time.Time:
		return "date or time"
	}
	return fmt.Sprintf("%T", v)
}
