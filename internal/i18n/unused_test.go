package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	_ "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestEveryMessageIsUsed fails on a catalogue message nothing asks for: a
// translation left behind when its page changed, which translators would
// keep on tending. A message is asked for when its id is a string in the
// programs' Go code (string constants joined with + count as one) or in a
// template, or when it is one of the ids the pages build at run time: an
// enum value's term (webui.TermID), a field's (Field.NAME, by a field
// name of the records' messages) and an SDG goal's.
func TestEveryMessageIsUsed(t *testing.T) {
	c, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	text := programText(t, filepath.Join("..", ".."))
	built := builtIDs()
	for _, l := range i18n.Languages[1:] {
		for id := range c.Messages(l.Code) {
			if !built[id] && !strings.Contains(text, id) {
				t.Errorf("%s: %q is in the catalogue but no page or program asks for it", l.Code, id)
			}
		}
	}
}

// programText is every string constant of the Go code under root, tests
// and test data left out, and every template, one a line.
func programText(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || (strings.HasPrefix(name, ".") && path != root) {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(path, ".html"):
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			// A template's strings are Go strings: \" is a quote.
			b.WriteString(strings.ReplaceAll(string(data), `\"`, `"`))
			b.WriteByte('\n')
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if e, ok := n.(ast.Expr); ok {
					if s, ok := constString(e); ok {
						b.WriteString(s)
						b.WriteByte('\n')
						// A sum's parts are constants too; its whole is
						// the one a message id can be.
						_, sum := e.(*ast.BinaryExpr)
						return sum
					}
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// constString is the value of a string literal or a sum of them.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return constString(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok := constString(e.X)
		if !ok {
			return "", false
		}
		y, ok := constString(e.Y)
		return x + y, ok
	}
	return "", false
}

// builtIDs are the message ids the pages build at run time from the
// records' messages: every enum value's term, every field's and every
// SDG goal's.
func builtIDs() map[string]bool {
	out := map[string]bool{}
	for n := 1; n <= 17; n++ {
		out[record.SDGTerm(n)] = true
	}
	protoregistry.GlobalFiles.RangeFilesByPackage("hcnet.v1", func(fd protoreflect.FileDescriptor) bool {
		addEnums(out, fd.Enums())
		addMessages(out, fd.Messages())
		return true
	})
	return out
}

func addEnums(out map[string]bool, es protoreflect.EnumDescriptors) {
	for i := 0; i < es.Len(); i++ {
		ed := es.Get(i)
		for _, short := range record.ShortNames(ed) {
			out[string(ed.Name())+"."+short] = true
		}
	}
}

func addMessages(out map[string]bool, ms protoreflect.MessageDescriptors) {
	for i := 0; i < ms.Len(); i++ {
		md := ms.Get(i)
		for j := 0; j < md.Fields().Len(); j++ {
			out["Field."+string(md.Fields().Get(j).Name())] = true
		}
		addEnums(out, md.Enums())
		addMessages(out, md.Messages())
	}
}
