// Package crashtest is the reliability suite: it runs the real hcnode and
// hchub binaries as separate processes on loopback and attacks them the
// way production will, checking by content that nothing a city shared is
// lost, duplicated or leaked.
//
//   - TestHubKill9DuringIngest: twenty cities write shared records (with
//     updates, deletes and private records mixed in) while the hub is
//     killed with SIGKILL and restarted at random moments; afterwards the
//     hub holds exactly the union of the cities' shared sets, compared by
//     a digest of each record's shared form, and its database passes
//     integrity_check.
//   - TestNodeKill9MidWrite: clients write to nodes that are killed with
//     SIGKILL at random moments; every acknowledged write is there after
//     restart, every shared record's latest version is either at the hub
//     or in the outbox, and delivery resumes by itself.
//   - TestPartitionHeals: the cities reach the hub's NATS and gRPC through
//     a TCP proxy the test cuts (refusing, then black-holing connections)
//     and heals while they keep writing; everything converges afterwards.
//
// The binaries are built once per test run, without the race detector
// (they are the programs as shipped; the test binary itself may use it).
// The default sizes keep CI to a few minutes on two cores; set
// HCNET_CRASH_FULL=1 for the full size (twenty cities writing 50,000
// shared records while the hub is killed at least five times; give go
// test a -timeout of an hour). Each test logs its random seed, and
// HCNET_CRASH_SEED=N replays the same kill and cut timings. -short skips
// the suite.
package crashtest
