// Package cli is hcctl, the tool public-health officers use to record and
// read their city's partners, partnerships, health plan, indicators, good
// practices and successes on their node. It is a library so that tests run
// the real commands in-process, with their own arguments, output writers
// and environment; cmd/hcctl only hands it the process's.
package cli
