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
	values, path, err := readFile(file)
	if err != nil {
		return nil, err
	}
	var known []string
	fs.VisitAll(func(f *pflag.Flag) {
		if !isLocator[f.Name] && f.Name != "help" {
			known = append(known, f.Name)
		}
	})
	for key := range values {
		if !slices.Contains(known, key) {
			return nil, fmt.Errorf("%s: unknown setting %q (the settings are %s)", path, key, strings.Join(known, ", "))
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
		if v, ok := values[f.Name]; ok {
			if err := fs.Set(f.Name, v); err != nil {
				firstErr = fmt.Errorf("%s: %s = %q: %w", path, f.Name, v, err)
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

// readFile reads the config file into flag values in their command-line
// form.
func readFile(file File) (map[string]string, string, error) {
	if file == nil {
		return nil, "", nil
	}
	path, required := file()
	if path == "" {
		return nil, "", nil
	}
	var raw map[string]any
	if _, err := toml.DecodeFile(path, &raw); err != nil {
		if errors.Is(err, fs.ErrNotExist) && !required {
			return nil, path, nil
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, path, fmt.Errorf("config file %s: %w", path, os.ErrNotExist)
		}
		return nil, path, fmt.Errorf("config file %s: %w", path, err)
	}
	out := map[string]string{}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := flagValue(raw[k])
		if err != nil {
			return nil, path, fmt.Errorf("%s: %s: %w", path, k, err)
		}
		out[k] = v
	}
	return out, path, nil
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
	}
	return "", fmt.Errorf("a %T is not a setting: write a string, number, boolean or list", v)
}
