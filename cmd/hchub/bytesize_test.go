package main

import (
	"context"
	"strings"
	"testing"
)

// --member-quota takes an amount with its unit; anything else is refused
// with the flag named.
func TestMemberQuotaFlag(t *testing.T) {
	for _, tc := range []struct {
		title, in string
		want      int64
		ok        bool
	}{
		{title: "binary unit", in: "256MiB", want: 256 << 20, ok: true},
		{title: "decimal unit", in: "2GB", want: 2_000_000_000, ok: true},
		{title: "plain bytes", in: "1048576", want: 1 << 20, ok: true},
		{title: "off", in: "0", want: 0, ok: true},
		{title: "no number", in: "lots", ok: false},
		{title: "negative", in: "-5MiB", ok: false},
	} {
		t.Run(tc.title, func(t *testing.T) {
			var n int64
			err := byteSize{&n}.Set(tc.in)
			if tc.ok != (err == nil) || n != tc.want {
				t.Errorf("Set(%q) = %d, %v; want %d (ok %v)", tc.in, n, err, tc.want, tc.ok)
			}
		})
	}
	m := noEnvMain()
	err := m.Run(context.Background(), []string{"run", "--dir", t.TempDir(), "--member-quota", "lots"})
	if err == nil || !strings.Contains(err.Error(), "member-quota") {
		t.Errorf("run --member-quota lots: %v", err)
	}
}
