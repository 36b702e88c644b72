package subject

import (
	"fmt"
	"regexp"
)

// Several hubs may read one record stream on a NATS cluster, each into a
// database of its own (replicas, for availability). A durable consumer
// delivers each message to one of its readers only, so every replica
// needs its own: the unnamed hub (a single hub, or the primary of a
// set) keeps IngestConsumer, and a replica named "b" reads through
// "hub-ingest-b".

// ReplicaPattern is what a replica name may be: lower-case letters,
// digits, "-" and "_", at most 32, so the consumer name stays a valid
// NATS name and a file-system friendly one.
const ReplicaPattern = `^[a-z0-9][a-z0-9_-]{0,31}$`

var replicaRE = regexp.MustCompile(ReplicaPattern)

// CheckReplica says why name cannot name a replica; "" (no replica) is fine.
func CheckReplica(name string) error {
	if name == "" || replicaRE.MatchString(name) {
		return nil
	}
	return fmt.Errorf("replica name %q: use 1 to 32 lower-case letters, digits, - or _, starting with a letter or digit", name)
}

// IngestConsumerOf is the ingest consumer of the replica named name:
// IngestConsumer for "", IngestConsumer + "-" + name otherwise.
func IngestConsumerOf(name string) string {
	if name == "" {
		return IngestConsumer
	}
	return IngestConsumer + "-" + name
}
