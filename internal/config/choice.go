package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// choice is a string setting that takes one of a few values.
type choice struct {
	p       *string
	allowed []string
}

// Choice is a flag value that accepts only the allowed values, so that a
// misspelt one is refused where it was written (the flag, the variable, or
// the config file's line) instead of the daemon running with another
// setting than the one meant. It starts as value.
func Choice(p *string, value string, allowed ...string) pflag.Value {
	*p = value
	return &choice{p: p, allowed: allowed}
}

func (c *choice) Set(v string) error {
	if !slices.Contains(c.allowed, v) {
		return fmt.Errorf("%q is not one of %s", v, strings.Join(c.allowed, ", "))
	}
	*c.p = v
	return nil
}

func (c *choice) String() string { return *c.p }

// Type is "string", so that help and the written config file show the
// value as the string it is.
func (c *choice) Type() string { return "string" }
