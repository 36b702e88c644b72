package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// keyLine matches a top-level "key = value" line, the key bare or quoted.
var keyLine = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*(.*?)\s*$`)

// tableLine matches a [table] or [[array of tables]] header.
var tableLine = regexp.MustCompile(`^\s*\[\[?\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)`)

// keyLines finds the line each top-level key of a TOML file is on, and
// for a table the line of its header, numbered from 1. It reads lines as
// written, so a key inside a multi-line string may be taken for one; the
// decoder has checked the file by then, and a wrong line only points the
// reader at the wrong place, it changes no value.
func keyLines(text string) map[string]int {
	lines := map[string]int{}
	inTable := false
	for i, line := range strings.Split(text, "\n") {
		if m := tableLine.FindStringSubmatch(line); m != nil {
			inTable = true
			if k := unquote(m[1]); lines[k] == 0 {
				lines[k] = i + 1
			}
			continue
		}
		if inTable {
			continue
		}
		if m := keyLine.FindStringSubmatch(line); m != nil {
			if k := unquote(m[1]); lines[k] == 0 {
				lines[k] = i + 1
			}
		}
	}
	return lines
}

func unquote(key string) string {
	if len(key) >= 2 && (key[0] == '"' || key[0] == '\'') {
		return key[1 : len(key)-1]
	}
	return key
}

// quoteHint suggests quotes when line n of text sets a key to bare text:
// listen = 127.0.0.1:7400 is the mistake a flag's habits lead to, and the
// decoder's message about it speaks of floats or dates.
func quoteHint(text string, n int) string {
	lines := strings.Split(text, "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	m := keyLine.FindStringSubmatch(lines[n-1])
	if m == nil || m[2] == "" {
		return ""
	}
	v, _, _ := strings.Cut(m[2], " #")
	v = strings.TrimSpace(v)
	switch {
	case strings.ContainsAny(v[:1], `"'[{`), v == "true", v == "false":
		return ""
	}
	if _, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64); err == nil {
		return ""
	}
	return fmt.Sprintf(" (text goes in double quotes: %s = %q)", m[1], v)
}
