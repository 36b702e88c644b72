package webui

import "testing"

func TestLocalPath(t *testing.T) {
	for _, tc := range []struct{ title, in, want string }{
		{title: "path", in: "/plans", want: "/plans"},
		{title: "path and query", in: "/search?q=gr%C3%B6n&page=2", want: "/search?q=gr%C3%B6n&page=2"},
		{title: "encoded slashes in the query", in: "/search?q=a%2F%2Fb", want: "/search?q=a%2F%2Fb"},
		{title: "space inside", in: "/partners?q=green roofs", want: "/partners?q=green roofs"},
		{title: "fragment", in: "/#partnerships", want: "/#partnerships"},
		{title: "empty", in: "", want: "/"},
		{title: "relative", in: "plans", want: "/"},
		{title: "other host", in: "//evil.example/x", want: "/"},
		{title: "three slashes", in: "///evil.example", want: "/"},
		{title: "backslash", in: "/\\evil.example", want: "/"},
		{title: "slash backslash slash", in: "/\\/evil.example", want: "/"},
		{title: "backslash later", in: "/a\\b", want: "/"},
		{title: "tab", in: "/\t/evil.example", want: "/"},
		{title: "encoded tab", in: "/%09/evil.example", want: "/"},
		{title: "newline", in: "/\n/evil.example", want: "/"},
		{title: "encoded CR LF", in: "/%0d%0a/evil.example", want: "/"},
		{title: "carriage return", in: "/\r/evil.example", want: "/"},
		{title: "NUL", in: "/\x00/evil.example", want: "/"},
		{title: "DEL", in: "/\x7f/evil.example", want: "/"},
		{title: "C1 control", in: "/\u0085/evil.example", want: "/"},
		{title: "line separator", in: "/\u2028/evil.example", want: "/"},
		{title: "leading tab", in: "\t/evil.example", want: "/"},
		{title: "leading space", in: " //evil.example", want: "/"},
		{title: "encoded backslash", in: "/%5C/evil.example", want: "/"},
		{title: "encoded slashes", in: "/%2F%2Fevil.example", want: "/"},
		{title: "encoded slash", in: "/%2f/evil.example", want: "/"},
		{title: "bad escape", in: "/%zz", want: "/"},
		{title: "absolute URL", in: "https://evil.example/", want: "/"},
		{title: "scheme without slashes", in: "http:/evil.example", want: "/"},
		{title: "javascript", in: "javascript:alert(1)", want: "/"},
		{title: "user info", in: "//user@evil.example", want: "/"},
	} {
		if got := LocalPath(tc.in); got != tc.want {
			t.Errorf("%s: LocalPath(%q) = %q, want %q", tc.title, tc.in, got, tc.want)
		}
	}
}
