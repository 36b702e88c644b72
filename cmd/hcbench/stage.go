package main

import "time"

// stage measures one timed stretch of work: its wall time and the CPU
// time the process spent in it.
type stage struct {
	start    time.Time
	startCPU time.Duration
}

func startStage() stage { return stage{start: time.Now(), startCPU: cpuTime()} }

// done gives the rate of n items over the stretch and the CPU time per
// item in microseconds.
func (s stage) done(n int) (perS, cpuMicros float64) {
	wall, cpu := time.Since(s.start), cpuTime()-s.startCPU
	return float64(n) / wall.Seconds(), float64(cpu.Microseconds()) / float64(n)
}
