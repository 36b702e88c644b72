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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/hcnet/hcnet/internal/errs"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := NewMain(os.Stdout, os.Stderr).Run(ctx, os.Args[1:])
	stop()
	os.Exit(report(os.Stderr, err))
}

// report prints a failure for the people running hcbench, without the
// names of Go functions the error passed through, and returns the exit
// code.
func report(w io.Writer, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		// -h printed the usage; asking for it is no failure.
		return 0
	}
	fmt.Fprintln(w, "hcbench:", errs.Message(err))
	return 1
}
