// Command hcdemo runs a small federation in one process, in a temporary
// folder: a regional hub, a national hub for each country of the sample
// cities it runs, and those cities' nodes, each filled with realistic
// sample data, joined, approved and sharing. It prints how to look at it
// with hcctl, a browser and a generic gRPC tool. Ctrl-C stops it and
// removes the folder (unless --keep or --dir).
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

// report prints a failure for the people running hcdemo, without the
// names of Go functions the error passed through, and returns the exit
// code.
func report(w io.Writer, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		// -h printed the usage; asking for it is no failure.
		return 0
	}
	fmt.Fprintln(w, "hcdemo:", errs.Message(err))
	return 1
}
