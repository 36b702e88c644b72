package config

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"
)

// The flags that locate a daemon's config file.
const (
	DirFlag    = "dir"
	ConfigFlag = "config"
)

// ResolveRun resolves a daemon's run flags: its data folder is --dir
// (HCNET_DIR) and its config file --config (HCNET_CONFIG), by default
// DIR/fileName, which may be absent. It returns where each value came
// from and the file read ("" when there was none).
func ResolveRun(fs *pflag.FlagSet, getenv func(string) string, fileName string) (Sources, string, error) {
	var used string
	src, err := Resolve(fs, getenv, func() (string, bool) {
		if p := fs.Lookup(ConfigFlag).Value.String(); p != "" {
			used = p
			return p, true
		}
		dir := fs.Lookup(DirFlag).Value.String()
		if dir == "" {
			return "", false
		}
		used = filepath.Join(dir, fileName)
		return used, false
	}, DirFlag, ConfigFlag)
	if err != nil {
		return nil, "", err
	}
	if fs.Lookup(DirFlag).Value.String() == "" {
		return nil, "", fmt.Errorf("the data folder is required: give --%s DIR or set %s", DirFlag, EnvName(DirFlag))
	}
	if _, err := os.Stat(used); used == "" || err != nil {
		used = ""
	}
	return src, used, nil
}
