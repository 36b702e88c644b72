package node

import (
	"io/fs"
	"strconv"
	"testing/fstest"
)

// emptyFS holds no migrations: a way to open a database untouched.
type emptyFS = fstest.MapFS

var _ fs.FS = emptyFS{}

func itoa(i int) string { return strconv.Itoa(i) }
