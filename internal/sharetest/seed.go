package sharetest

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// SeedEnv names the variable that replays one seed of a property test:
// HCNET_SHARE_SEED=N runs that seed alone.
const SeedEnv = "HCNET_SHARE_SEED"

// Seeds are the seeds a property test runs: the fixed one, so that every
// run checks the same cases, and a new one each run, logged, so that over
// many runs more cases are seen and a failure can still be replayed. When
// SeedEnv is set, only its seed.
func Seeds(tb testing.TB, fixed uint64) []uint64 {
	tb.Helper()
	if s := os.Getenv(SeedEnv); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			tb.Fatalf("%s=%q is not a seed (a number)", SeedEnv, s)
		}
		tb.Logf("replaying seed %d from %s", seed, SeedEnv)
		return []uint64{seed}
	}
	random := rand.Uint64()
	tb.Logf("seeds %d (fixed) and %d (this run's); replay one with %s=N", fixed, random, SeedEnv)
	return []uint64{fixed, random}
}
