// Command hcnode runs a Healthy City's node: the city's own records, served
// to its officers' tools over gRPC on 127.0.0.1.
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
		fmt.Fprintln(os.Stderr, "hcnode:", err)
		os.Exit(1)
	}
}
