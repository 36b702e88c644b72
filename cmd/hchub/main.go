// Command hchub runs a Healthy Cities network hub: it admits member
// cities, ingests the records they share over NATS JetStream, and answers
// search, statistics and partner-finder queries over gRPC.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/hcnet/hcnet/internal/daemon"
	"github.com/hcnet/hcnet/internal/errs"
)

func main() {
	ctx, stop := daemon.Context()
	err := NewMain(os.Stdout, os.Stderr).Run(ctx, os.Args[1:])
	stop()
	os.Exit(report(os.Stderr, err))
}

// report prints a failure for the people running hchub, without the
// names of Go functions the error passed through, and returns the exit
// code.
func report(w io.Writer, err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(w, "hchub:", errs.Message(err))
	return 1
}
