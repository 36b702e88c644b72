package web

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/poll"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestRecordPagesInEveryLanguage renders the pages of shared records (a
// city, a partnership with a partner the city does not name, a plan, an
// indicator with district series, a mutual success and one not yet
// mutual, an endorsement, a practice), the comparison of a code, the
// equity matrix, the network's gaps and both with a threshold refused, in
// every language, and fails on any message a catalogue lacks. Swedish
// and Russian are read: the pages' own words, the vocabulary, the
// chart's words and the threshold's error.
func TestRecordPagesInEveryLanguage(t *testing.T) {
	sc := startSharedCities(t)
	ctx := context.Background()
	codedCity(t, sc.malmo, "kolada:N00945", "Loneliness 75+", 18, 17.5, 16)
	poll.Until(t, "the hub holds the coded indicator", func() bool {
		st, err := sc.hub.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetIndicators() == 2
	})
	rec := "/records/se/malmo/"
	paths := map[string]string{
		"city":        "/cities/se/malmo",
		"partnership": rec + sc.partnership,
		"plan":        rec + sc.plan,
		"indicator":   rec + sc.indicator,
		"success":     rec + sc.succes,
		"abroad":      rec + sc.abroad,
		"endorsement": "/records/se/lund/" + sc.endorsement,
		"practice":    rec + sc.practice,
		"codes":       "/compare",
		"compare":     "/compare?code=kolada:N00945",
		"bad code":    "/compare?code=N00945",
		"matrix":      "/cities/se/malmo/equity",
		"by target":   "/cities/se/malmo/equity?against=target",
		"gaps":        "/gaps",
		"bad matrix":  "/cities/se/malmo/equity?threshold=abc",
		"bad gaps":    "/gaps?threshold=500",
		"no city":     "/cities/se/nowhere/equity",
	}
	pages := map[string]map[string]string{}
	inEveryLanguage(t, func(lang string) {
		pages[lang] = map[string]string{}
		for _, p := range paths {
			_, pages[lang][p] = getIn(t, sc.srv.URL, lang, p)
		}
	})
	for lang, wants := range map[string]map[string][]string{
		"sv": {
			"partnership": {"partnerskap från", ">Inte namngiven<", "1 partner visas bara med sin roll", "Om partnerskapet", "<h2>Ursprung</h2>", "signerad av stadens nod", "Nämns av"},
			"plan":        {"Åtgärdernas framsteg", `<span class="status red">försenad</span>`, "Av 4 åtgärder.", "Mål: Fewer older people feel lonely"},
			"indicator":   {"Uppmätta värden för Loneliness among residents 75+ i % över tid", "<summary>Siffrorna som tabell</summary>", "Stadsdel: Rosengård", "lägre är bättre", "Senaste värden"},
			"success":     {"Gemensam framgång", "1 av 1 partnerstad har bekräftat den här framgången"},
			"abroad":      {"Ännu inte gemensam", "0 av 1 partnerstad har bekräftat"},
			"endorsement": {"Bekräftad den", "en framgång för"},
			"practice":    {"Om det goda exemplet", "<h2>Övertaganden</h2>"},
			"city":        {"Vad staden delar", "Hälsoplaner", "Statistik för den här staden", "Jämlikhetsmatris"},
			"codes":       {"Koder som rapporteras av mer än en stad", "system:kod, till exempel kolada:N00945"},
			"compare":     {"<h1>Städer jämförda på kolada:N00945</h1>", "kolada:N00945: hela stadens värden, en linje per stad", "Avstånd till målet"},
			"bad code":    {"Det finns ett problem"},
			"matrix":      {"<h1>Jämlikhetsmatris för Malmö</h1>", "34,4\u00a0% sämre än staden", "79,2\u00a0% från målet", "% · lägre är bättre", "Stadsdel: Rosengård"},
			"by target":   {"Skillnader mot målet", "långt från målet"},
			"gaps":        {"34,4\u00a0% sämre", "2 stadsdelar och grupper är sämre än sin stad med mer än 10\u00a0%.", "högre än staden; lägre är bättre"},
			"bad matrix":  {"Ange tröskelvärdet som ett antal procent, till exempel 10."},
			"bad gaps":    {"Ange ett tröskelvärde från 1 till 100 procent."},
			"no city":     {"Hubben har inget från den här staden."},
		},
		"ru": {
			"partnership": {"партнёрство, город", ">Не назван<", "1 партнёр показан только своей ролью", "Происхождение", "подписано узлом города"},
			"plan":        {"Из 4 мероприятий.", `<span class="status red">с задержкой</span>`},
			"indicator":   {"Измеренные значения показателя «Loneliness among residents 75+» (%)", "<summary>Данные в виде таблицы</summary>", "Район: Rosengård", "чем ниже, тем лучше"},
			"success":     {"Общий успех"},
			"endorsement": {"успех города"},
			"city":        {"Чем делится город", "Планы здоровья"},
			"compare":     {"1 город-участник передаёт показатели с кодом kolada:N00945.", "Измеренные значения по всему городу для каждого города-участника"},
			"matrix":      {"<h1>Матрица равенства: Malmö</h1>", "на 34,4\u00a0% хуже, чем город", "чем ниже, тем лучше"},
			"gaps":        {"на 34,4\u00a0% хуже", "2 района и группы хуже своего города более чем на 10\u00a0%."},
			"bad gaps":    {"Укажите порог от 1 до 100 процентов."},
			"bad matrix":  {"Укажите порог числом процентов, например 10."},
		},
	} {
		for page, ws := range wants {
			got := pages[lang][paths[page]]
			for _, w := range ws {
				if !strings.Contains(got, w) {
					t.Errorf("%s %s lacks %q", lang, page, w)
				}
			}
		}
	}
	// No page of figures breaks a percentage between its number and its
	// sign. (The other pages quote what cities wrote, as they wrote it.)
	for lang, byPath := range pages {
		for _, page := range []string{"matrix", "by target", "gaps", "bad matrix", "bad gaps", "compare", "plan", "indicator"} {
			for _, bad := range percentSpacing(lang, byPath[paths[page]]) {
				t.Errorf("%s %s: %q sets its percent sign off wrongly", lang, page, bad)
			}
		}
	}
}
