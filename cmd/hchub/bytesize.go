package main

import (
	"fmt"
	"math"

	"github.com/dustin/go-humanize"
)

// byteSize is a flag for an amount of bytes, written with its unit
// ("512MiB", "2GB", "1048576"); 0 is none.
type byteSize struct{ n *int64 }

func (b byteSize) String() string {
	if b.n == nil || *b.n == 0 {
		return "0"
	}
	return humanize.IBytes(uint64(*b.n))
}

func (b byteSize) Set(s string) error {
	n, err := humanize.ParseBytes(s)
	if err != nil {
		return fmt.Errorf("%q is not an amount of bytes (say 512MiB, 2GB or 1048576)", s)
	}
	if n > math.MaxInt64 {
		return fmt.Errorf("%q is more bytes than can be counted", s)
	}
	*b.n = int64(n)
	return nil
}

func (byteSize) Type() string { return "bytes" }
