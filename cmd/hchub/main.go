// Command hchub runs a Healthy Cities network hub: it admits member
// cities, ingests the records they share over NATS JetStream, and answers
// search, statistics and partner-finder queries over gRPC.
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
		fmt.Fprintln(os.Stderr, "hchub:", err)
		os.Exit(1)
	}
}
