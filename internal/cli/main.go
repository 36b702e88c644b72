package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// Env is what a run of hcctl reads from and writes to besides its
// arguments: the process's in a real run, buffers and a map in tests.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads an environment variable; nil reads none.
	Getenv func(string) string
	// Progress shows progress bars on Stderr. It is meant to be on only
	// when Stderr is a terminal, where a bar redraws in place.
	Progress bool
}

// OSEnv is the running process's environment.
func OSEnv() Env {
	return Env{
		Stdin:    os.Stdin,
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Getenv:   os.Getenv,
		Progress: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

func (e Env) getenv(name string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(name)
}

// Exit codes: 2 is a mistake in the command line, as with most Unix tools,
// so scripts can tell it from a refusal by the node.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// Main runs hcctl with args (without the program name) and returns the
// exit code. Errors are reported on env.Stderr.
func Main(ctx context.Context, args []string, env Env) int {
	a := newApp(env)
	defer a.close()
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(env.Stderr, a.describe(err))
	var u usageError
	if errors.As(err, &u) || strings.HasPrefix(err.Error(), "unknown command") {
		return exitUsage
	}
	return exitError
}

// usageError is a mistake in the command line rather than a refusal.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}
