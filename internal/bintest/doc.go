// Package bintest runs the programs as shipped: it builds hcnode, hchub
// and hcctl with go build, starts a real hub and a real node as processes
// on loopback with data folders of their own, and runs every family of
// hcctl commands as a process against them, checking exit status and
// output. It also runs every example the three programs' help shows, and
// the README's commands for running a node and a hub, as written: what a
// user pastes must work.
//
// The other tests of hcctl run its code inside the test binary, which
// links whatever the test packages import. A program whose own imports
// lack something (a database driver registered by a blank import, an
// embedded file) passes those tests and fails for its users; here it
// fails the test.
//
// The binaries are built once per test run, without the race detector.
// -short skips the package.
package bintest
