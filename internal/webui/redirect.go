package webui

import (
	"net/url"
	"strings"
)

// LocalPath returns next when it is a clean path of this site (with its
// query), else "/". It is what a redirect after sign-in may follow.
//
// Browsers forgive a lot in a Location: they drop tabs and line breaks
// anywhere, read "\" as "/", and so take "/<TAB>/evil.example" or
// "/\evil.example" for "//evil.example", another host. So next must start
// with exactly one "/", hold no control character or backslash,
// not even percent-encoded (a value may have been encoded once more on
// its way), and parse as a URL with neither scheme nor host.
func LocalPath(next string) string {
	if !cleanPath(next) {
		return "/"
	}
	dec, err := url.PathUnescape(next)
	if err != nil || !cleanPath(dec) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	return next
}

// cleanPath reports whether s starts with a single "/" and holds nothing
// a browser would drop or read as a slash.
func cleanPath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == '\\' || (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}
