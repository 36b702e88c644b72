// Package csvio reads and writes the spreadsheets officers keep of their
// partners and partnerships, and the indicators' measurements statistics
// offices send them. It knows the columns, the cell formats (lists
// separated by ";", enums in short form) and how to point at the line of the
// file a problem is on, whether the problem was found while reading or by the
// node afterwards. It does no network I/O: partner and indicator names are
// resolved through a Directory the caller fills.
//
// Every CSV hcnet writes for people goes through its Writer, which keeps
// cells from being run as spreadsheet formulas (see EscapeFormula).
//
// The format is documented for officers in docs/csv.md; keep the two in step.
package csvio
