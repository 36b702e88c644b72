package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/bearer"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// TestDemoRunsAFederationAndStopsCleanly runs the demo as a user would,
// reads a city's data and the hub's over gRPC, then stops it as Ctrl-C
// would.
func TestDemoRunsAFederationAndStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncbuf.Buffer
	m := NewMain(&out, &errOut)
	readyc := make(chan *Federation, 1)
	m.Ready = func(f *Federation) { readyc <- f }
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"--hub-listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--node-port", "0"})
	}()

	var f *Federation
	select {
	case f = <-readyc:
	case err := <-done:
		t.Fatalf("demo stopped before serving: %v\n%s", err, errOut.String())
	case <-time.After(3 * time.Minute):
		t.Fatal("demo not ready within 3 minutes")
	}
	if len(f.Cities) < 4 {
		t.Fatalf("demo runs %d cities, want at least 4", len(f.Cities))
	}
	for _, want := range []string{f.HubAddr, f.Hub.Info.GetNatsUrl(), f.Root, f.Cities[0].Addr, "hcctl", "Ctrl-C"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("welcome text lacks %q:\n%s", want, out.String())
		}
	}

	first := f.Cities[0]
	signInByName(t, f, out.String())
	coordinateHubs(t, f, out.String())
	for _, c := range f.Cities {
		if a, err := c.Node.Accounts.Get(ctx, demoAdmin); err != nil || a.Role != accounts.Admin {
			t.Fatalf("%s's account %s: %+v %v", c.Spec.ID, demoAdmin, a, err)
		}
		if !strings.Contains(out.String(), c.Dir+"   (account admin, password "+c.AdminPassword+")") {
			t.Fatalf("the welcome text does not give %s's password:\n%s", c.Spec.ID, out.String())
		}
	}
	token, err := node.ReadToken(first.Dir)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient(first.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer.Token(token)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := hcnetv1.NewCityServiceClient(conn)
	ps, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if ps.GetTotalSize() < 4 {
		t.Fatalf("%s has %d partnerships, want at least 4", first.Spec.ID, ps.GetTotalSize())
	}

	// Every city's public practices reached the regional hub through its
	// national hub by the time the demo says it is ready; each national
	// hub holds its own country's cities only.
	practiceCities := func(addr string) map[string]bool {
		t.Helper()
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		res, err := hcnetv1.NewHubServiceClient(conn).SearchPractices(ctx, &hcnetv1.SearchPracticesRequest{PageSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		cities := map[string]bool{}
		for _, h := range res.GetHits() {
			cities[h.GetCountry()+"/"+h.GetCityId()] = true
		}
		return cities
	}
	if got := practiceCities(f.Regional.Addr); len(got) != len(f.Cities) || len(f.Nationals) != 2 {
		t.Fatalf("regional hub holds practices from %v; want all %d cities under 2 national hubs", got, len(f.Cities))
	}
	for _, n := range f.Nationals {
		for city := range practiceCities(n.Addr) {
			if !strings.HasPrefix(city, n.Country+"/") {
				t.Fatalf("national hub %s holds a practice of %s", n.Hub.Info.GetId(), city)
			}
		}
	}

	// The story the regional hub tells: a mutual success, a practice
	// adopted across a border that links back to its origin, and a
	// practice its city withdrew.
	regional, err := grpc.NewClient(f.Regional.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer regional.Close()
	stats, err := hcnetv1.NewHubServiceClient(regional).GetStats(ctx, &hcnetv1.GetStatsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.GetMutualSuccesses() < 1 {
		t.Errorf("the regional hub counts %d mutual successes, want at least one", stats.GetMutualSuccesses())
	}
	adoptions, err := f.Regional.Hub.Store.AdoptionsOf(ctx, first.Spec.Country, first.Spec.ID, first.Sum.Practices[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(adoptions) != 1 || adoptions[0].GetCountry() == first.Spec.Country {
		t.Errorf("adoptions of %s's first practice at the regional hub: %v, want one from another country", first.Spec.ID, adoptions)
	}
	last := f.Cities[len(f.Cities)-1]
	var withdrawn int
	if err := f.Regional.Hub.Store.DB().Read.QueryRowContext(ctx, `SELECT count(*) FROM tombstones WHERE country = ? AND city_id = ?`, last.Spec.Country, last.Spec.ID).Scan(&withdrawn); err != nil {
		t.Fatal(err)
	}
	if withdrawn < 1 {
		t.Errorf("the regional hub holds no withdrawal of %s", last.Spec.ID)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("demo stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop within 30s of Ctrl-C")
	}
	if !strings.Contains(out.String(), "Stopped cleanly.") {
		t.Fatalf("no clean stop message:\n%s", out.String())
	}
	if _, err := os.Stat(f.Root); !os.IsNotExist(err) {
		t.Fatalf("temporary folder %s left behind: %v", f.Root, err)
	}
}

var (
	signInLine = regexp.MustCompile(`sign in as admin, password (\S+)\n`)
	csrfField  = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// signInByName signs in to the first city's pages as a person would from
// the welcome text: the name admin and the password it printed.
func signInByName(t *testing.T, f *Federation, welcome string) {
	t.Helper()
	m := signInLine.FindStringSubmatch(welcome)
	if m == nil || f.CityWeb == nil {
		t.Fatalf("the welcome text names no password to sign in with (pages at %v):\n%s", f.CityWeb, welcome)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) string {
		t.Helper()
		res, err := c.Get(strings.TrimSuffix(f.CityWeb.URL(), "/") + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	token := csrfField.FindStringSubmatch(get("/signin"))
	if token == nil {
		t.Fatal("the sign-in page has no form")
	}
	res, err := c.PostForm(strings.TrimSuffix(f.CityWeb.URL(), "/")+"/signin", url.Values{"csrf": {token[1]}, "name": {"admin"}, "password": {m[1]}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign in as admin with the printed password: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if page := get("/"); !strings.Contains(page, "<strong>admin</strong></a> (admin)") {
		t.Fatalf("the dashboard after signing in does not name admin:\n%s", page)
	}
}

// hubSignIn is a hub's pages and the coordinator's password, as the
// welcome text gives them.
var hubSignIn = regexp.MustCompile(`  (\S+) \(hub\): +(\S+)\n +sign in as coordinator, password (\S+)\n`)

// coordinateHubs signs in to the first national hub's pages and the
// regional hub's as their coordinator would from the welcome text, and
// reaches each members page as a coordinator: the national hub's with
// its cities' decisions, the regional hub's with each network's cities
// by name.
func coordinateHubs(t *testing.T, f *Federation, welcome string) {
	t.Helper()
	found := map[string][]string{}
	for _, m := range hubSignIn.FindAllStringSubmatch(welcome, -1) {
		found[m[1]] = m[2:]
	}
	for _, h := range []struct {
		run  *HubRun
		web  string
		want []string
	}{
		{f.Nationals[0], f.HubWeb.URL(), []string{`href="/members/se/malmo/revoke"`, ">Malmö<", ">Umeå<"}},
		{f.Regional, f.RegionalWeb.URL(), []string{`href="/members/se/se-net/revoke"`, `href="/members/dk/dk-net/revoke"`,
			`class="network-city"`, ">Malmö<", ">Odense<", ">Aarhus<"}},
	} {
		id := h.run.Hub.Info.GetId()
		got, ok := found[id]
		if !ok || strings.TrimSuffix(got[0], "/") != strings.TrimSuffix(h.web, "/") || got[1] != h.run.CoordinatorPassword {
			t.Fatalf("the welcome text gives %s's pages and password as %q; want %s and the hub's password:\n%s", id, got, h.web, welcome)
		}
		base := strings.TrimSuffix(got[0], "/")
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		get := func(path string) string {
			t.Helper()
			res, err := c.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s%s: %d", base, path, res.StatusCode)
			}
			return string(b)
		}
		token := csrfField.FindStringSubmatch(get("/signin"))
		if token == nil {
			t.Fatalf("%s's sign-in page has no form", id)
		}
		res, err := c.PostForm(base+"/signin", url.Values{"csrf": {token[1]}, "name": {"coordinator"}, "password": {got[1]}, "next": {"/members"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/members" {
			t.Fatalf("sign in to %s as coordinator with the printed password: %d to %q", id, res.StatusCode, res.Header.Get("Location"))
		}
		page := get("/members")
		for _, want := range h.want {
			if !strings.Contains(page, want) {
				t.Errorf("%s's members page, signed in as coordinator, lacks %s:\n%s", id, want, page)
			}
		}
	}
}
