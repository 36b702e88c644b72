package web

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestComparisonMinusSignInEveryLanguage: a value that fell (17,5 to 16)
// shows its change with the minus sign in every language but English,
// which keeps the hyphen-minus; French, Danish, German, Russian and
// Spanish pages once showed a hyphen where Swedish and Finnish showed
// the minus sign.
func TestComparisonMinusSignInEveryLanguage(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, malmo)
	member(t, h, lund)
	const code = "kolada:N00945"
	codedCity(t, malmo, code, "Loneliness 75+", 18, 17.5, 16)
	codedCity(t, lund, code, "Loneliness 75+", 14, 11.5)
	poll.Until(t, "the hub holds both indicators", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetIndicators() == 2
	})
	srv := servePages(t, h)
	want := map[string]string{
		"en": ">-1.5 <", "sv": ">\u22121,5 <", "da": ">\u22121,5 <", "fi": ">\u22121,5 <",
		"de": ">\u22121,5 <", "fr": ">\u22121,5 <", "ru": ">\u22121,5 <", "es": ">\u22121,5 <",
	}
	inEveryLanguage(t, func(lang string) {
		_, page := getIn(t, srv.URL, lang, "/compare?code="+code)
		if !strings.Contains(page, want[lang]) {
			i := strings.Index(page, `data-label="`)
			t.Errorf("%s: the change of Malmö is not %q:\n%s", lang, want[lang], page[max(0, i):min(len(page), i+1500)])
		}
		if lang != "en" && strings.Contains(page, ">-1") {
			t.Errorf("%s: a hyphen-minus stands for a minus sign", lang)
		}
	})
}
