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

// CanEdit reports whether the role may change records on a node.
func (r Role) CanEdit() bool { return r == Admin || r == Editor }

// CanAdmin reports whether the role may manage accounts on a node.
func (r Role) CanAdmin() bool { return r == Admin }

func validRole(roles []Role, r Role) bool { return slices.Contains(roles, r) }
