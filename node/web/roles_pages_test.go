package web

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestHeaderNamesTheCity: the header and the page title carry the city's
// name from its profile, and a renamed city shows on the next page.
func TestHeaderNamesTheCity(t *testing.T) {
	s := startAccountSite(t)
	_, page := s.get(t, "/signin")
	mustContain(t, page, `<title>Sign in · Malmö</title>`, `<a class="brand" href="/">Malmö<span class="tagline">Healthy City node</span></a>`)
	s.signInAs(t, "vi")
	_, page = s.get(t, "/practices")
	mustContain(t, page, `<title>Practices · Malmö</title>`, `<a class="brand" href="/">Malmö<span class="tagline">`)
	if strings.Contains(page, ">hcnode<") {
		t.Fatalf("the header still says hcnode:\n%s", page)
	}
	if _, err := s.api.UpdateCity(context.Background(), &hcnetv1.UpdateCityRequest{
		City: &hcnetv1.City{Name: "Malmö stad"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"name"}},
	}); err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, "/")
	mustContain(t, page, `<title>Dashboard · Malmö stad</title>`, `<a class="brand" href="/">Malmö stad<span class="tagline">`)
}

var (
	hrefRe = regexp.MustCompile(`href="(/[^"#]*)`)
	formRe = regexp.MustCompile(`<form[^>]*>`)
	// editRe matches the links that lead to a form changing records.
	editRe = regexp.MustCompile(`href="/[^"]*/(new|edit|remove|delete)\b`)
)

// crawl signs in as name and follows every local link from the
// dashboard, returning each page reached with its HTML: new pages are
// checked without being listed here.
func crawl(t *testing.T, s *accountSite, name string) map[string]string {
	t.Helper()
	s.signInAs(t, name)
	pages := map[string]string{}
	queue := []string{"/"}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		// The language switcher's links set a preference, not a page;
		// the language tests follow them.
		if _, seen := pages[path]; seen || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/lang?") {
			continue
		}
		code, body := s.get(t, path)
		if code == http.StatusSeeOther || code == http.StatusFound {
			// A redirect (the only plan) is followed as a link.
			res, err := s.http.Get(s.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			pages[path] = ""
			queue = append(queue, res.Header.Get("Location"))
			continue
		}
		if code != http.StatusOK {
			t.Fatalf("%s: GET %s: %d\n%s", name, path, code, body)
		}
		pages[path] = body
		for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
			queue = append(queue, html.UnescapeString(m[1]))
		}
	}
	return pages
}

// postForms lists a page's POST forms but the header's sign-out, which
// everyone has.
func postForms(page string) []string {
	var out []string
	for _, f := range formRe.FindAllString(page, -1) {
		if strings.Contains(f, `method="post"`) && !strings.Contains(f, `action="/signout"`) {
			out = append(out, f)
		}
	}
	return out
}

// TestViewerSeesNothingToChange: every page a viewer can reach by
// following links has no form that posts and no link to add, edit or
// remove a record, other than their own password; an editor's pages
// still offer them.
func TestViewerSeesNothingToChange(t *testing.T) {
	s := startAccountSite(t)
	ctx := context.Background()
	s.indicator(t)
	if _, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Healthy schools", s.partner(t, "Malmö stad"))}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Walks for all", "")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: nodetest.Endorsement("01JB6Q8Z3V4W5X6Y7Z8A9B0C1D")}); err != nil {
		t.Fatal(err)
	}

	viewer := crawl(t, s, "vi")
	var indicators int
	for path, page := range viewer {
		if strings.HasPrefix(path, "/indicators/") {
			indicators++
		}
		if path == "/password" {
			continue // a viewer changes their own password
		}
		if f := postForms(page); len(f) > 0 {
			t.Errorf("viewer's %s has POST forms: %q", path, f)
		}
		if m := editRe.FindAllString(page, -1); len(m) > 0 {
			t.Errorf("viewer's %s links to changes: %q", path, m)
		}
		if strings.Contains(page, "Add a partnership") || strings.Contains(page, "Add the first one") || strings.Contains(page, "Record a measurement") {
			t.Errorf("viewer's %s offers to add records", path)
		}
	}
	// The crawl reached the pages that had forms, so their absence means
	// something.
	for _, want := range []string{"/", "/practices", "/password", "/indicators", "/successes", "/endorsements"} {
		if _, ok := viewer[want]; !ok {
			t.Fatalf("the viewer's crawl missed %s: %v", want, keys(viewer))
		}
	}
	if indicators == 0 {
		t.Fatalf("the viewer's crawl reached no indicator: %v", keys(viewer))
	}

	signOut(t, s)
	editor := crawl(t, s, "ed")
	for _, tc := range []struct{ path, want string }{
		{"/", `href="/partnerships/new"`},
		{"/", `/edit">Edit`},
		{"/practices", `href="/practices/new"`},
		{"/practices", `/edit">Edit`},
	} {
		mustContain(t, editor[tc.path], tc.want)
	}
	for _, p := range []string{"/partnerships/new", "/practices/new"} {
		if f := postForms(editor[p]); len(f) != 1 {
			t.Errorf("editor's %s: POST forms %q, want one", p, f)
		}
	}
	var measurementForm bool
	for path, page := range editor {
		if strings.HasPrefix(path, "/indicators/") && len(postForms(page)) == 1 {
			measurementForm = true
		}
	}
	if !measurementForm {
		t.Error("the editor's indicator pages have no measurement form")
	}
}

func signOut(t *testing.T, s *accountSite) {
	t.Helper()
	_, page := s.get(t, "/")
	if code, body, _ := s.post(t, "/signout", map[string][]string{"csrf": {csrf(t, page)}}); code != http.StatusSeeOther {
		t.Fatalf("sign out: %d\n%s", code, body)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
