// Package poll waits in tests for something that happens in the
// background (a record reaching a hub, a connection closing, a metric
// moving) by checking a condition until it holds or a deadline passes,
// then failing the test with what it waited for and why it is not so.
// A bounded poll, never a bare sleep: a test passes as soon as the
// condition holds and fails with a reason when it never does.
package poll
