package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
)

// namingCity is the node as its pages reach it, with the hub's answer
// about the successes naming the city given by the test: what the hub
// would list, endorsed or not.
type namingCity struct {
	hcnetv1.CityServiceClient
	named []*hcnetv1.NamingSuccess
	// asked records whether the pages asked for the endorsed ones too.
	asked []bool
}

func (c *namingCity) ListEndorsementRequests(_ context.Context, in *hcnetv1.ListEndorsementRequestsRequest, _ ...grpc.CallOption) (*hcnetv1.ListEndorsementRequestsResponse, error) {
	c.asked = append(c.asked, in.GetIncludeEndorsed())
	return &hcnetv1.ListEndorsementRequestsResponse{Successes: c.named}, nil
}

// startNamingSite is startSite with the hub's answer replaced by named.
func startNamingSite(t *testing.T, named []*hcnetv1.NamingSuccess) (*site, *namingCity) {
	t.Helper()
	n := nodetest.Start(t)
	city := &namingCity{CityServiceClient: hcnetv1.NewCityServiceClient(n.Conn(t, "")), named: named}
	h, err := New(city, n.Token, Options{Pending: n.Node.Store.PendingRecords, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &site{node: n, api: n.Client(t), handler: h, srv: srv, http: c}, city
}

// TestEndorsementsNamedByTitleAndCity: the endorsements given are listed
// by the success's title and its city's name as the hub gives them, in
// Swedish, with the id under the title; one the hub does not name
// falls back to its ids. The endorsement's own page and the hub page
// name it the same way, and the success still waiting is the only one offered.
func TestEndorsementsNamedByTitleAndCity(t *testing.T) {
	const lundID, aarhusID, waitingID = "01JCPHSXCCESS0000000000001", "01JCPHSXCCESS0000000000002", "01JCPHSXCCESS0000000000003"
	s, city := startNamingSite(t, []*hcnetv1.NamingSuccess{
		{Country: "se", CityId: "lund", CityName: "Lund", Success: &hcnetv1.Success{Id: lundID, Title: "Cykelvägar över <kommungränsen>"}},
		{Country: "se", CityId: "lund", CityName: "Lund", Success: &hcnetv1.Success{Id: waitingID, Title: "Skolgårdar för alla"}},
	})
	s.signIn(t)
	ctx := context.Background()
	lund := nodetest.Endorsement(lundID)
	lund.Success.Country, lund.Success.CityId = "se", "lund"
	var ids []string
	for _, e := range []*hcnetv1.Endorsement{lund, nodetest.Endorsement(aarhusID)} {
		res, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: e})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.GetEndorsement().GetId())
	}

	_, page := s.getIn(t, "sv", "/endorsements")
	given := page[strings.Index(page, `id="given"`):]
	mustContain(t, given, ">Cykelvägar över &lt;kommungränsen&gt;</a><span class=\"hint\">Framgång "+lundID+"</span>",
		"<td>Lund</td>", ">Framgång "+aarhusID+"</a></th><td>dk/copenhagen</td>")
	if strings.Contains(given, "se/lund") {
		t.Errorf("the named endorsement is shown by its ids:\n%s", given)
	}
	waiting := page[strings.Index(page, `id="waiting"`):strings.Index(page, `id="given"`)]
	if !strings.Contains(waiting, `name="success" value="`+waitingID+`"`) || strings.Contains(waiting, lundID) {
		t.Errorf("the waiting list:\n%s", waiting)
	}

	_, page = s.getIn(t, "sv", "/endorsements/"+ids[0])
	mustContain(t, page, "<h1>Bekräftelse av ”Cykelvägar över &lt;kommungränsen&gt;” från Lund</h1>",
		"<dd>Lund (se/lund)</dd>", "<dd>Cykelvägar över &lt;kommungränsen&gt; ("+lundID+")</dd>")
	_, page = s.getIn(t, "sv", "/endorsements/"+ids[1])
	mustContain(t, page, "<h1>Bekräftelse av framgång "+aarhusID+" från dk/copenhagen</h1>", "<dd>dk/copenhagen</dd>", "<dd>"+aarhusID+"</dd>")

	_, page = s.getIn(t, "sv", "/hub")
	mustContain(t, page, "Bekräftelse av ”Cykelvägar över &lt;kommungränsen&gt;” från Lund", "Bekräftelse av framgång "+aarhusID+" från dk/copenhagen")
	if strings.Contains(page, "Endorsement of") {
		t.Errorf("the hub page names an endorsement in English:\n%s", page)
	}
	for i, all := range city.asked {
		if !all {
			t.Errorf("question %d left out the successes endorsed already", i+1)
		}
	}
}
