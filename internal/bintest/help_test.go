package bintest

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"
)

// example is one command line of the Examples section of a command's
// --help, as a user would paste it (continuation lines joined).
type example struct {
	command string // the command whose help shows it: "hcctl partner add"
	line    string
}

// helpExamples walks the help of the built program prog, command by
// command as its "Available Commands" list them, and returns every
// example in the order the help shows them.
func helpExamples(t *testing.T, prog string) []example {
	t.Helper()
	var out []example
	var walk func(path []string)
	walk = func(path []string) {
		cmd := exec.Command(bin(prog), append(append([]string{}, path...), "--help")...)
		cmd.Env = cleanEnv()
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %s --help: %v", prog, strings.Join(path, " "), err)
		}
		name := strings.Join(append([]string{prog}, path...), " ")
		for _, line := range helpSection(string(b), "Examples:") {
			out = append(out, example{command: name, line: line})
		}
		for _, line := range helpSection(string(b), "Available Commands:") {
			sub := strings.Fields(line)[0]
			if sub == "help" {
				continue // cobra's own, with no examples
			}
			walk(append(append([]string{}, path...), sub))
		}
	}
	walk(nil)
	return out
}

// helpSection is the lines of the section of help under title, up to
// the blank line that ends it, each trimmed; a line ending in a
// backslash goes on with the next, as in a shell.
func helpSection(help, title string) []string {
	_, rest, found := strings.Cut(help, "\n"+title+"\n")
	if !found {
		return nil
	}
	var lines []string
	var cont string
	sc := bufio.NewScanner(strings.NewReader(rest))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			break
		}
		if l, ok := strings.CutSuffix(line, `\`); ok {
			cont += strings.TrimSpace(l) + " "
			continue
		}
		lines = append(lines, cont+line)
		cont = ""
	}
	return lines
}
