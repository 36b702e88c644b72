package cli

import (
	"strconv"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"
)

// Columns every record shows in its detail view.

func versionCell(v int64) string { return strconv.FormatInt(v, 10) }

func timeCell(t *timestamppb.Timestamp) string {
	if t == nil {
		return ""
	}
	return t.AsTime().UTC().Format(time.DateTime + " MST")
}
