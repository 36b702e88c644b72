package web

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// An officer reading the pages in Finnish writes a new practice in
// Finnish: the language field starts there, not in English, so a
// practice left as it is does not go out labelled as English.
func TestNewPracticeStartsInTheReadersLanguage(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	_, page := s.get(t, "/practices/new")
	mustContain(t, page, `name="language" value="en"`)
	for _, lang := range []string{"fi", "sv"} {
		s.get(t, "/lang?to="+lang+"&back=/")
		_, page = s.get(t, "/practices/new")
		mustContain(t, page, `name="language" value="`+lang+`"`)
	}
}

// The edit form names the practice's first language in words, in one
// sentence of the reader's language, where it showed a bare tag.
func TestPracticeEditFormNamesItsFirstLanguage(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	res, err := s.api.CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPractice().GetId()
	_, page := s.get(t, "/practices/"+id+"/edit")
	mustContain(t, page, "The texts below are in Swedish (sv), the language the practice was first written in.",
		`<a href="/practices/`+id+`#texts">Its translations are on the practice&#39;s page.</a>`)
	s.get(t, "/lang?to=fi&back=/")
	_, page = s.get(t, "/practices/"+id+"/edit")
	mustContain(t, page, "Alla olevat tekstit ovat kielellä ruotsi (sv), jolla käytäntö alun perin kirjoitettiin.")
}
