package fedtest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/hub/ingest"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/mmcdole/gofeed"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// badRecord is a record a hostile member signs with its real key: valid
// in every way but one value, which its own node would have refused.
type badRecord struct {
	title string
	// word is in the record's title only, to search for it.
	word string
	// field is what the quarantine reason must name.
	field string
	rec   func(p *hcnetv1.Practice, word string) *hcnetv1.SharedRecord
	// signed is when the record says it was signed (zero: now).
	signed time.Time
}

func sharedPractice(p *hcnetv1.Practice) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: p}}
}

// badRecords are the values a hub once stored whatever they were.
var badRecords = []badRecord{
	{title: "sector 9999", word: "zqsector", field: "practice.sectors[0]", rec: func(p *hcnetv1.Practice, _ string) *hcnetv1.SharedRecord {
		p.Sectors = []hcnetv1.Sector{9999}
		return sharedPractice(p)
	}},
	{title: "status 99", word: "zqstatus", field: "practice.status", rec: func(p *hcnetv1.Practice, _ string) *hcnetv1.SharedRecord {
		p.Status = 99
		return sharedPractice(p)
	}},
	{title: "SDG 999", word: "zqsdg", field: "practice.sdg.goals[0]", rec: func(p *hcnetv1.Practice, _ string) *hcnetv1.SharedRecord {
		p.Sdg = &hcnetv1.SdgTags{Goals: []int32{999}}
		return sharedPractice(p)
	}},
	{title: "language tag <script>", word: "zqlang", field: `practice.texts["<script>"]`, rec: func(p *hcnetv1.Practice, word string) *hcnetv1.SharedRecord {
		p.Texts["<script>"] = &hcnetv1.PracticeText{Title: "Script " + word}
		return sharedPractice(p)
	}},
	{title: "5,000 partners of a practice", word: "zqpartners", field: "practice.partners", rec: func(p *hcnetv1.Practice, _ string) *hcnetv1.SharedRecord {
		for i := range 5000 {
			p.Partners = append(p.Partners, fmt.Sprintf("Partner %d", i))
		}
		return sharedPractice(p)
	}},
	{title: "5,000 partners of a partnership", word: "zqpartnership", field: "partnership.partners", rec: func(p *hcnetv1.Practice, word string) *hcnetv1.SharedRecord {
		ps := &hcnetv1.Partnership{
			Id: p.GetId(), Version: p.GetVersion(), Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Title: "Samverkan " + word,
			Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS, Status: hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		}
		sp := &hcnetv1.SharedPartnership{Partnership: ps}
		for range 5000 {
			sp.Partners = append(sp.Partners, &hcnetv1.SharedPartner{Organisation: "Förening", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO, Sector: hcnetv1.Sector_SECTOR_HEALTH})
		}
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: sp}}
	}},
	{title: "signed in 2099", word: "zqfuture", field: "sign_time", signed: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
		rec: func(p *hcnetv1.Practice, _ string) *hcnetv1.SharedRecord { return sharedPractice(p) }},
}

// sealBad signs b's record as city with kp, public, and returns its
// subject and envelope.
func sealBad(t *testing.T, kp nkeys.KeyPair, city string, b badRecord) (string, []byte) {
	t.Helper()
	id := ulid.Make().String()
	p := practice("Praktik "+b.word, hcnetv1.Visibility_VISIBILITY_PUBLIC)
	p.Id, p.Version, p.Contacts = id, 1, nil
	rec := b.rec(p, b.word)
	kind := "practice"
	if rec.GetPartnership() != nil {
		kind = "partnership"
	}
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: city, Kind: kind, Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}
	signed := b.signed
	if signed.IsZero() {
		signed = time.Now()
	}
	env, err := envelope.Seal(kp, h, rec, signed)
	if err != nil {
		t.Fatal(err)
	}
	data, err := proto.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return subject.Record("se", city, kind, id), data
}

// quarantineReason waits for the hub to quarantine what came on subj.
func quarantineReason(t *testing.T, h *hubtest.Hub, subj string) string {
	t.Helper()
	var reason string
	poll.Until(t, "quarantine of "+subj, func() bool {
		return h.Hub.Store.DB().Read.QueryRow(`SELECT reason FROM quarantine WHERE subject = ?`, subj).Scan(&reason) == nil
	})
	return reason
}

// TestHostileMemberValuesAreQuarantined: an approved member signs, with
// its real key, records its node would have refused, and publishes them
// with its own credentials. The hub quarantines each, naming the field;
// none is stored, found by search or shown in the Atom feed, and the
// feed's updated is not the member's 2099.
func TestHostileMemberValuesAreQuarantined(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	member(t, h, malmo, true)
	kp := nodeKey(t, malmo)
	nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: kp, Name: "malmo-hostile"})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()

	for _, b := range badRecords {
		t.Run(b.title, func(t *testing.T) {
			subj, data := sealBad(t, kp, "malmo", b)
			if err := publish(t, nc, subj, data); err != nil {
				t.Fatal(err)
			}
			reason := quarantineReason(t, h, subj)
			t.Logf("quarantined: %s", reason)
			if !strings.Contains(reason, b.field) {
				t.Fatalf("quarantined for %q, want a reason naming %s", reason, b.field)
			}
			if v := hubVersion(t, h, subj[strings.LastIndex(subj, ".")+1:]); v != 0 {
				t.Fatalf("refused record stored at version %d", v)
			}
		})
	}

	// A valid record after them: once it is in, ingest has been past them.
	good := share(t, h, malmo.Client(t), "Praktik zqgood", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	for _, b := range append(badRecords, badRecord{word: "zqgood"}) {
		res, err := h.Client(t).SearchPractices(ctx, &hcnetv1.SearchPracticesRequest{Query: b.word,
			Filter: &hcnetv1.SearchFilter{Kinds: []string{"practice", "partnership"}}})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if b.word == "zqgood" {
			want = 1
		}
		if len(res.GetHits()) != want {
			t.Errorf("search %s: %d hits, want %d", b.word, len(res.GetHits()), want)
		}
	}
	srv := feedServer(t, h)
	for _, query := range []string{"", "?kind=partnership"} {
		f, err := gofeed.NewParser().ParseURL(srv.URL + "/feed.atom" + query)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range f.Items {
			if !strings.HasSuffix(it.GUID, "/"+good.GetId()) {
				t.Errorf("feed%s lists %s (%s)", query, it.GUID, it.Title)
			}
		}
		if f.UpdatedParsed == nil || f.UpdatedParsed.After(time.Now().Add(ingest.MaxSignSkew)) {
			t.Errorf("feed%s updated %v", query, f.UpdatedParsed)
		}
	}
}

// TestRegionalHubQuarantinesForwardedValues: a record with a bad value
// that reaches the regional hub from below (here published there
// directly, as a national hub that did not check would forward it),
// signed by a city the national hub vouches for, is refused there by the
// same check.
func TestRegionalHubQuarantinesForwardedValues(t *testing.T) {
	f := startThreeLevels(t)
	poll.Until(t, "the regional hub knows Malmö's key", func() bool {
		var n int
		err := f.regional.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM attested_keys WHERE country = 'se' AND city_id = 'malmo'`).Scan(&n)
		return err == nil && n == 1
	})
	kp := nodeKey(t, f.city)
	nc := hubNATS(t, f.regional)
	for _, b := range badRecords {
		t.Run(b.title, func(t *testing.T) {
			subj, data := sealBad(t, kp, "malmo", b)
			if err := publish(t, nc, subj, data); err != nil {
				t.Fatal(err)
			}
			if reason := quarantineReason(t, f.regional, subj); !strings.Contains(reason, b.field) {
				t.Fatalf("quarantined for %q, want a reason naming %s", reason, b.field)
			}
			if v := hubVersion(t, f.regional, subj[strings.LastIndex(subj, ".")+1:]); v != 0 {
				t.Fatalf("refused record stored at version %d", v)
			}
		})
	}
}
