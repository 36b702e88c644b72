package subject

import (
	"fmt"
	"strings"
)

// Space is the second token of an hcnet subject: what the subject names.
type Space string

// The spaces Parse knows.
const (
	// SpaceRecord is a shared record: hcnet.rec.<country>.<city>.<kind>.<id> (RecordT).
	SpaceRecord Space = "rec"
	// SpaceAttestation is a hub's attestation: hcnet.att.<country>.<city> (AttestationT).
	SpaceAttestation Space = "att"
	// SpacePublic is a record of the public feed: hcnet.pub.<country>.<city>.<kind>.<id> (PublicRecordT).
	SpacePublic Space = "pub"
)

// Parsed is a subject taken apart by Parse.
type Parsed struct {
	Space         Space
	Country, City string
	// Kind and ID name the record of a SpaceRecord or SpacePublic
	// subject; an attestation has neither.
	Kind, ID string
}

// String builds the subject again: Parse's inverse.
func (p Parsed) String() string {
	switch p.Space {
	case SpaceRecord:
		return Record(p.Country, p.City, p.Kind, p.ID)
	case SpaceAttestation:
		return Attestation(p.Country, p.City)
	case SpacePublic:
		return PublicRecord(p.Country, p.City, p.Kind, p.ID)
	}
	return ""
}

// Parse takes apart the subject of one record (Record, PublicRecord) or
// attestation (Attestation). A subject of any other shape, with an empty
// token, or with a wildcard token is an error.
//
// With the error, Parse returns the parts it read before the fault, in
// order: a subject that starts hcnet.rec.<country>.<city> and goes on
// wrongly still names the member whose prefix it is under (what NATS
// permissions let publish it), which is what a per-member limit counts.
func Parse(subj string) (Parsed, error) {
	var p Parsed
	tok := strings.Split(subj, ".")
	bad := func(why string) (Parsed, error) {
		return p, fmt.Errorf("subject %q is not hcnet.rec.<country>.<city>.<kind>.<id>, hcnet.pub.… or hcnet.att.<country>.<city>: %s", subj, why)
	}
	if len(tok) < 2 || tok[0] != "hcnet" {
		return bad("it does not start with hcnet.")
	}
	want := 6
	switch s := Space(tok[1]); s {
	case SpaceRecord, SpacePublic:
	case SpaceAttestation:
		want = 4
	default:
		return bad(fmt.Sprintf("%q is not rec, pub or att", tok[1]))
	}
	p.Space = Space(tok[1])
	parts := []*string{&p.Country, &p.City, &p.Kind, &p.ID}
	for i, t := range tok[2:min(len(tok), want)] {
		if t == "" || t == "*" || t == ">" {
			return bad(fmt.Sprintf("token %d is %q", i+3, t))
		}
		*parts[i] = t
	}
	if len(tok) != want {
		return bad(fmt.Sprintf("it has %d tokens, want %d", len(tok), want))
	}
	return p, nil
}
