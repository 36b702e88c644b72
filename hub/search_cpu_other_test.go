//go:build !unix

package hub

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
