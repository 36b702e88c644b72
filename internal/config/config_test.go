package config_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/config"
	"github.com/spf13/pflag"
)

// flags is a run command's flag set in miniature.
type flags struct {
	dir, cfg, listen, logFormat string
	grace                       time.Duration
	replicas                    int
	fs                          *pflag.FlagSet
}

func newFlags(t *testing.T, args ...string) *flags {
	t.Helper()
	f := &flags{fs: pflag.NewFlagSet("run", pflag.ContinueOnError)}
	f.fs.StringVar(&f.dir, "dir", "", "data folder")
	f.fs.StringVar(&f.cfg, "config", "", "config file")
	f.fs.StringVar(&f.listen, "listen", "127.0.0.1:7400", "gRPC listen address")
	f.fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	f.fs.DurationVar(&f.grace, "shutdown-grace", 10*time.Second, "how long running calls may finish")
	f.fs.IntVar(&f.replicas, "replicas", 1, "stream replicas")
	if err := f.fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return f
}

// resolve runs Resolve the way the daemons do: the file is DIR/test.toml
// unless --config names one.
func (f *flags) resolve(env map[string]string) (config.Sources, error) {
	return config.Resolve(f.fs, func(k string) string { return env[k] }, func() (string, bool) {
		if f.cfg != "" {
			return f.cfg, true
		}
		if f.dir == "" {
			return "", false
		}
		return filepath.Join(f.dir, "test.toml"), false
	}, "dir", "config")
}

func writeFile(t *testing.T, dir, text string) string {
	t.Helper()
	path := filepath.Join(dir, "test.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Every combination of the four sources for one setting: the most direct
// present one wins.
func TestPrecedence(t *testing.T) {
	for _, tc := range []struct {
		title           string
		flag, env, file bool
		want            string
		wantSource      config.Source
	}{
		{title: "default alone", want: "127.0.0.1:7400", wantSource: config.FromDefault},
		{title: "file over default", file: true, want: "file:1", wantSource: config.FromFile},
		{title: "env over default", env: true, want: "env:1", wantSource: config.FromEnv},
		{title: "env over file", env: true, file: true, want: "env:1", wantSource: config.FromEnv},
		{title: "flag over default", flag: true, want: "flag:1", wantSource: config.FromFlag},
		{title: "flag over file", flag: true, file: true, want: "flag:1", wantSource: config.FromFlag},
		{title: "flag over env", flag: true, env: true, want: "flag:1", wantSource: config.FromFlag},
		{title: "flag over env over file", flag: true, env: true, file: true, want: "flag:1", wantSource: config.FromFlag},
	} {
		t.Run(tc.title, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"--dir", dir}
			if tc.flag {
				args = append(args, "--listen", "flag:1")
			}
			env := map[string]string{}
			if tc.env {
				env["HCNET_LISTEN"] = "env:1"
			}
			if tc.file {
				writeFile(t, dir, `listen = "file:1"`)
			}
			f := newFlags(t, args...)
			src, err := f.resolve(env)
			if err != nil {
				t.Fatal(err)
			}
			if f.listen != tc.want || src["listen"] != tc.wantSource {
				t.Fatalf("listen = %q from %s, want %q from %s", f.listen, src["listen"], tc.want, tc.wantSource)
			}
		})
	}
}

// Settings of every type, each from a different source at once.
func TestMixedSourcesAndTypes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "shutdown-grace = \"1m30s\"\nreplicas = 3\nlog-format = \"text\"\n")
	f := newFlags(t, "--log-format", "json")
	src, err := f.resolve(map[string]string{"HCNET_DIR": dir, "HCNET_LISTEN": "0.0.0.0:7400"})
	if err != nil {
		t.Fatal(err)
	}
	got := []any{f.dir, f.listen, f.logFormat, f.grace, f.replicas}
	want := []any{dir, "0.0.0.0:7400", "json", 90 * time.Second, 3}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("value %d: %v, want %v", i, got[i], want[i])
		}
	}
	wantSrc := config.Sources{"dir": config.FromEnv, "config": config.FromDefault, "listen": config.FromEnv,
		"log-format": config.FromFlag, "shutdown-grace": config.FromFile, "replicas": config.FromFile}
	for k, v := range wantSrc {
		if src[k] != v {
			t.Errorf("%s from %s, want %s", k, src[k], v)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	for _, tc := range []struct {
		title string
		file  string // contents of DIR/test.toml; "" writes none
		args  []string
		env   map[string]string
		want  string // in the error
	}{
		{title: "misspelt key", file: `listn = "x"`, want: `unknown setting "listn"`},
		{title: "the file cannot move itself", file: `dir = "/elsewhere"`, want: `unknown setting "dir"`},
		{title: "bad value in the file", file: `shutdown-grace = "soon"`, want: "shutdown-grace"},
		{title: "wrong type in the file", file: "[listen]\nport = 1", want: "listen"},
		{title: "not TOML", file: `listen = `, want: "test.toml"},
		{title: "bad value in the environment", env: map[string]string{"HCNET_REPLICAS": "three"}, want: "HCNET_REPLICAS"},
		{title: "a named config file must exist", args: []string{"--config", "/nonexistent/hcnode.toml"}, want: "/nonexistent/hcnode.toml"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			dir := t.TempDir()
			if tc.file != "" {
				writeFile(t, dir, tc.file)
			}
			f := newFlags(t, append([]string{"--dir", dir}, tc.args...)...)
			_, err := f.resolve(tc.env)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// No file at the default location is fine: the file is optional.
func TestNoFile(t *testing.T) {
	f := newFlags(t, "--dir", t.TempDir())
	if _, err := f.resolve(nil); err != nil {
		t.Fatal(err)
	}
	if f.listen != "127.0.0.1:7400" {
		t.Fatalf("listen = %q", f.listen)
	}
}

// The file init writes parses, sets nothing as written, and gives back
// every default when each line is uncommented.
func TestWrittenFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	f := newFlags(t)
	config.Document(f.fs)
	path := filepath.Join(dir, "test.toml")
	if err := config.Write(path, "test configuration", f.fs, "dir", "config"); err != nil {
		t.Fatal(err)
	}
	if err := config.Write(path, "again", f.fs); err == nil {
		t.Fatal("Write overwrote an existing file")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, want := range []string{"# listen = \"127.0.0.1:7400\"", "# shutdown-grace = \"10s\"", "# replicas = 1", "HCNET_SHUTDOWN_GRACE", "# gRPC listen address\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("file lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "dir =") || strings.Contains(text, "(env ") {
		t.Errorf("file has a skipped flag or a doubled env note:\n%s", text)
	}

	g := newFlags(t, "--dir", dir)
	src, err := g.resolve(nil)
	if err != nil {
		t.Fatalf("as written: %v", err)
	}
	if src["listen"] != config.FromDefault {
		t.Fatalf("commented file set listen from %s", src["listen"])
	}

	var un []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "# ") && strings.Contains(line, " = ") {
			line = strings.TrimPrefix(line, "# ")
		}
		un = append(un, line)
	}
	writeFile(t, dir, strings.Join(un, "\n"))
	h := newFlags(t, "--dir", dir)
	src, err = h.resolve(nil)
	if err != nil {
		t.Fatalf("uncommented: %v", err)
	}
	for _, name := range []string{"listen", "log-format", "shutdown-grace", "replicas"} {
		if src[name] != config.FromFile {
			t.Errorf("%s from %s, want file", name, src[name])
		}
	}
	if h.listen != "127.0.0.1:7400" || h.grace != 10*time.Second || h.replicas != 1 || h.logFormat != "text" {
		t.Errorf("uncommented defaults read back as %q %v %d %q", h.listen, h.grace, h.replicas, h.logFormat)
	}
}

func TestEnvName(t *testing.T) {
	for _, tc := range []struct{ title, flag, want string }{
		{title: "one word", flag: "listen", want: "HCNET_LISTEN"},
		{title: "hyphens", flag: "shutdown-grace", want: "HCNET_SHUTDOWN_GRACE"},
	} {
		if got := config.EnvName(tc.flag); got != tc.want {
			t.Errorf("%s: EnvName(%q) = %q, want %q", tc.title, tc.flag, got, tc.want)
		}
	}
}

// A mistake in the file is reported at its line, path:line as an editor
// jumps to it, with what to write instead where that is clear.
func TestFileErrorsNameTheLine(t *testing.T) {
	const head = "# comment\n\n# listen = \"127.0.0.1:7400\"\n"
	for _, tc := range []struct {
		title, file string
		line        int
		want        []string
	}{
		{title: "misspelt key", file: head + "listen = \"a:1\"\nlistn = \"x\"\n", line: 5,
			want: []string{`unknown setting "listn"`, "the settings are"}},
		{title: "bad value", file: head + "replicas = 3\nshutdown-grace = \"soon\"\n", line: 5,
			want: []string{`shutdown-grace = "soon"`, "invalid duration"}},
		{title: "quoted key", file: head + "\"shutdown-grace\" = \"soon\"\n", line: 4,
			want: []string{`shutdown-grace = "soon"`}},
		{title: "text without quotes", file: head + "listen = 127.0.0.1:7400 # the API\n", line: 4,
			want: []string{"not valid TOML", `text goes in double quotes: listen = "127.0.0.1:7400"`}},
		{title: "settings under a table", file: head + "[server]\nlisten = \"a:1\"\n", line: 4,
			want: []string{"a [table] is not a setting", "above any [table] line"}},
		{title: "a date", file: head + "listen = 2026-01-01\n", line: 4,
			want: []string{"a date or time is not a setting"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tc.file)
			f := newFlags(t, "--dir", dir)
			_, err := f.resolve(nil)
			if err == nil {
				t.Fatal("no error")
			}
			prefix := path + ":" + strconv.Itoa(tc.line) + ": "
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error %q does not start with %q", err, prefix)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "map[string]") {
				t.Errorf("error %q names a Go type", err)
			}
		})
	}
}

// A setting with a few values refuses others wherever it is given, so a
// daemon never runs with a setting other than the one written.
func TestChoiceRefusesOtherValues(t *testing.T) {
	newChoice := func(args ...string) (*pflag.FlagSet, *string) {
		var format string
		fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
		fs.String("dir", "", "data folder")
		fs.String("config", "", "config file")
		fs.Var(config.Choice(&format, "text", "text", "json"), "log-format", "log format")
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return fs, &format
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "log-format = \"xml\"\n")
	file := func() (string, bool) { return path, true }
	fs, _ := newChoice()
	_, err := config.Resolve(fs, nil, file, "dir", "config")
	if err == nil || !strings.HasPrefix(err.Error(), path+":1: ") || !strings.Contains(err.Error(), `"xml" is not one of text, json`) {
		t.Errorf("from the file: %v", err)
	}
	fs, _ = newChoice()
	_, err = config.Resolve(fs, func(k string) string { return map[string]string{"HCNET_LOG_FORMAT": "yaml"}[k] }, nil, "dir", "config")
	if err == nil || !strings.Contains(err.Error(), "HCNET_LOG_FORMAT") || !strings.Contains(err.Error(), `"yaml" is not one of`) {
		t.Errorf("from the environment: %v", err)
	}
	fs, format := newChoice()
	if *format != "text" || fs.Lookup("log-format").DefValue != "text" {
		t.Errorf("default %q (help shows %q), want text", *format, fs.Lookup("log-format").DefValue)
	}
	if _, err := config.Resolve(fs, nil, nil, "dir", "config"); err != nil || *format != "text" {
		t.Errorf("unset: %q, %v", *format, err)
	}
	if err := fs.Set("log-format", "json"); err != nil || *format != "json" {
		t.Errorf("json: %q, %v", *format, err)
	}
}
