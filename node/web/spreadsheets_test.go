package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// upload posts a file to a sheet's upload page as a browser does
// (multipart, with the form's CSRF token) and returns the status and page.
func (s *site) upload(t *testing.T, sheet, token, name, content string) (int, string) {
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
	res, err := s.http.Post(s.srv.URL+"/spreadsheets/"+sheet+"/upload", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var uploadTokenRe = regexp.MustCompile(`name="upload" value="([0-9a-f]+)"`)

// confirm posts the confirmation a checked file's page offers.
func (s *site) confirm(t *testing.T, sheet, token, page string) (int, string, string) {
	t.Helper()
	m := uploadTokenRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page offers no confirmation:\n%s", page)
	}
	return s.post(t, "/spreadsheets/"+sheet+"/confirm", url.Values{"csrf": {token}, "upload": {m[1]}})
}

func (s *site) partnerCount(t *testing.T) int {
	t.Helper()
	ps, err := allPartners(context.Background(), s.api)
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

// TestUploadWithBadRowsSavesNothing: a file with bad rows is refused
// whole, and the page lists every bad row with its line and column in
// one pass: those the file shows (an unknown kind) and those the node
// finds (a website that is not http), and offers no confirmation.
func TestUploadWithBadRowsSavesNothing(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	s.partner(t, "Malmö stad")

	code, page := s.get(t, "/spreadsheets/partners/upload")
	if code != http.StatusOK {
		t.Fatalf("upload page: %d", code)
	}
	mustContain(t, page, `enctype="multipart/form-data"`, `<label for="file">CSV file of partners</label>`,
		`<dt><code>organisation</code> (required)</dt>`, `<code>contact_name, contact_role, contact_email, contact_phone</code>`)

	code, page = s.upload(t, "partners", token, "partners <2025>.csv", "organisation,kind,sector,visibility,website\n"+
		"Röda korset,ngo,health,network,https://redcross.example.se\n"+
		"Lunds universitet,charity,education,public,\n"+
		"IFK Malmö,ngo,sport,network,ftp://ifk.example.se\n"+
		"Region Skåne,public_agency,health,public,\n")
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a file with bad rows: %d\n%s", code, page)
	}
	mustContain(t, page, "partners &lt;2025&gt;.csv has 2 problems. Nothing was saved.",
		`<td class="num" data-label="Line">3</td><td data-label="Column"><code>kind</code></td><td data-label="Problem">`, `charity`,
		`<td class="num" data-label="Line">4</td><td data-label="Column"><code>website</code></td><td data-label="Problem">`)
	if uploadTokenRe.MatchString(page) {
		t.Fatal("a file with problems is offered for saving")
	}
	if n := s.partnerCount(t); n != 1 {
		t.Fatalf("%d partners after a refused file; want the 1 there was", n)
	}

	// A file without a file, and one with a misspelt column.
	code, page, _ = s.post(t, "/spreadsheets/partners/upload", url.Values{"csrf": {token}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("no file: %d", code)
	}
	mustContain(t, page, `<a href="#file">CSV file: is required`)
	code, page = s.upload(t, "partners", token, "p.csv", "organisation,kidn\nA,ngo\n")
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("misspelt column: %d", code)
	}
	mustContain(t, page, `<td class="num" data-label="Line">1</td><td data-label="Column"><code>kidn</code></td><td data-label="Problem">unknown column`)

	// Measurements: a row naming both a district and a group, an
	// unknown indicator, an impossible date the node refuses.
	s.indicatorNamed(t, "Loneliness 75+")
	code, page = s.upload(t, "measurements", token, "scb.csv", "indicator;date;value;district;group\n"+
		"Loneliness 75+;2024-12-31;17,9;;\n"+
		"Loneliness 75+;2024-12-31;24,5;Rosengård;women\n"+
		"Smoking;2024-12-31;1;;\n"+
		"Loneliness 75+;2024-02-30;1;Limhamn;\n")
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("measurements with bad rows: %d\n%s", code, page)
	}
	mustContain(t, page, "scb.csv has 3 problems. Nothing was saved.",
		`<td class="num" data-label="Line">3</td><td data-label="Column"><code>group</code></td><td data-label="Problem">a value is for a district or a group, not both`,
		`<td class="num" data-label="Line">4</td><td data-label="Column"><code>indicator</code></td><td data-label="Problem">unknown indicator &#34;Smoking&#34;`,
		`<td class="num" data-label="Line">5</td><td data-label="Column"><code>date</code></td>`)
}

// indicatorNamed adds a plan and an indicator of it with the name.
func (s *site) indicatorNamed(t *testing.T, name string) *hcnetv1.Indicator {
	t.Helper()
	ctx := context.Background()
	plan, err := s.api.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Plan " + name)})
	if err != nil {
		t.Fatal(err)
	}
	ind, err := s.api.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(plan.GetHealthPlan().GetId(), "g1", name)})
	if err != nil {
		t.Fatal(err)
	}
	return ind.GetIndicator()
}

// TestUploadPreviewThenConfirmOnce: a good file is shown with what saving
// it will do and saved only on confirmation, all at once; confirming
// again (a second click) saves nothing twice.
func TestUploadPreviewThenConfirmOnce(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	code, page := s.upload(t, "partners", token, "partners.csv", "organisation;kind;sector;visibility;description\n"+
		"Röda korset;ngo;social_services;network;\"Träffar, kaffe\"\n"+
		"Lunds universitet;academia;education;public;\n")
	if code != http.StatusOK {
		t.Fatalf("a good file: %d\n%s", code, page)
	}
	mustContain(t, page, "partners.csv is ready to save", "2 rows, no problems: 2 will be added, 0 will replace what this node has", "Save all 2 rows")
	if n := s.partnerCount(t); n != 0 {
		t.Fatalf("checking the file saved %d partners", n)
	}

	code, body, loc := s.confirm(t, "partners", token, page)
	if code != http.StatusSeeOther || loc != "/partners" {
		t.Fatalf("confirm: %d to %q\n%s", code, loc, body)
	}
	if n := s.partnerCount(t); n != 2 {
		t.Fatalf("%d partners after the confirmation; want 2", n)
	}
	_, list := s.get(t, "/partners")
	mustContain(t, list, "Saved partners.csv: 2 added, 0 replaced.", "Röda korset", "Lunds universitet")

	code, _, loc = s.confirm(t, "partners", token, page)
	if code != http.StatusSeeOther || loc != "/partners" {
		t.Fatalf("second confirm: %d to %q", code, loc)
	}
	if n := s.partnerCount(t); n != 2 {
		t.Fatalf("%d partners after confirming twice; want 2", n)
	}
	_, list = s.get(t, "/partners")
	mustContain(t, list, "partners.csv was saved before (2 added, 0 replaced); nothing was saved again.")

	// A confirmation naming a file that is not held saves nothing.
	code, body, _ = s.post(t, "/spreadsheets/partners/confirm", url.Values{"csrf": {token}, "upload": {"00ff"}})
	if code != http.StatusConflict || !strings.Contains(body, "is no longer held") {
		t.Fatalf("confirming an unknown file: %d\n%s", code, body)
	}
}

// TestViewerCannotUpload: a viewer may download but neither open the
// upload page, nor check a file, nor confirm one: 403 each time, and
// nothing is saved.
func TestViewerCannotUpload(t *testing.T) {
	s := startAccountSite(t)
	token := s.signInAs(t, "vi")
	if code, _ := s.get(t, "/spreadsheets/partners.csv"); code != http.StatusOK {
		t.Fatalf("a viewer's download: %d", code)
	}
	_, page := s.get(t, "/spreadsheets")
	if strings.Contains(page, "/upload") {
		t.Fatal("the viewer's spreadsheets page links to an upload")
	}
	if code, _ := s.get(t, "/spreadsheets/partners/upload"); code != http.StatusForbidden {
		t.Fatalf("a viewer's upload page: %d", code)
	}
	if code, body := s.upload(t, "partners", token, "p.csv", "organisation\nRöda korset\n"); code != http.StatusForbidden {
		t.Fatalf("a viewer's upload: %d\n%s", code, body)
	}
	if code, _, _ := s.post(t, "/spreadsheets/partners/confirm", url.Values{"csrf": {token}, "upload": {"00"}}); code != http.StatusForbidden {
		t.Fatalf("a viewer's confirmation: %d", code)
	}
	if n := s.partnerCount(t); n != 0 {
		t.Fatalf("a viewer saved %d partners", n)
	}

	// An editor's file is not the viewer's to confirm: tokens are per session.
	signOut(t, s)
	edToken := s.signInAs(t, "ed")
	_, page = s.upload(t, "partners", edToken, "p.csv", "organisation,kind,sector,visibility\nRöda korset,ngo,health,network\n")
	signOut(t, s)
	viToken := s.signInAs(t, "vi")
	if code, _, _ := s.confirm(t, "partners", viToken, page); code != http.StatusForbidden {
		t.Fatalf("a viewer confirming an editor's file: %d", code)
	}
	if n := s.partnerCount(t); n != 0 {
		t.Fatalf("%d partners saved", n)
	}
}

// TestDownloadUploadRoundTrip: each list downloads as the CSV hcctl
// export writes (formula-like names escaped), and the downloads upload
// into another node to the same files; measurements uploaded back onto
// their own node change nothing.
func TestDownloadUploadRoundTrip(t *testing.T) {
	from := startSite(t)
	token := from.signIn(t)
	ctx := context.Background()
	p1 := from.partner(t, "=HYPERLINK(\"http://evil.example\")")
	p2 := from.partner(t, "Region Skåne (RS)")
	ps := nodetest.Partnership("Promenader, varje vecka", p1, p2)
	if _, err := from.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: ps}); err != nil {
		t.Fatal(err)
	}
	ind := from.indicatorNamed(t, "Loneliness 75+")
	for _, m := range []*hcnetv1.Measurement{
		{Date: "2024-12-31", Value: 17.9, Source: "SCB"},
		{Date: "2024-12-31", Value: 24.5, Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: "Rosengård"}},
	} {
		if _, err := from.api.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: m}); err != nil {
			t.Fatal(err)
		}
	}

	files := map[string]string{}
	for _, name := range []string{"partners", "partnerships", "measurements"} {
		res, err := from.http.Get(from.srv.URL + "/spreadsheets/" + name + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			res.Header.Get("Content-Disposition") != `attachment; filename="`+name+`.csv"` {
			t.Fatalf("download %s: %d %v\n%s", name, res.StatusCode, res.Header, b)
		}
		files[name] = string(b)
	}
	if want := strings.Join(csvio.PartnerColumns(), ",") + "\n"; !strings.HasPrefix(files["partners"], want) {
		t.Fatalf("partners download does not start with hcctl export's header %q:\n%s", want, files["partners"])
	}
	mustContain(t, files["partners"], `"'=HYPERLINK(""http://evil.example"")"`)
	mustContain(t, files["partnerships"], "Promenader, varje vecka", "Region Skåne (RS) (partner)")
	if want := "indicator,date,value,district,group,source,note\nLoneliness 75+,2024-12-31,17.9,,,SCB,\nLoneliness 75+,2024-12-31,24.5,Rosengård,,,\n"; files["measurements"] != want {
		t.Fatalf("measurements download:\n%s\nwant:\n%s", files["measurements"], want)
	}

	// Measurements back onto their own node: every row already there.
	_, page := from.upload(t, "measurements", token, "measurements.csv", files["measurements"])
	mustContain(t, page, "2 rows, no problems: 0 will be added, 0 will replace what this node has, 2 are already on this node and change nothing")
	if code, _, _ := from.confirm(t, "measurements", token, page); code != http.StatusSeeOther {
		t.Fatalf("confirm measurements: %d", code)
	}
	if got, _ := from.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: ind.GetId()}); got.GetIndicator().GetVersion() != 3 {
		t.Fatalf("unchanged measurements wrote the indicator: version %d, want 3", got.GetIndicator().GetVersion())
	}

	// Partners and partnerships into another node, and down again.
	to := startSite(t)
	toToken := to.signIn(t)
	for _, name := range []string{"partners", "partnerships"} {
		code, page := to.upload(t, name, toToken, name+".csv", files[name])
		if code != http.StatusOK {
			t.Fatalf("upload %s into another node: %d\n%s", name, code, page)
		}
		if code, body, _ := to.confirm(t, name, toToken, page); code != http.StatusSeeOther {
			t.Fatalf("confirm %s: %d\n%s", name, code, body)
		}
		_, again := to.get(t, "/spreadsheets/"+name+".csv")
		if again != files[name] {
			t.Fatalf("%s differ after the round trip:\n%s\nvs\n%s", name, files[name], again)
		}
	}
}

// TestUploadRefusals: an upload without the form's CSRF token, and one
// larger than the pages take, are refused before the file is read.
func TestUploadRefusals(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	if code, _ := s.upload(t, "partners", "not the token", "p.csv", "organisation,kind,sector,visibility\nA,ngo,health,network\n"); code != http.StatusForbidden {
		t.Fatalf("an upload without the CSRF token: %d", code)
	}
	// The length a request declares is refused before its body is read.
	req := httptest.NewRequest(http.MethodPost, "/spreadsheets/partners/upload", strings.NewReader("--b--"))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	req.ContentLength = maxUpload + 1<<20
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "larger than 16 MB") {
		t.Fatalf("a too large upload: %d\n%s", rec.Code, rec.Body)
	}
	if n := s.partnerCount(t); n != 0 {
		t.Fatalf("%d partners saved", n)
	}
}
