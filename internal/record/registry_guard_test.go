package record_test

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

	"github.com/hcnet/hcnet/internal/record"
)

// recordTypes are the generated types a switch over kinds names: the
// record messages and SharedRecord's oneof wrappers.
var recordTypes = map[string]bool{
	"City": true, "Partner": true, "Partnership": true, "HealthPlan": true, "Indicator": true,
	"Practice": true, "Success": true, "Endorsement": true, "SharedPartnership": true,
}

// oneofGetters are SharedRecord's getters, one per kind that travels.
var oneofGetters = map[string]bool{
	"GetCity": true, "GetPartnership": true, "GetHealthPlan": true, "GetIndicator": true,
	"GetPractice": true, "GetSuccess": true, "GetEndorsement": true,
}

// guardExempt are the directories allowed to switch over kinds: the
// registry itself.
var guardExempt = []string{"internal/record"}

// TestNoSwitchOverKindsOutsideRegistry keeps what each kind is in one
// place: no non-test, non-generated file elsewhere switches over record
// kinds, by type (case *hcnetv1.Practice, case *hcnetv1.SharedRecord_City),
// by name (case record.KindPractice, case "practice") or by which oneof
// a SharedRecord holds (case r.GetPartnership() != nil).
func TestNoSwitchOverKindsOutsideRegistry(t *testing.T) {
	root := moduleRoot(t)
	kindNames := map[string]bool{}
	for _, k := range record.Kinds {
		kindNames[string(k)] = true
	}
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "proto" {
				return filepath.SkipDir
			}
			for _, ex := range guardExempt {
				if rel == ex {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, ".pb.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var why string
			switch s := n.(type) {
			case *ast.TypeSwitchStmt:
				why = typeSwitchOverKinds(s)
			case *ast.SwitchStmt:
				why = switchOverKinds(s, kindNames)
			}
			if why != "" {
				found = append(found, fset.Position(n.Pos()).String()+": "+why)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s: look the kind up in the record registry instead", strings.TrimPrefix(f, root+string(filepath.Separator)))
	}
}

func typeSwitchOverKinds(s *ast.TypeSwitchStmt) string {
	for _, c := range s.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			star, ok := e.(*ast.StarExpr)
			if !ok {
				continue
			}
			if sel, ok := star.X.(*ast.SelectorExpr); ok && (recordTypes[sel.Sel.Name] || strings.HasPrefix(sel.Sel.Name, "SharedRecord_")) {
				return "type switch with case *" + sel.Sel.Name
			}
		}
	}
	return ""
}

func switchOverKinds(s *ast.SwitchStmt, kindNames map[string]bool) string {
	getters, kinds := map[string]bool{}, map[string]bool{}
	for _, c := range s.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			switch v := e.(type) {
			case *ast.SelectorExpr:
				if id, ok := v.X.(*ast.Ident); ok && id.Name == "record" && strings.HasPrefix(v.Sel.Name, "Kind") && v.Sel.Name != "Kinds" {
					return "switch with case record." + v.Sel.Name
				}
			case *ast.BasicLit:
				if lit, err := strconv.Unquote(v.Value); err == nil && v.Kind == token.STRING && kindNames[lit] && s.Tag != nil {
					return "switch with case " + v.Value
				}
			}
			ast.Inspect(e, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "record" && strings.HasPrefix(sel.Sel.Name, "Kind") && sel.Sel.Name != "Kinds" {
						kinds[sel.Sel.Name] = true
					}
				}
				if call, ok := n.(*ast.CallExpr); ok {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && oneofGetters[sel.Sel.Name] {
						getters[sel.Sel.Name] = true
					}
				}
				return true
			})
		}
	}
	// One getter or kind is a question about one kind; several are a
	// switch over them.
	if len(getters) > 1 {
		return "switch over which oneof a SharedRecord holds"
	}
	if len(kinds) > 1 {
		return "switch comparing record kinds"
	}
	return ""
}

// moduleRoot is the directory holding go.mod, above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}
