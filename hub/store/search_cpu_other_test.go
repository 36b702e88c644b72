//go:build !unix

package store

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
