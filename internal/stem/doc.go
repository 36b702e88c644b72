// Package stem turns text into the words a full-text index holds: split
// as SQLite's unicode61 tokenizer splits, each word reduced to its stem
// by the Snowball rules of its language, and folded (lower case, no
// diacritics), so that "meeting places" and "meeting place", or
// "promenader" and "promenad", are the same words to a search.
//
// Indexing and querying must agree word for word, so both use this
// package: the hub's store for what it indexes, its search for what it
// asks.
package stem
