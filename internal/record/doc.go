// Package record holds what every part of hcnet needs to know about the
// record types beyond their generated protobuf code: the kinds of record,
// their common fields, the short names of the vocabulary's enums, and the
// validation rules. It lives in one place so that the node, the hub, the CLI
// and the web pages agree on what a valid record is.
package record
