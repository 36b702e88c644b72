// Package record holds what every part of hcnet needs to know about the
// record types beyond their generated protobuf code: the registry of
// record kinds (one Info per kind, in kind_<name>.go: how to make, wrap
// and unwrap a record, its title, its shared form, its links and index
// terms, its validation), their common fields, the short names of the
// vocabulary's enums, and the validation rules. It lives in one place so
// that the node, the hub, the CLI and the web pages agree on what each
// kind is; nothing outside it switches over kinds.
package record
