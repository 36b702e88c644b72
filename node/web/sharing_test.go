package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func mustLack(t *testing.T, page string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(page, u) {
			t.Fatalf("page has %q:\n%s", u, page)
		}
	}
}

// TestPreviewPageOfAPrivateRecordSaysNothingLeaves: a private practice's
// preview says nothing of it leaves and shows none of its fields.
func TestPreviewPageOfAPrivateRecordSaysNothingLeaves(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	p := nodetest.Practice("Quiet <b>walks</b>")
	p.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	res, err := s.api.CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: p})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPractice().GetId()
	_, form := s.get(t, "/practices/"+id+"/edit")
	mustContain(t, form, `href="/shared/practice/`+id+`"`)
	code, page := s.get(t, "/shared/practice/"+id)
	if code != http.StatusOK {
		t.Fatalf("preview: %d\n%s", code, page)
	}
	mustContain(t, page, "Nothing of this practice leaves this node.", "stays on this node", "Promenadgrupper för äldre")
	mustLack(t, page, "Sent to the network", "Loneliness among older residents", "Erik Nilsson", `class="raw"`)
}

// TestPreviewPageOfAPublicRecordShowsNoContact: a public partnership
// naming a public and a private partner shows what it carries, readable
// and raw, with the private partner unnamed and no contact; a practice's
// contacts are not shown either. User text is escaped.
func TestPreviewPageOfAPublicRecordShowsNoContact(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	ctx := context.Background()
	hidden := nodetest.Partner("Hemliga föreningen")
	hidden.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	hp, err := s.api.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: hidden})
	if err != nil {
		t.Fatal(err)
	}
	open := nodetest.Partner("Malmö stad")
	open.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	op, err := s.api.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: open})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership(`Meeting <script>alert(1)</script>`, op.GetPartner().GetId(), hp.GetPartner().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	id := ps.GetPartnership().GetId()
	_, form := s.get(t, "/partnerships/"+id+"/edit")
	mustContain(t, form, `href="/shared/partnership/`+id+`"`)
	code, page := s.get(t, "/shared/partnership/"+id)
	if code != http.StatusOK {
		t.Fatalf("preview: %d\n%s", code, page)
	}
	mustContain(t, page, "Sent to the network", "As a public partnership it goes to the city&#39;s hub, up the chain",
		"<dt>Hot local issue</dt><dd>Loneliness among residents over 75</dd>", "<dt>Organisation</dt><dd>Malmö stad</dd>",
		"<dt>Role</dt><dd>lead</dd>", "<dt>Role</dt><dd>partner</dd>", "across sectors", "<dt>SDG</dt>",
		`<details class="raw">`, `&#34;hot_local_issue&#34;: &#34;Loneliness among residents over 75&#34;`,
		"Meeting &lt;script&gt;alert(1)&lt;/script&gt;")
	mustLack(t, page, "Hemliga", "Anna Lindqvist", "anna.lindqvist@malmo.se", "+46 40", "<script>alert(1)", hp.GetPartner().GetId())

	pr, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")})
	if err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, "/shared/practice/"+pr.GetPractice().GetId())
	mustContain(t, page, "Sent to the network", "Walking groups", "Promenadgrupper för äldre", "Start small, in one district.")
	mustLack(t, page, "Erik Nilsson", "erik.nilsson@malmo.se", "<dt>Contacts</dt>")

	// A partner is carried, not sent: its page says so and links to the
	// previews of the partnerships that carry it.
	pid := op.GetPartner().GetId()
	_, view := s.get(t, "/partners/"+pid)
	mustContain(t, view, `href="/shared/partner/`+pid+`"`)
	_, page = s.get(t, "/shared/partner/"+pid)
	mustContain(t, page, "Nothing of this partner is sent on its own.", `href="/shared/partnership/`+id+`"`)
	if code, _ := s.get(t, "/shared/gossip/"+pid); code != http.StatusNotFound {
		t.Fatalf("a kind that is none: %d, want 404", code)
	}
	if code, _ := s.get(t, "/shared/practice/"+pid); code != http.StatusNotFound {
		t.Fatalf("a practice that is none: %d, want 404", code)
	}
}

// TestHubPageShowsAWaitingRecord: before any hub, a shared practice
// waits and the page says why; a private one is not listed.
func TestHubPageShowsAWaitingRecord(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	ctx := context.Background()
	shared, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")})
	if err != nil {
		t.Fatal(err)
	}
	p := nodetest.Practice("Quiet practice")
	p.Texts = map[string]*hcnetv1.PracticeText{"sv": {Title: "Tyst praktik", Summary: "Inget."}}
	p.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	if _, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p}); err != nil {
		t.Fatal(err)
	}
	code, page := s.get(t, "/hub")
	if code != http.StatusOK {
		t.Fatalf("hub page: %d\n%s", code, page)
	}
	mustContain(t, page, "This node has not joined a hub",
		`<a href="/shared/practice/`+shared.GetPractice().GetId()+`">Promenadgrupper för äldre</a>`,
		`<span class="status amber">Waiting</span>`, "the node has not joined a hub yet",
		`<a href="/hub" aria-current="page">Hub</a>`, `action="/hub/join"`)
	mustLack(t, page, "Tyst praktik", `<span class="status green">Delivered</span>`)
}

// TestJoinFormErrors: each problem with the address shows next to it,
// and nothing is joined.
func TestJoinFormErrors(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	for _, tc := range []struct{ title, addr, want string }{
		{"empty", "  ", "is required"},
		{"no port", "hub.example.se", "is not host:port"},
		{"nobody there", "127.0.0.1:1", "could not be reached"},
	} {
		code, page, _ := s.post(t, "/hub/join", url.Values{"csrf": {token}, "hub_addr": {tc.addr}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422\n%s", tc.title, code, page)
		}
		if got := fieldError(page, "hub_addr"); !strings.Contains(got, tc.want) {
			t.Fatalf("%s: error next to the address %q, want %q\n%s", tc.title, got, tc.want, page)
		}
		mustContain(t, page, `aria-invalid="true"`, `value="`+strings.TrimSpace(tc.addr)+`"`)
	}
	st, err := s.api.GetStatus(context.Background(), &hcnetv1.GetStatusRequest{})
	if err != nil || st.GetHub() != nil {
		t.Fatalf("after refused joins the node has a hub: %v, %v", st.GetHub(), err)
	}
}

// TestOnlyAnAdminJoinsAHub: an editor and a viewer read the hub page but
// get no form, and their POSTs are refused with 403; an admin gets the
// form.
func TestOnlyAnAdminJoinsAHub(t *testing.T) {
	s := startAccountSite(t)
	for _, name := range []string{"ed", "vi"} {
		token := s.signInAs(t, name)
		code, page := s.get(t, "/hub")
		if code != http.StatusOK {
			t.Fatalf("%s reads the hub page: %d", name, code)
		}
		mustContain(t, page, "Only an admin of this node can apply to a hub.")
		mustLack(t, page, `action="/hub/join"`)
		code, body, _ := s.post(t, "/hub/join", url.Values{"csrf": {token}, "hub_addr": {"127.0.0.1:1"}})
		if code != http.StatusForbidden {
			t.Fatalf("%s POST /hub/join: %d, want 403\n%s", name, code, body)
		}
		mustContain(t, body, "Nothing was changed")
		signOut(t, s)
	}
	s.signInAs(t, "ada")
	_, page := s.get(t, "/hub")
	mustContain(t, page, `action="/hub/join"`)
	st, err := s.api.GetStatus(context.Background(), &hcnetv1.GetStatusRequest{})
	if err != nil || st.GetHub() != nil {
		t.Fatalf("the node has a hub: %v, %v", st.GetHub(), err)
	}
}
