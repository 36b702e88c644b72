// Package subject names the NATS subjects and streams of hcnet. They are
// the contract with every peer that follows a feed, documented in the
// README; change them only by adding.
package subject

import "fmt"

// Records is the wildcard of every shared record.
const Records = "hcnet.rec.>"

// RecordT is the subject of one record:
// hcnet.rec.<country>.<city>.<kind>.<record-id>. The stream keeps one
// message per subject, so it is a compacted log of every record's latest
// version (or tombstone).
const RecordT = "hcnet.rec.%s.%s.%s.%s"

// Record is RecordT filled in.
func Record(country, city, kind, id string) string {
	return fmt.Sprintf(RecordT, country, city, kind, id)
}

// CityT is the prefix a city may publish under: hcnet.rec.<country>.<city>.>
const CityT = "hcnet.rec.%s.%s.>"

// City is CityT filled in.
func City(country, city string) string { return fmt.Sprintf(CityT, country, city) }

// RecordStream is the name of a hub's stream of shared records.
const RecordStream = "HCNET_RECORDS"

// IngestConsumer is the durable pull consumer a hub ingests through.
const IngestConsumer = "hub-ingest"

// MemberInboxT is the inbox prefix of a client that logs in with its
// identity nkey (a city's node, a member hub, the hub itself):
// _INBOX_<public key>. Its PubAcks and the replies to its requests come
// back there. A member may subscribe there only, never to _INBOX.>,
// where the other members' PubAcks and the envelopes the hub's ingest
// pulls (network records among them) pass.
const MemberInboxT = "_INBOX_%s"

// MemberInbox is MemberInboxT filled in with the client's public nkey.
func MemberInbox(key string) string { return fmt.Sprintf(MemberInboxT, key) }

// Attestations is the wildcard of hub attestations.
const Attestations = "hcnet.att.>"

// AttestationT is the subject of a hub's attestation of a city's key:
// hcnet.att.<country>.<city>. One message per subject: the latest word.
const AttestationT = "hcnet.att.%s.%s"

// Attestation is AttestationT filled in.
func Attestation(country, city string) string { return fmt.Sprintf(AttestationT, country, city) }

// Country is what a member hub may publish under for its country's
// cities: hcnet.rec.<country>.> and hcnet.att.<country>.>.
func Country(country string) []string {
	return []string{fmt.Sprintf("hcnet.rec.%s.>", country), fmt.Sprintf("hcnet.att.%s.>", country)}
}

// StatementHeader marks a message on a record subject that is a hub's
// signed statement (a withdrawal), not the city's envelope.
const StatementHeader = "Hcnet-Statement"

// ForwardConsumer is the durable consumer a hub forwards to its parent
// through.
const ForwardConsumer = "hub-forward"
