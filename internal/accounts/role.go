package accounts

import "slices"

// Role is what an account may do. Each daemon names its own roles; the
// Store refuses any role not in the list it was built with.
type Role string

// The roles of a city node.
const (
	// Admin manages accounts, hub membership and backups, and does all an
	// editor does.
	Admin Role = "admin"
	// Editor adds, changes and deletes records.
	Editor Role = "editor"
	// Viewer reads and changes nothing.
	Viewer Role = "viewer"
)

// NodeRoles are a city node's roles, strongest first.
var NodeRoles = []Role{Admin, Editor, Viewer}

// The roles of a hub.
const (
	// Coordinator decides who is a member, issues and revokes feed
	// subscribers, reviews the quarantine and manages accounts.
	Coordinator Role = "coordinator"
	// Reader reads everything shared with the network, and what the
	// public pages leave out (applications, the quarantine), but decides
	// nothing.
	Reader Role = "reader"
)

// HubRoles are a hub's roles, strongest first.
var HubRoles = []Role{Coordinator, Reader}

// CanEdit reports whether the role may change records on a node.
func (r Role) CanEdit() bool { return r == Admin || r == Editor }

// CanAdmin reports whether the role may manage accounts on a node.
func (r Role) CanAdmin() bool { return r == Admin }

// CanCoordinate reports whether the role may take a hub's decisions.
func (r Role) CanCoordinate() bool { return r == Coordinator }

func validRole(roles []Role, r Role) bool { return slices.Contains(roles, r) }
