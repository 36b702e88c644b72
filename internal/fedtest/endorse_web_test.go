package fedtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node"
	"github.com/hcnet/hcnet/node/nodetest"
	nodeweb "github.com/hcnet/hcnet/node/web"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// accountOfficer signs in to n's pages as a named account with role,
// kept in the node's database as hcnode keeps them.
func accountOfficer(t *testing.T, n *nodetest.Node, name string, role accounts.Role) *officer {
	t.Helper()
	acc := accounts.New(n.Node.Store.DB(), accounts.Options{Params: accounts.Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}})
	if _, err := acc.Add(context.Background(), name, role, "password "+name); err != nil {
		t.Fatal(err)
	}
	h, err := nodeweb.New(hcnetv1.NewCityServiceClient(n.Conn(t, "")), n.Token, nodeweb.Options{
		Pending: n.Node.Store.PendingRecords, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Accounts: acc,
	})
	if err != nil {
		t.Fatal(err)
	}
	o := &officer{srv: httptest.NewServer(h)}
	t.Cleanup(o.srv.Close)
	jar, _ := cookiejar.New(nil)
	o.http = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	_, page := o.get(t, "/signin")
	code, _, _ := o.post(t, "/signin", url.Values{"csrf": {o.token(t, page)}, "name": {name}, "password": {"password " + name}, "next": {"/"}})
	if code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", name, code)
	}
	_, page = o.get(t, "/")
	o.csrf = o.token(t, page)
	return o
}

// waitingPart is the part of the endorsements page that lists the
// successes waiting for the city's endorsement.
func waitingPart(t *testing.T, page string) string {
	t.Helper()
	i, j := strings.Index(page, `id="waiting"`), strings.Index(page, `id="given"`)
	if i < 0 || j < i {
		t.Fatalf("no waiting section before the endorsements given:\n%s", page)
	}
	return page[i:j]
}

// TestEndorseWaitingSuccessWithOneClick: Lund shares a success naming
// Malmö; Malmö's endorsements page, asking the hub, lists it; a viewer
// sees it without a button and its POST is refused; an editor endorses
// it with one click; it leaves the list, the endorsement reaches the hub
// and Lund's success is mutual there. Lund's private success naming
// Malmö is never listed, and the hub answers only Malmö's own signed
// question. When the hub is down, the page says so.
func TestEndorseWaitingSuccessWithOneClick(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.StartWith(t, nodetest.Options{CityID: "malmo", Name: "Malmö", Country: "se"})
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	ed := accountOfficer(t, malmo, "ed", accounts.Editor)
	vi := accountOfficer(t, malmo, "vi", accounts.Viewer)

	// Before Malmö joins, the page says so and still works.
	_, page := ed.get(t, "/endorsements")
	if !strings.Contains(waitingPart(t, page), "it has joined no hub") {
		t.Fatalf("without a hub the page does not say so:\n%s", page)
	}
	for _, n := range []*nodetest.Node{malmo, lund} {
		member(t, h, n, true)
	}

	malmoRef := []*hcnetv1.CityRef{{Country: "se", CityId: "malmo", Name: "Malmö"}}
	shared, err := lund.Client(t).CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: &hcnetv1.Success{
		Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Title: "Cykelvägar över kommungränsen",
		Outcome: "Fler pendlar med cykel mellan Lund & Malmö", Date: "2025-04-01", PartnerCities: malmoRef,
	}})
	if err != nil {
		t.Fatal(err)
	}
	private, err := lund.Client(t).CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: &hcnetv1.Success{
		Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE, Title: "Internt utkast om skolgårdar",
		Outcome: "Ännu inte delat", Date: "2025-04-02", PartnerCities: malmoRef,
	}})
	if err != nil {
		t.Fatal(err)
	}
	id := shared.GetSuccess().GetId()
	poll.Until(t, "Lund's success at the hub", func() bool { return hubVersion(t, h, id) == 1 })

	// The hub answers Malmö's own signed question only.
	unsigned, err := proto.Marshal(&hcnetv1.SuccessesNamingQuery{Country: "se", CityId: "malmo", Time: timestamppb.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Client(t).ListSuccessesNaming(ctx, &hcnetv1.ListSuccessesNamingRequest{Query: unsigned}); status.Code(err) != codes.Unauthenticated {
		t.Errorf("an unsigned question: %v, want Unauthenticated", err)
	}
	lundKey, err := node.ReadIdentity(lund.Dir)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := envelope.SignNaming(lundKey, &hcnetv1.SuccessesNamingQuery{Country: "se", CityId: "malmo"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Client(t).ListSuccessesNaming(ctx, forged); status.Code(err) != codes.Unauthenticated {
		t.Errorf("Lund asking as Malmö: %v, want Unauthenticated", err)
	}

	res, err := malmo.Client(t).ListEndorsementRequests(ctx, &hcnetv1.ListEndorsementRequestsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.GetSuccesses(); len(got) != 1 || got[0].GetSuccess().GetId() != id || got[0].GetCityName() != "Lund" || got[0].GetCityId() != "lund" {
		t.Fatalf("waiting successes %v, want Lund's shared one only", got)
	}

	_, page = vi.get(t, "/endorsements")
	waiting := waitingPart(t, page)
	for _, want := range []string{"Cykelvägar över kommungränsen", "Recorded by Lund", "Fler pendlar med cykel mellan Lund &amp; Malmö"} {
		if !strings.Contains(waiting, want) {
			t.Errorf("the viewer's list lacks %q:\n%s", want, waiting)
		}
	}
	if strings.Contains(waiting, `action="/endorsements/endorse"`) {
		t.Errorf("a viewer is offered the button:\n%s", waiting)
	}
	if strings.Contains(page, "Internt utkast") || strings.Contains(page, private.GetSuccess().GetId()) {
		t.Errorf("Lund's private success is listed:\n%s", page)
	}
	click := url.Values{"country": {"se"}, "city": {"lund"}, "success": {id}, "title": {"Cykelvägar över kommungränsen"}, "city_name": {"Lund"}, "visibility": {"network"}}
	click.Set("csrf", vi.csrf)
	if code, _, _ := vi.post(t, "/endorsements/endorse", click); code != http.StatusForbidden {
		t.Errorf("a viewer's endorsement: %d, want 403", code)
	}
	if es, err := malmo.Client(t).ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{}); err != nil || len(es.GetEndorsements()) != 0 {
		t.Fatalf("after the viewer's POST: %v, %v; want no endorsement", es.GetEndorsements(), err)
	}

	_, page = ed.get(t, "/endorsements")
	if !strings.Contains(waitingPart(t, page), `<input type="hidden" name="success" value="`+id+`">`) {
		t.Fatalf("the editor has no button for the success:\n%s", page)
	}
	click.Set("csrf", ed.csrf)
	if code, body, loc := ed.post(t, "/endorsements/endorse", click); code != http.StatusSeeOther || loc != "/endorsements" {
		t.Fatalf("endorse: %d to %q\n%s", code, loc, body)
	}
	_, page = ed.get(t, "/endorsements")
	if !strings.Contains(page, "Endorsed “Cykelvägar över kommungränsen” of Lund.") {
		t.Errorf("no word that the success was endorsed:\n%s", page)
	}
	if w := waitingPart(t, page); strings.Contains(w, id) || !strings.Contains(w, "No partner city&#39;s success waits") {
		t.Errorf("the endorsed success still waits:\n%s", w)
	}
	if !strings.Contains(page[strings.Index(page, `id="given"`):], "Success "+id) {
		t.Errorf("the endorsement is not among those given:\n%s", page)
	}
	es, err := malmo.Client(t).ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{})
	if err != nil || len(es.GetEndorsements()) != 1 {
		t.Fatalf("endorsements at Malmö: %v, %v", es.GetEndorsements(), err)
	}
	if e := es.GetEndorsements()[0]; e.GetSuccess().GetCountry() != "se" || e.GetSuccess().GetCityId() != "lund" || e.GetVisibility() != hcnetv1.Visibility_VISIBILITY_NETWORK {
		t.Errorf("endorsement %v", e)
	}
	// The endorsement given is named by the success's title and city, as
	// the hub still lists the success when asked for those endorsed too.
	all, err := malmo.Client(t).ListEndorsementRequests(ctx, &hcnetv1.ListEndorsementRequestsRequest{IncludeEndorsed: true})
	if err != nil || len(all.GetSuccesses()) != 1 || all.GetSuccesses()[0].GetSuccess().GetId() != id {
		t.Fatalf("the successes naming Malmö, endorsed ones too: %v, %v", all.GetSuccesses(), err)
	}
	given := page[strings.Index(page, `id="given"`):]
	if !strings.Contains(given, ">Cykelvägar över kommungränsen</a>") || !strings.Contains(given, "<td>Lund</td>") {
		t.Errorf("the endorsement given is not named by title and city:\n%s", given)
	}
	const want = "partners=se/malmo endorsed=se/malmo mutual"
	var got string
	poll.Until(t, want, func() bool { got = endorsementLine(t, h, id); return got == want })

	// With the hub gone, the page says so in plain words and still shows
	// the endorsements given.
	h.Stop(t)
	code, page := ed.get(t, "/endorsements")
	if code != http.StatusOK || !strings.Contains(waitingPart(t, page), "could not be asked") || !strings.Contains(page, "Success "+id) {
		t.Errorf("with the hub down: %d\n%s", code, page)
	}
}
