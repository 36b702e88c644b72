// Package datadir names the files in the data folders of hcnode and
// hchub. The daemons create them and hcctl finds them by these names, so
// the names live here once and cannot drift apart between the two.
package datadir
