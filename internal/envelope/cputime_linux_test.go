package envelope

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// reportCPU adds cpu-ns/op: the CPU time the benchmark's own thread
// spent per op, which other work on a shared machine does not inflate
// the way it inflates ns/op. Call it first; it pins the goroutine to its
// thread until the benchmark ends.
func reportCPU(b *testing.B, perOp int) {
	runtime.LockOSThread()
	start := threadCPU()
	b.Cleanup(func() {
		used := threadCPU() - start
		runtime.UnlockOSThread()
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N*perOp), "cpu-ns/op")
	})
}

func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
