package feed

import "sync"

// Signal tells waiting readers that the store applied a change:
// Wait returns a channel that is closed by the next Broadcast. A reader
// takes the channel before it reads, so a change committed between its
// read and its wait still wakes it. The zero value is ready to use.
type Signal struct {
	mu      sync.Mutex
	ch      chan struct{}
	stopped bool
}

// Wait returns the channel the next change closes.
func (c *Signal) Wait() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		c.ch = make(chan struct{})
		if c.stopped {
			close(c.ch)
		}
	}
	return c.ch
}

// Broadcast wakes every waiter.
func (c *Signal) Broadcast() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch != nil && !c.stopped {
		close(c.ch)
		c.ch = nil
	}
}

// Stop wakes every waiter for good: the hub is shutting down, and Stopped
// tells the watchers so.
func (c *Signal) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return
	}
	c.stopped = true
	if c.ch != nil {
		close(c.ch)
	} else {
		c.ch = make(chan struct{})
		close(c.ch)
	}
}

// Stopped says whether Stop ran.
func (c *Signal) Stopped() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopped
}
