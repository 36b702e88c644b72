//go:build !linux

package envelope

import "testing"

// reportCPU reports nothing where the thread's CPU time is not at hand.
func reportCPU(*testing.B, int) {}
