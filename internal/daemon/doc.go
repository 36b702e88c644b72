// Package daemon is the run and stop lifecycle hcnode run and hchub run
// share: the process's context (ended by SIGINT or SIGTERM), the
// daemon's parts (its servers) run under one errgroup on it, and the
// resources it opened closed in the reverse order, once, when the
// process is told to stop or any part ends. Each part is essential, so
// one that fails takes the daemon down instead of leaving it half up.
package daemon
