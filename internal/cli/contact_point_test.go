package cli

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// TestContactPointFlags: city update and practice add publish a contact
// point through its flags and show it; a named person without the day
// they agreed is refused naming --contact-point-agreed, and
// --no-contact-point removes it, the private coordinator staying.
func TestContactPointFlags(t *testing.T) {
	n := nodetest.Start(t)
	ok(t, n, "city", "update", "--coordinator-name", "Private Person")
	stderr := fails(t, n, "city", "update", "--contact-point-kind", "person", "--contact-point-name", "Åsa Öberg", "--contact-point-email", "asa@malmo.se")
	if !strings.Contains(stderr, "--contact-point-agreed") {
		t.Fatalf("a person who did not agree: %s", stderr)
	}
	city := decode(t, ok(t, n, "city", "update", "-o", "json", "--contact-point-kind", "person", "--contact-point-name", "Åsa Öberg",
		"--contact-point-email", "asa@malmo.se", "--contact-point-agreed", "2026-11-02"), &hcnetv1.UpdateCityResponse{}).GetCity()
	want := &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON, Name: "Åsa Öberg", Email: "asa@malmo.se", AgreedDate: "2026-11-02"}
	if !proto.Equal(city.GetContactPoint(), want) || city.GetCoordinator().GetName() != "Private Person" {
		t.Fatalf("city after update: %v", city)
	}
	if out := ok(t, n, "city", "get"); !strings.Contains(out, "Åsa Öberg, asa@malmo.se (person, agreed 2026-11-02)") {
		t.Fatalf("city get does not show the contact point:\n%s", out)
	}
	if stderr := fails(t, n, "city", "update", "--no-contact-point", "--contact-point-email", "x@malmo.se"); !strings.Contains(stderr, "not both") {
		t.Fatalf("remove and change at once: %s", stderr)
	}
	city = decode(t, ok(t, n, "city", "update", "-o", "json", "--no-contact-point"), &hcnetv1.UpdateCityResponse{}).GetCity()
	if city.GetContactPoint() != nil || city.GetCoordinator().GetName() != "Private Person" {
		t.Fatalf("city after --no-contact-point: %v", city)
	}

	p := decode(t, ok(t, n, "practice", "add", "-o", "json", "--lang", "en", "--title", "Walks", "--status", "ongoing", "--visibility", "public",
		"--contact-point-kind", "mailbox", "--contact-point-name", "Walks team", "--contact-point-email", "walks@malmo.se"), &hcnetv1.CreatePracticeResponse{}).GetPractice()
	if cp := p.GetContactPoint(); cp.GetKind() != hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX || cp.GetEmail() != "walks@malmo.se" {
		t.Fatalf("practice: %v", p)
	}
	if out := ok(t, n, "practice", "get", p.GetId()); !strings.Contains(out, "Walks team, walks@malmo.se (mailbox)") {
		t.Fatalf("practice get does not show the contact point:\n%s", out)
	}
}
