package fedtest

import (
	"bytes"
	"os"
)

func readSeed(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	return bytes.TrimSpace(b), err
}
