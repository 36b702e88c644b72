// Package ingest moves a hub's members' records from the record stream
// into the read model: a durable pull consumer fetches batches, every
// message is verified against the key of the member its subject names
// (a member city's own, or one a member hub vouches for), each batch is
// applied in one transaction and acked only after the commit. It holds
// each member to a rate and a storage quota, drops what no member could
// have published, and replays what the stream already holds from a
// member the coordinator just approved.
//
// It needs of the rest of the hub only what Store and Members say;
// package hub builds it with the store, membership and the stream.
package ingest
