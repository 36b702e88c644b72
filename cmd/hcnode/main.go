// Command hcnode runs a Healthy City's node: the city's own records, served
// to its officers' tools over gRPC on 127.0.0.1.
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

// report prints a failure for the people running hcnode, without the
// names of Go functions the error passed through, and returns the exit
// code.
func report(w io.Writer, err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(w, "hcnode:", errs.Message(err))
	return 1
}
