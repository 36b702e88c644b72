package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// uploadIn posts a file to a sheet's upload page as a browser asking
// for a language does.
func (s *site) uploadIn(t *testing.T, lang, sheet, token, name, content string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("csrf", token); err != nil {
		t.Fatal(err)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(fw, content)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", s.srv.URL+"/spreadsheets/"+sheet+"/upload", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept-Language", lang)
	code, page, _ := s.send(t, req)
	return code, page
}

func (s *site) send(t *testing.T, req *http.Request) (int, string, string) {
	t.Helper()
	res, err := s.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

// missedSince fails on every message a catalogue lacks that pages asked
// for since mark was taken.
func missedSince(t *testing.T, mark i18n.Mark) {
	t.Helper()
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range words.MissedSince(mark) {
		t.Errorf("%s: %q is missing from its catalogue", m.Lang, m.ID)
	}
}

// missedNow marks now in the catalogue's history of misses, for
// missedSince to read.
func missedNow(t *testing.T) i18n.Mark {
	t.Helper()
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	return words.Mark()
}

// TestSuccessPagesInEveryLanguage: the successes and endorsements lists,
// pages and forms, empty, filled, prefilled from a partner city's link
// and shown again with problems, come in every language, and a save's
// message too.
func TestSuccessPagesInEveryLanguage(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks", s.partner(t, "Region Skåne"))})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Loneliness down", ps.GetPartnership().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	id := sc.GetSuccess().GetId()
	// This city's own endorsement of its success, so that the success's
	// page lists what names it.
	own := nodetest.Endorsement(id)
	own.Success.Country, own.Success.CityId = "se", "malmo"
	if _, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: own}); err != nil {
		t.Fatal(err)
	}
	en, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: nodetest.Endorsement("01JCPHSXCCESS0000000000000")})
	if err != nil {
		t.Fatal(err)
	}
	eid := en.GetEndorsement().GetId()

	inEveryLanguage(t, s, "/successes", "/successes/"+id, "/successes/new", "/successes/"+id+"/edit",
		"/endorsements", "/endorsements/"+eid, "/endorsements/new", "/endorsements/"+eid+"/edit",
		"/endorsements/new?country=dk&city=copenhagen&success=01JCPHSXCCESS0000000000000")

	before := missedNow(t)
	for _, l := range i18n.Languages {
		// Problems found on the page (a partner city line, a visibility)
		// and the node's (no title) are shown with their fields' labels.
		code, page, _ := s.postIn(t, l.Code, "/successes/new", url.Values{
			"csrf": {token}, "partner_cities": {"Copenhagen"}, "visibility": {"everyone"}, "sdg_goals": {"3"},
		})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `<html lang="`+l.Code+`">`) {
			t.Fatalf("%s: a success with problems: %d\n%s", l.Code, code, page)
		}
		code, page, _ = s.postIn(t, l.Code, "/endorsements/new", url.Values{"csrf": {token}, "visibility": {"network"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `<html lang="`+l.Code+`">`) {
			t.Fatalf("%s: an endorsement with problems: %d\n%s", l.Code, code, page)
		}
		// A save says so on the page it leads to.
		code, _, loc := s.postIn(t, l.Code, "/successes/"+id+"/edit", url.Values{
			"csrf": {token}, "title": {"Loneliness down"}, "outcome": {"Fewer lonely"}, "partnership_id": {ps.GetPartnership().GetId()},
			"date": {"2025-05-20"}, "partner_cities": {"dk/copenhagen/København"}, "sdg_goals": {"3, 11"}, "sdg_targets": {"3.4"}, "visibility": {"network"},
		})
		if code != http.StatusSeeOther {
			t.Fatalf("%s: save success: %d", l.Code, code)
		}
		s.getIn(t, l.Code, loc)
		code, _, loc = s.postIn(t, l.Code, "/endorsements/"+eid+"/edit", url.Values{
			"csrf": {token}, "success_country": {"dk"}, "success_city": {"copenhagen"}, "success_id": {"01JCPHSXCCESS0000000000000"},
			"date": {"2025-06-01"}, "visibility": {"network"},
		})
		if code != http.StatusSeeOther {
			t.Fatalf("%s: save endorsement: %d", l.Code, code)
		}
		s.getIn(t, l.Code, loc)
	}
	missedSince(t, before)

	_, page := s.getIn(t, "sv", "/successes/"+id)
	mustContain(t, page, "Alla framgångar", "<dt>Partnerstäder</dt>", "mål 3, mål 11",
		"Som framgång för nätverket går den bara till stadens egen hubb", "Bekräftelse av ”Loneliness down” från Malmö")
	_, page = s.getIn(t, "sv", "/successes")
	mustContain(t, page, "Lägg till en framgång", "<th scope=\"col\">Partnerskap</th>", "<td>nätverket</td>")
	_, page = s.getIn(t, "ru", "/successes/"+id)
	mustContain(t, page, "Все успехи", "<dt>Города-партнёры</dt>", "цель 3, цель 11", "20.05.2025",
		"Как успех для сети он попадает только в собственный хаб города")
	_, page = s.getIn(t, "ru", "/endorsements")
	mustContain(t, page, "<h1>Подтверждения</h1>", "Подтвердить успех города-партнёра", "Успех 01JCPHSXCCESS0000000000000")
	_, page = s.getIn(t, "sv", "/endorsements/new?country=dk&city=copenhagen&success=01JCPHSXCCESS0000000000000")
	mustContain(t, page, "<legend>Framgången som bekräftas</legend>", "Stadens land", `value="copenhagen"`, "Bekräfta framgången")
	_, page, _ = s.postIn(t, "sv", "/successes/new", url.Values{"csrf": {token}, "partner_cities": {"Copenhagen"}, "visibility": {"network"}})
	mustContain(t, page, "Partnerstäder: rad 1 (&#34;Copenhagen&#34;) är inte LAND/STADS_ID/NAMN")
	_, page, _ = s.postIn(t, "ru", "/successes/new", url.Values{"csrf": {token}, "partner_cities": {"Copenhagen"}, "visibility": {"network"}})
	mustContain(t, page, "Города-партнёры: строка 1 (&#34;Copenhagen&#34;) не в виде СТРАНА/ID_ГОРОДА/НАЗВАНИЕ", "Сохранить успех")
	code, page, loc := s.postIn(t, "ru", "/successes/"+id+"/edit", url.Values{"csrf": {token}, "title": {"Loneliness down"}, "outcome": {"Fewer lonely"}, "visibility": {"private"}})
	if loc == "" {
		t.Fatalf("a private success was not saved: %d\n%s", code, page)
	}
	_, page = s.getIn(t, "ru", loc)
	mustContain(t, page, "Успех «Loneliness down» сохранён.")
}

// TestSpreadsheetPagesInEveryLanguage: the spreadsheets page, each upload
// page, a file with bad rows (its problems listed, nothing saved), a
// good one (ready to save) and its saving come in every language.
func TestSpreadsheetPagesInEveryLanguage(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	s.indicatorNamed(t, "Loneliness 75+")
	inEveryLanguage(t, s, "/spreadsheets", "/spreadsheets/partners/upload", "/spreadsheets/partnerships/upload", "/spreadsheets/measurements/upload")

	before := missedNow(t)
	pages := map[string][]string{}
	for _, l := range i18n.Languages {
		var got []string
		code, page := s.uploadIn(t, l.Code, "measurements", token, "scb.csv", "indicator;date;value;district;group\n"+
			"Loneliness 75+;2024-12-31;24,5;Rosengård;women\n"+
			"Smoking;2024-12-31;1;;\n")
		if code != http.StatusUnprocessableEntity || !problemColumn.MatchString(page) {
			t.Fatalf("%s: bad rows: %d\n%s", l.Code, code, page)
		}
		got = append(got, page)
		code, page = s.uploadIn(t, l.Code, "partners", token, "one.csv", "organisation,kidn\nA,ngo\n")
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: a misspelt column: %d\n%s", l.Code, code, page)
		}
		got = append(got, page)
		code, page = s.uploadIn(t, l.Code, "partnerships", token, "short.csv", "title,partners\nWalks\nTalks,Nobody (host)\n")
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: a short row and an unknown partner: %d\n%s", l.Code, code, page)
		}
		if l.Code == "ru" && !strings.Contains(page, "ячеек в строке: 1, в заголовке: 2") {
			t.Fatalf("ru: the short row's problem:\n%s", page)
		}
		code, page = s.uploadIn(t, l.Code, "partners", token, "header.csv", "organisation\n")
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: no rows: %d\n%s", l.Code, code, page)
		}
		got = append(got, page)
		code, page = s.uploadIn(t, l.Code, "partnerships", token, "empty.csv", " \n")
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: an empty file: %d\n%s", l.Code, code, page)
		}
		got = append(got, page)
		code, page, _ = s.postIn(t, l.Code, "/spreadsheets/partners/upload", url.Values{"csrf": {token}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: no file: %d\n%s", l.Code, code, page)
		}
		got = append(got, page)
		code, page = s.uploadIn(t, l.Code, "partners", token, "partners.csv", "organisation,kind,sector,visibility\nLunds universitet,academia,education,network\nRöda korset "+l.Code+",ngo,health,network\n")
		if code != http.StatusOK || !strings.Contains(page, `name="upload"`) {
			t.Fatalf("%s: a good file: %d\n%s", l.Code, code, page)
		}
		got = append(got, page)
		m := uploadTokenRe.FindStringSubmatch(page)
		code, _, loc := s.postIn(t, l.Code, "/spreadsheets/partners/confirm", url.Values{"csrf": {token}, "upload": {m[1]}})
		if code != http.StatusSeeOther {
			t.Fatalf("%s: confirm: %d", l.Code, code)
		}
		_, page = s.getIn(t, l.Code, loc)
		got = append(got, page)
		// The same file again is known by its import key: nothing is
		// saved twice, and the page says so.
		_, page = s.uploadIn(t, l.Code, "partners", token, "partners.csv", "organisation,kind,sector,visibility\nLunds universitet,academia,education,network\nRöda korset "+l.Code+",ngo,health,network\n")
		m = uploadTokenRe.FindStringSubmatch(page)
		code, _, loc = s.postIn(t, l.Code, "/spreadsheets/partners/confirm", url.Values{"csrf": {token}, "upload": {m[1]}})
		if code != http.StatusSeeOther {
			t.Fatalf("%s: confirm again: %d", l.Code, code)
		}
		_, page = s.getIn(t, l.Code, loc)
		got = append(got, page)
		code, page, _ = s.postIn(t, l.Code, "/spreadsheets/partners/confirm", url.Values{"csrf": {token}, "upload": {"0123"}})
		if code != http.StatusConflict {
			t.Fatalf("%s: a confirmation of no held file: %d", l.Code, code)
		}
		got = append(got, page)
		for _, p := range got {
			if !strings.Contains(p, `<html lang="`+l.Code+`">`) {
				t.Fatalf("%s: a page in another language:\n%s", l.Code, p)
			}
		}
		pages[l.Code] = got
	}
	missedSince(t, before)

	sv, ru := pages["sv"], pages["ru"]
	mustContain(t, sv[0], "scb.csv har 2 problem. Inget sparades.", `<th scope="col" class="num">Rad</th>`, "Rätta vart och ett av dem")
	// The reader's own problems are translated; the node's (none here)
	// stay in English for now.
	mustContain(t, sv[0], "ett värde gäller en stadsdel eller en grupp, inte båda (raden nämner också &#34;Rosengård&#34;)",
		"okänd indikator &#34;Smoking&#34;: noden har ingen indikator med det namnet")
	mustContain(t, sv[1], "one.csv har 1 problem. Inget sparades.", "Rätta det i kalkylbladet", "okänd kolumn (kolumnerna är id, organisation,")
	mustContain(t, ru[1], "неизвестный столбец (столбцы: id, organisation,")
	mustContain(t, sv[2], "CSV-fil: har en rubrikrad men inga rader under den")
	mustContain(t, sv[3], "CSV-fil: är tom: den behöver en rubrikrad", "varje partnerskap", "<h1>Ladda upp partnerskap</h1>")
	mustContain(t, sv[4], "CSV-fil: måste anges")
	mustContain(t, sv[5], "partners.csv är klar att sparas", "2 rader, inga problem: 2 läggs till, 0 ersätter det noden har", "Spara alla 2 rader")
	mustContain(t, sv[6], "partners.csv sparades: 2 tillagda, 0 ersatta.")
	mustContain(t, sv[7], "partners.csv sparades redan tidigare (2 tillagda, 0 ersatta); inget sparades igen.")
	mustContain(t, sv[8], "finns inte längre kvar")
	mustContain(t, ru[0], "В scb.csv 2 проблемы. Ничего не сохранено.", `<th scope="col">Столбец</th>`)
	mustContain(t, ru[1], "В one.csv 1 проблема. Ничего не сохранено.")
	mustContain(t, ru[5], "partners.csv готов к сохранению", "2 строки, проблем нет: будет добавлено: 2", "Сохранить все 2 строки")
	mustContain(t, ru[6], "partners.csv сохранён: добавлено: 2, заменено: 0.")

	_, page := s.getIn(t, "sv", "/spreadsheets")
	mustContain(t, page, "<h1>Kalkylblad</h1>", "Mätvärden för indikatorer", "Ladda ner partners.csv", "Ladda upp en CSV-fil med mätvärden")
	// The commands stay code wherever the language puts them.
	mustContain(t, page, "och <code>hcctl export</code> och <code>hcctl import</code> skriver och läser samma filer.")
	_, page = s.getIn(t, "en", "/spreadsheets")
	mustContain(t, page, "<p>A downloaded file uploads back unchanged, into this node or another, and <code>hcctl export</code> and <code>hcctl import</code> write and read the same files.</p>")
	_, page = s.getIn(t, "ru", "/spreadsheets/measurements/upload")
	mustContain(t, page, "<h1>Загрузка измерений показателей</h1>", "CSV-файл: измерения", "(обязательно)", "Свободный текст.")
}

// problemColumn is the upload's problem table naming the column group,
// under its column's name in the reader's language.
var problemColumn = regexp.MustCompile(`<td data-label="[^"<>]+"><code>group</code></td>`)
