// Package config lets every flag of a daemon's run command also come from
// an HCNET_… environment variable and from a TOML file in its data folder,
// so the same settings work on a command line, in a systemd unit or a
// container (environment) and in a file an IT team keeps under change
// control. A value given more directly wins: flag, then environment, then
// file, then the built-in default.
//
// It works on the command's pflag.FlagSet, so a flag added to a run
// command is configurable the three ways without further code, and the
// file init writes lists it.
package config
