// Package proctest builds the hcnet programs as shipped and runs them as
// processes for tests: Build compiles cmd/ programs once per test binary,
// without the race detector and without cgo, and Daemon starts one of
// them, waits until it serves, stops or kills it, and shows the tail of
// its log when the test fails. The suites that check the real binaries
// (internal/bintest, internal/crashtest) share it, so that both run the
// programs the same way.
package proctest
