package subject

import "fmt"

// The public feed: what a hub republishes of its public records for
// peers who follow it over NATS. The record stream also holds network
// records, which never reach a peer, so peers read this stream only.

// PublicRecords is the wildcard of the public feed.
const PublicRecords = "hcnet.pub.>"

// PublicRecordT is the feed subject of one public record:
// hcnet.pub.<country>.<city>.<kind>.<record-id>. The message is the
// origin's signed envelope, byte for byte; a withdrawal has an empty body
// and the WithdrawnHeader.
const PublicRecordT = "hcnet.pub.%s.%s.%s.%s"

// PublicRecord is PublicRecordT filled in.
func PublicRecord(country, city, kind, id string) string {
	return fmt.Sprintf(PublicRecordT, country, city, kind, id)
}

// PublicStream keeps one message per public record subject (the latest
// version or its withdrawal): a new subscriber backfills from it.
const PublicStream = "HCNET_PUBLIC"

// WithdrawnHeader marks a withdrawal in the public feed; its value is the
// version withdrawn.
const WithdrawnHeader = "Hcnet-Withdrawn"

// VersionHeader carries a feed message's record version.
const VersionHeader = "Hcnet-Version"

// FeedInboxT is the inbox prefix of a feed subscriber: a subscriber may
// receive replies only there, never on another client's inbox.
const FeedInboxT = "_INBOX_%s"

// FeedInbox is FeedInboxT filled in with the subscriber's name.
func FeedInbox(name string) string { return fmt.Sprintf(FeedInboxT, name) }

// FeedConsumer is the name of a feed subscriber's consumer of the public
// stream: the subscriber's own name. NATS permissions match whole subject
// tokens, and the consumer's name is one token of its API subjects
// ($JS.API.CONSUMER.INFO.<stream>.<consumer>), so a name fixed per
// subscriber is what confines each subscriber to its own consumer; a
// prefix could not be expressed.
func FeedConsumer(name string) string { return name }
