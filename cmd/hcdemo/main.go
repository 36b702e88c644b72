// Command hcdemo runs a small federation in one process, in a temporary
// folder: a regional hub, a national hub for each country of the sample
// cities it runs, and those cities' nodes, each filled with realistic
// sample data, joined, approved and sharing. It prints how to look at it
// with hcctl, a browser and a generic gRPC tool. Ctrl-C stops it and
// removes the folder (unless --keep or --dir).
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
		fmt.Fprintln(os.Stderr, "hcdemo:", err)
		os.Exit(1)
	}
}
