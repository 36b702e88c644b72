package daemon

import (
	"context"
	"errors"
	"net"
)

// CloseListener is the closer of a listener handed to a server whose
// Serve closes it when the server shuts down. Add it before the server's
// Shutdown, so it runs after it: closing the listener under a running
// Serve would make Serve fail. A listener already closed is no error.
func CloseListener(lis net.Listener) func(context.Context) error {
	return func(context.Context) error {
		if err := lis.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			return err
		}
		return nil
	}
}
