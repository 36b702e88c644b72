package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/accounts"
)

// TestMembersReportAndCoordinationInEveryLanguage reaches, in every
// language, the members page (public, and a coordinator's with pending
// applications and their decisions), the annual report, the sign-in page
// with its errors, the accounts, the feed subscribers with a credential
// just issued, the quarantine, the password page, the revoke
// confirmation, every decision's message and the problem pages; it fails
// on any message a catalogue lacks, and reads some in Swedish and
// Russian.
func TestMembersReportAndCoordinationInEveryLanguage(t *testing.T) {
	nw := startNetwork(t)
	c := startCoordination(t, nw.hub)
	// Each language signs in wrongly on purpose: a limit that never bites
	// keeps the right sign-ins after them working.
	c.accounts = accounts.New(nw.hub.Hub.Store.DB(), accounts.Options{Roles: accounts.HubRoles, Params: cheapHashes, Limit: accounts.Limit{Burst: 1000, Every: time.Millisecond}})
	c.srv = c.serve(t)
	applyAs(t, nw.hub, "north-net", "Northern Hub Network", true)
	applyAs(t, nw.hub, "lund", "Lund", false)
	subj := "hcnet.rec.se.nowhere.practice.01J0000000000000000000000"
	if _, err := nw.hub.Hub.Store.Apply(context.Background(), []store.Incoming{{Subject: subj, Reason: "signature: does not verify", Envelope: []byte("not an envelope")}}); err != nil {
		t.Fatal(err)
	}
	// seen are the pages by language, then by what was asked.
	seen := map[string]map[string]string{}
	inEveryLanguage(t, func(lang string) {
		got := map[string]string{}
		seen[lang] = got
		page := func(what string, want int, code int, body string) {
			t.Helper()
			if code != want {
				t.Errorf("%s %s: %d, want %d\n%s", lang, what, code, want, body)
			}
			if code != http.StatusSeeOther {
				isIn(t, lang, what, body)
			}
			got[what] = body
		}
		// who names the browsers but the coordinator's in what was seen.
		who := map[*browser]string{}
		get := func(b *browser, path string, want int) {
			t.Helper()
			code, _, body := b.get(path)
			page(who[b]+"GET "+path, want, code, body)
		}
		post := func(b *browser, what, path string, form url.Values, want int) {
			t.Helper()
			code, _, body := b.post(path, form)
			page(what, want, code, body)
		}

		visitor := newBrowser(t, c.srv.URL)
		visitor.lang = lang
		who[visitor] = "visitor "
		get(visitor, "/members", http.StatusOK)
		get(visitor, "/report", http.StatusOK)
		get(visitor, "/records/se/malmo/01J0000000000000000000000", http.StatusNotFound)
		get(visitor, "/signin", http.StatusOK)
		post(visitor, "wrong token", "/signin", url.Values{"token": {"not the token"}}, http.StatusUnauthorized)
		post(visitor, "empty sign-in", "/signin", url.Values{"name": {""}, "password": {""}}, http.StatusUnauthorized)
		post(visitor, "wrong password", "/signin", url.Values{"name": {"cora"}, "password": {"not her password"}}, http.StatusUnauthorized)
		post(visitor, "stale form", "/signin", url.Values{"csrf": {"stale"}, "name": {"cora"}}, http.StatusForbidden)

		cora := newBrowser(t, c.srv.URL)
		cora.lang = lang
		cora.signIn("cora")
		get(cora, "/members", http.StatusOK)

		// Every decision, each message shown on the members page after.
		city, other := "x"+lang, "y"+lang
		applyAs(t, nw.hub, city, "Exampleby "+lang, false)
		applyAs(t, nw.hub, other, "Otherby "+lang, false)
		decide := func(what, path string, form url.Values) {
			t.Helper()
			post(cora, what, path, form, http.StatusSeeOther)
			get(cora, "/members", http.StatusOK)
			got[what] = got["GET /members"]
		}
		decide("approve", "/members/se/"+city+"/approve", nil)
		get(cora, "/members/se/"+city+"/revoke", http.StatusOK)
		get(cora, "/members/se/north-net/revoke", http.StatusNotFound)
		decide("revoke", "/members/se/"+city+"/revoke", nil)
		decide("reject", "/members/se/"+other+"/reject", nil)
		decide("refused", "/members/se/"+other+"/revoke", nil)
		decide("delete", "/members/se/"+other+"/delete", nil)

		get(cora, "/accounts", http.StatusOK)
		post(cora, "taken account name", "/accounts", url.Values{"name": {"cora"}, "role": {"reader"}, "password": {"a long password"}}, http.StatusUnprocessableEntity)
		post(cora, "short password", "/accounts", url.Values{"name": {"new-" + lang}, "role": {"reader"}, "password": {"short"}}, http.StatusUnprocessableEntity)
		post(cora, "add account", "/accounts", url.Values{"name": {"reader-" + lang}, "role": {"reader"}, "password": {"a long password"}}, http.StatusSeeOther)
		get(cora, "/accounts", http.StatusOK)
		post(cora, "remove account", "/accounts/reader-"+lang+"/remove", nil, http.StatusSeeOther)
		get(cora, "/accounts", http.StatusOK)
		got["account removed"] = got["GET /accounts"]
		post(cora, "remove last coordinator", "/accounts/cora/remove", nil, http.StatusSeeOther)
		get(cora, "/accounts", http.StatusOK)
		got["last coordinator"] = got["GET /accounts"]

		get(cora, "/subscribers", http.StatusOK)
		post(cora, "issue subscriber", "/subscribers", url.Values{"name": {"peer-" + lang}}, http.StatusCreated)
		post(cora, "revoke subscriber", "/subscribers/peer-"+lang+"/revoke", nil, http.StatusSeeOther)
		get(cora, "/subscribers", http.StatusOK)

		get(cora, "/quarantine", http.StatusOK)
		get(cora, "/password", http.StatusOK)
		post(cora, "password mismatch", "/password", url.Values{"current": {""}, "new": {"a new password"}, "again": {"another"}}, http.StatusUnprocessableEntity)
		post(cora, "wrong current password", "/password", url.Values{"current": {"not it"}, "new": {"a new password"}, "again": {"a new password"}}, http.StatusUnprocessableEntity)

		rita := newBrowser(t, c.srv.URL)
		rita.lang = lang
		who[rita] = "reader "
		rita.signIn("rita")
		get(rita, "/accounts", http.StatusForbidden)
		get(rita, "/members", http.StatusOK)

		token := newBrowser(t, c.srv.URL)
		token.lang = lang
		who[token] = "token "
		token.get("/signin")
		post(token, "token sign-in", "/signin", url.Values{"token": {nw.hub.Token}}, http.StatusSeeOther)
		get(token, "/password", http.StatusForbidden)
	})

	for _, c := range []struct{ lang, what, want string }{
		{"sv", "visitor GET /members", "<h1>Medlemmar</h1>"},
		{"sv", "GET /members", "Inväntar godkännande"},
		{"sv", "GET /members", "Godkänn som medlemshubb"},
		{"sv", "GET /members", "Vad rapporteringslamporna betyder"},
		{"sv", "visitor GET /report", "Planer under genomförande"},
		{"sv", "visitor GET /report", "Ladda ned medlemstabellen (CSV)"},
		{"sv", "approve", "Exampleby sv är godkänd"},
		{"sv", "GET /quarantine", "Meddelanden som hubben vägrade ta emot"},
		{"sv", "issue subscriber", "Fröet nedan är hemligt"},
		{"sv", "wrong token", "är inte den här hubbens administratörstoken"},
		{"ru", "visitor GET /members", "<h1>Участники</h1>"},
		{"ru", "GET /members", "Ожидает одобрения"},
		{"ru", "visitor GET /report", "Годовой отчёт"},
		{"ru", "visitor GET /report", "Планы в процессе выполнения"},
		{"ru", "revoke", "Exampleby ru: участие отозвано"},
		{"ru", "delete", "Заявка Otherby ru удалена"},
		{"ru", "GET /members/se/xru/revoke", "Отозвать участие"},
		{"ru", "GET /accounts", "Добавить учётную запись"},
		{"ru", "reader GET /accounts", "роль «читатель»"},
		{"ru", "GET /subscribers", "Подписчики ленты"},
		{"ru", "short password", "пароль должен содержать не менее"},
	} {
		if !strings.Contains(seen[c.lang][c.what], c.want) {
			t.Errorf("%s %s lacks %q", c.lang, c.what, c.want)
		}
	}
}
