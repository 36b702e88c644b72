// Package equity measures who is behind: each district's and group's
// gap on an indicator to the city as a whole and to the city's target,
// in the manner of WHO's Urban HEART Matrix, and tells which equity
// groups of a partnership or practice name a district or group.
package equity
