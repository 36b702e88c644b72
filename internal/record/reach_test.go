package record

import (
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestMayCarry(t *testing.T) {
	const (
		none    = hcnetv1.Visibility_VISIBILITY_UNSPECIFIED
		private = hcnetv1.Visibility_VISIBILITY_PRIVATE
		network = hcnetv1.Visibility_VISIBILITY_NETWORK
		public  = hcnetv1.Visibility_VISIBILITY_PUBLIC
	)
	tests := []struct {
		title            string
		carrier, carried hcnetv1.Visibility
		want             bool
	}{
		{"public carries public", public, public, true},
		{"public does not carry network", public, network, false},
		{"public does not carry private", public, private, false},
		{"network carries public", network, public, true},
		{"network carries network", network, network, true},
		{"network does not carry private", network, private, false},
		{"private carries anything shared", private, network, true},
		{"a record without a visibility travels with nothing", private, none, false},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := MayCarry(tt.carrier, tt.carried); got != tt.want {
				t.Fatalf("MayCarry(%v, %v) = %v, want %v", tt.carrier, tt.carried, got, tt.want)
			}
		})
	}
}
