// Package store is a hub's read model: what the hub holds of its members'
// shared records and how it reads it. Apply writes verified batches in one
// transaction (newest version wins, tombstones withdraw, refusals go to
// the quarantine); the rest reads: records by id with their links, the
// network's statistics, the partner finder, the changes and newest
// records the feeds serve, the searches (through package search), and the
// answers to a member's signed comparison of what it shared.
//
// Store owns the hub's database and its migrations. The parts of the hub
// that keep tables of their own in it (membership, and upstream with the
// outbox to the parent) reach it through DB; upstream reads the read
// model through what upstream.Store says, which Store answers. Package
// hub opens the store first and hands it to them.
package store
