// Package node is a city's node: the SQLite store of the city's records and
// the CityService its officers' tools talk to. A node works on its own, with
// no hub; sharing builds on it.
package node
