package web

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestHubPagesTakeTheReadersLanguage: a reader whose browser asks for
// Finnish gets <html lang="fi">, the navigation and footer in Finnish,
// and a switcher naming every language in itself.
func TestHubPagesTakeTheReadersLanguage(t *testing.T) {
	nw := startNetwork(t)
	req, err := http.NewRequest("GET", nw.srv.URL+"/members", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "fi-FI,fi;q=0.9,en;q=0.5")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	page := string(b)
	for _, want := range []string{
		`<html lang="fi">`,
		`<a href="/members" aria-current="page">Jäsenet</a>`,
		`<a href="/search">Haku</a>`,
		"mitä jäsenkaupungit ovat päättäneet jakaa verkoston kanssa",
		`lang="fi" hreflang="fi" aria-current="true">Suomi</a>`,
		`lang="de" hreflang="de">Deutsch</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("Finnish /members lacks %q", want)
		}
	}
	if strings.Contains(page, ">Members</a>") {
		t.Error("the navigation is still in English")
	}
}
