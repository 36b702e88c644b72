// Command hcbench measures a hub against the machine it runs on. It starts
// an in-process hub (embedded NATS on a free loopback port, data in a
// temporary folder), measures the raw limits of the pieces the hub is
// built on in the same run, with the same message sizes and durability,
// then drives the hub as real cities would: signed envelopes published on
// their own subjects with their own keys, a real node catching up after
// an outage. It prints a table and, with --json, writes the figures.
//
// Issue 6 lists the targets; README "Performance" holds a full run.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := NewMain(os.Stdout, os.Stderr).Run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "hcbench:", err)
		os.Exit(1)
	}
}
