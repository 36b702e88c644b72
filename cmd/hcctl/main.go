// Command hcctl is the officers' tool for a Healthy City node: it records
// and reads partners, partnerships, the health plan, indicators, good
// practices and successes over the node's gRPC API. See internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hcnet/hcnet/internal/cli"
)

func main() {
	// SIGTERM too: a feed followed under a service manager is stopped
	// with it, and must print its resume token as at Ctrl-C.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
