package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// noMisses runs f and fails on any message a catalogue lacks that f's
// pages asked for, though another test's pages missed it first.
func noMisses(t *testing.T, f func()) {
	t.Helper()
	before := missedNow(t)
	f()
	missedSince(t, before)
}

// as is another browser on the same pages, signed in as name.
func (s *accountSite) as(t *testing.T, name string) *site {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	other := &accountSite{site: &site{node: s.node, api: s.api, handler: s.handler, srv: s.srv,
		http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, accounts: s.accounts}
	other.signInAs(t, name)
	return other.site
}

// TestNodePagesSpeakEveryLanguage: the dashboard, the accounts and
// password pages, the generic list, record, delete and preview pages,
// the hub page and the refusals come in each of the eight languages,
// with no message missing from a catalogue, their errors and flash
// messages included.
func TestNodePagesSpeakEveryLanguage(t *testing.T) {
	s := startAccountSite(t)
	ctx := context.Background()
	named := s.partner(t, "Folkhälsomyndigheten")
	loose := s.partner(t, "Röda Korset")
	p := nodetest.Partnership("Gröna skolgårdar", named)
	p.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: p})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Promenader för äldre")}); err != nil {
		t.Fatal(err)
	}
	quiet := nodetest.Practice("Tyst praktik")
	quiet.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	pr, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: quiet})
	if err != nil {
		t.Fatal(err)
	}
	token := s.signInAs(t, "ada")
	public, private := "/shared/partnership/"+ps.GetPartnership().GetId(), "/shared/practice/"+pr.GetPractice().GetId()
	carried := "/shared/partner/" + named

	noMisses(t, func() {
		inEveryLanguage(t, s.site, "/", "/accounts", "/password", "/partners", "/partners/"+loose,
			"/partners/"+named+"/delete", "/partners/"+loose+"/delete", "/partners/new",
			public, private, carried, "/hub")
	})

	// Errors, refusals and flash messages, in every language.
	viewer, editor := s.as(t, "vi"), s.as(t, "ed")
	noMisses(t, func() {
		for _, l := range i18n.Languages {
			for _, c := range []struct {
				s    *site
				path string
			}{{viewer, "/partners/new"}, {editor, "/accounts"}} {
				if code, page := c.s.getIn(t, l.Code, c.path); code != http.StatusForbidden || !strings.Contains(page, `<html lang="`+l.Code+`">`) {
					t.Errorf("%s %s: %d, want 403 in the language", l.Code, c.path, code)
				}
			}
			for _, addr := range []string{"", "hub.example.se", "127.0.0.1:1"} {
				if code, page, _ := s.postIn(t, l.Code, "/hub/join", url.Values{"csrf": {token}, "hub_addr": {addr}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="hub_addr-error"`) {
					t.Errorf("%s join %q: %d", l.Code, addr, code)
				}
			}
			if code, _, _ := s.postIn(t, l.Code, "/partners/"+named+"/delete", url.Values{"csrf": {token}, "version": {"1"}}); code != http.StatusConflict {
				t.Errorf("%s delete of a named partner: %d, want 409", l.Code, code)
			}
			if code, _, _ := s.postIn(t, l.Code, "/password", url.Values{"csrf": {token}, "current": {""}, "new": {"abc"}, "again": {"abd"}}); code != http.StatusUnprocessableEntity {
				t.Errorf("%s password: %d, want 422", l.Code, code)
			}
			if code, _, _ := s.postIn(t, l.Code, "/accounts", url.Values{"csrf": {token}, "name": {"Bad Name"}, "role": {"editor"}, "password": {"long enough"}}); code != http.StatusUnprocessableEntity {
				t.Errorf("%s add a bad name: %d, want 422", l.Code, code)
			}
			name := "new-" + l.Code
			if code, _, _ := s.postIn(t, l.Code, "/accounts", url.Values{"csrf": {token}, "name": {name}, "role": {"editor"}, "password": {"long enough"}}); code != http.StatusSeeOther {
				t.Errorf("%s add an account: %d", l.Code, code)
			}
			s.postIn(t, l.Code, "/accounts/"+name+"/role", url.Values{"csrf": {token}, "role": {"viewer"}})
			s.postIn(t, l.Code, "/accounts/"+name+"/remove", url.Values{"csrf": {token}})
			if code, page := s.getIn(t, l.Code, "/accounts"); code != http.StatusOK || !strings.Contains(page, `class="notice"`) {
				t.Errorf("%s: no flash after removing an account: %d", l.Code, code)
			}
		}
	})

	// A few pages read in Swedish and in Russian.
	for _, c := range []struct {
		lang, path string
		want       []string
	}{
		{"sv", "/", []string{"Gröna skolgårdar", "2 partnerskap registrerade på den här noden.", "Partnerskap per sektor", "Lägg till ett partnerskap", "Hälsoplan"}},
		{"ru", "/", []string{"2 партнёрства", "Партнёрства по секторам", "Добавить партнёрство"}},
		{"sv", "/accounts", []string{"Lägg till ett konto", "<strong>redaktör</strong>", "Vem som får logga in på den här noden."}},
		{"ru", "/accounts", []string{"Добавить учётную запись", "<strong>редактор</strong>"}},
		{"sv", "/password", []string{"Byt ditt lösenord", "Nytt lösenord igen"}},
		{"ru", "/password", []string{"Сменить пароль", "Новый пароль ещё раз"}},
		{"sv", "/partners/" + named + "/delete", []string{"kan inte raderas medan dessa poster nämner den", "Partnerskap ”Gröna skolgårdar”"}},
		{"ru", "/partners/" + named + "/delete", []string{"Партнёрство «Gröna skolgårdar»"}},
		{"ru", "/partners/" + loose + "/delete", []string{"Это нельзя отменить.", "Отмена, оставить"}},
		{"sv", public, []string{"Vad nätverket kommer att se", "Skickas till nätverket", "Som offentlig post (partnerskap)"}},
		{"ru", public, []string{"Что увидит сеть", "Отправляется в сеть", "<dt>Название</dt>", "<dt>Уровень</dt>"}},
		{"sv", private, []string{"Inget av denna post (gott exempel) lämnar den här noden."}},
		{"ru", private, []string{"Ничто из этой записи (практика) не покидает этот узел."}},
		{"sv", carried, []string{"Partnerskap som nämner den"}},
		{"sv", "/hub", []string{"Hubb och leverans", "Gå med i en hubb", "Den här noden har inte gått med i någon hubb"}},
		{"ru", "/hub", []string{"Хаб и доставка", "Вступить в хаб", "узел ещё не вступил в хаб", "Ожидает"}},
		{"sv", "/partners/new", []string{"Vart posten går:", "skickas aldrig ensam"}},
	} {
		_, page := s.getIn(t, c.lang, c.path)
		mustContain(t, page, c.want...)
	}
	_, page := viewer.getIn(t, "ru", "/partners/new")
	mustContain(t, page, "<h1>Не разрешено</h1>", "имеет роль читатель")
	_, page, _ = s.postIn(t, "sv", "/hub/join", url.Values{"csrf": {token}, "hub_addr": {""}})
	mustContain(t, page, "krävs: hubbens adress som värd:port")
	_, page, _ = s.postIn(t, "ru", "/password", url.Values{"csrf": {token}, "current": {""}, "new": {"abc"}, "again": {"abd"}})
	mustContain(t, page, "отличается от нового пароля")
}

// TestDeliveryReasonsTranslated: each reason the node gives for a record
// not (yet) delivered is said in the reader's language, the hub's name
// and its own words kept; a reason not recognised stays as it was.
func TestDeliveryReasonsTranslated(t *testing.T) {
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	sv := words.In("sv")
	st := &hcnetv1.GetStatusResponse{Hub: &hcnetv1.HubLink{HubName: "Nätverket Sverige"}, LastError: "stream full"}
	for _, c := range []struct{ reason, want string }{
		{"the node has not joined a hub yet", "noden har inte gått med i någon hubb ännu"},
		{"this server has no link to a hub: it serves the city's records only", "den här servern har ingen länk till en hubb"},
		{"the hub Nätverket Sverige turned the city's application down; its coordinator can still admit the city. The hub's last answer: stream full", "hubben Nätverket Sverige avslog stadens ansökan; dess samordnare kan fortfarande släppa in staden. Hubbens senaste svar: stream full"},
		{"the hub Nätverket Sverige withdrew the city's membership and refuses its records. The hub's last answer: stream full", "hubben Nätverket Sverige har dragit tillbaka stadens medlemskap"},
		{"waiting for the coordinator of Nätverket Sverige to approve the city", "väntar på att samordnaren för Nätverket Sverige godkänner staden"},
		{"the hub Nätverket Sverige did not take it: stream full", "hubben Nätverket Sverige tog inte emot den: stream full"},
		{"the last attempt to deliver failed: stream full", "det senaste leveransförsöket misslyckades: stream full"},
		{"the node is not connected to Nätverket Sverige just now; it keeps trying", "noden är inte ansluten till Nätverket Sverige just nu"},
		{"on its way to Nätverket Sverige", "på väg till Nätverket Sverige"},
		{"something new the node says", "something new the node says"},
	} {
		if got := reasonWords(sv, c.reason, st); !strings.Contains(got, c.want) {
			t.Errorf("%q: %q, want %q", c.reason, got, c.want)
		}
		if got := reasonWords(words.In(i18n.English), c.reason, st); got != c.reason {
			t.Errorf("English %q: %q", c.reason, got)
		}
	}
}

// TestSharedFieldsHaveLabelsInEveryLanguage: every field a shared record
// may carry, at any depth, has its label in every language's catalogue,
// so the preview of any kind shows no field name in English.
func TestSharedFieldsHaveLabelsInEveryLanguage(t *testing.T) {
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	names := map[protoreflect.Name]bool{}
	seen := map[protoreflect.FullName]bool{}
	var walk func(md protoreflect.MessageDescriptor)
	walk = func(md protoreflect.MessageDescriptor) {
		if seen[md.FullName()] {
			return
		}
		seen[md.FullName()] = true
		for i := 0; i < md.Fields().Len(); i++ {
			fd := md.Fields().Get(i)
			names[fd.Name()] = true
			switch {
			case fd.IsMap() && fd.MapValue().Message() != nil:
				walk(fd.MapValue().Message())
			case fd.Message() != nil && !isTimestamp(fd):
				walk(fd.Message())
			}
		}
	}
	walk((&hcnetv1.SharedRecord{}).ProtoReflect().Descriptor())
	if len(names) < 50 {
		t.Fatalf("only %d field names found in the shared record", len(names))
	}
	for _, l := range i18n.Languages {
		if l.Code == i18n.English {
			continue
		}
		have := words.Messages(l.Code)
		for n := range names {
			if _, ok := have["Field."+string(n)]; !ok {
				t.Errorf("%s: no label for the field %s", l.Code, n)
			}
		}
	}
	if got := fieldLabel(words.In("sv"), "lessons_learnt"); got != "Lärdomar" {
		t.Errorf("sv lessons_learnt: %q", got)
	}
	if got := fieldLabel(words.In(i18n.English), "sdg_goals"); got != "SDG goals" {
		t.Errorf("English keeps the label the name spells: %q", got)
	}
}
