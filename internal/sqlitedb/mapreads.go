package sqlitedb

// MapReads has the readers map up to n bytes of the database file into
// memory (SQLite's mmap_size) instead of copying each page they read
// into their own cache with a system call. A search over a large read
// model touches pages scattered over the file, more than a reader's
// cache holds: mapped, they are read where the operating system's cache
// keeps them, shared by every reader. SQLite caps n at its own maximum
// (2 GiB unless built otherwise); pages past it are read as before.
func MapReads(n int64) Option {
	return func(o *options) { o.mapReads = n }
}
