// Command hcdemo runs a Healthy City node on embedded defaults in a
// temporary folder, fills it with realistic sample data, and prints how to
// look at it with hcctl and a generic gRPC tool. Ctrl-C stops it and
// removes the folder (unless --keep).
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
