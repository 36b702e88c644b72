package store

import (
	"context"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// ForwardedBy counts a city's records by the hop before this hub in their
// path: those a member hub forwarded, not those another hub forwarded or
// the city sent itself.
func TestForwardedBy(t *testing.T) {
	ctx := context.Background()
	st := benchStore(t)
	batch := benchBatch(t, benchKeys(t, 2), 0, 8)
	// Records 0, 2, 4 and 6 are city0000's; 1, 3, 5 and 7 city0001's. The
	// last two came straight from their city: no member hub forwarded them.
	for i := range batch {
		city := "se/" + batch[i].Header.GetOriginCity()
		switch {
		case i < 4:
			batch[i].Path = []*hcnetv1.Hop{{At: city}, {At: "se-net"}, {At: "eu-net"}}
		case i < 6:
			batch[i].Path = []*hcnetv1.Hop{{At: city}, {At: "other-net"}, {At: "eu-net"}}
		default:
			batch[i].Path = []*hcnetv1.Hop{{At: city}, {At: "eu-net"}}
		}
	}
	if _, err := st.Apply(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		title, city, hub string
		want             int64
	}{
		{"two through se-net", "city0000", "se-net", 2},
		{"two through se-net, the other city", "city0001", "se-net", 2},
		{"one through another hub", "city0000", "other-net", 1},
		{"none through an unknown hub", "city0000", "dk-net", 0},
		{"none for a city not held", "nowhere", "se-net", 0},
	} {
		n, last, err := st.ForwardedBy(ctx, "se", c.city, c.hub)
		if err != nil || n != c.want {
			t.Errorf("%s: %d (%v), want %d", c.title, n, err, c.want)
			continue
		}
		if (n == 0) != last.IsZero() {
			t.Errorf("%s: newest arrival %v with %d records", c.title, last, n)
		}
	}
	// The newest arrival is the newest of those the hub forwarded.
	var want string
	if err := st.db.Read.QueryRow(`SELECT max(arrive_time) FROM records WHERE city_id = 'city0000' AND id IN (?, ?)`,
		batch[0].Header.GetId(), batch[2].Header.GetId()).Scan(&want); err != nil {
		t.Fatal(err)
	}
	if _, last, _ := st.ForwardedBy(ctx, "se", "city0000", "se-net"); FormatTime(last) != want {
		t.Errorf("newest arrival %s, want %s", FormatTime(last), want)
	}
}
