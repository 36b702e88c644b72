// Package version tells which build of hcnet is running, for --version and
// for logs.
package version

import "runtime/debug"

// Version is set at build time with
// -ldflags "-X github.com/hcnet/hcnet/internal/version.Version=v1.2.3".
var Version = ""

// String is the build's version: the one set at build time, else the module
// version Go recorded, else "devel" plus the VCS revision when known.
func String() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel-" + s.Value[:12]
		}
	}
	return "devel"
}

// Line is what every hcnet command prints for --version: "hcctl version
// v1.2.3", the form cobra's commands print, so that scripts and bug
// reports read the same line from each.
func Line(program string) string { return program + " version " + String() }
