package webui

import (
	"fmt"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
)

// kindNouns are the kinds whose noun is not their own name: the
// catalogue's word for each other kind is the kind itself.
var kindNouns = map[record.Kind]string{
	record.KindCity:       "city profile",
	record.KindHealthPlan: "health plan",
}

// KindNoun is a record kind as the pages call it, in tr's language.
func KindNoun(tr *i18n.Translator, k record.Kind) string {
	if n, ok := kindNouns[k]; ok {
		return tr.T(n)
	}
	return tr.T(Words(string(k)))
}

// NameKinds returns a message's name, value pairs with the value of each
// argument that names a record kind (record.KindArg, record.WantArg) in
// tr's language, as the API writes kinds by their names ("plan").
func NameKinds(tr *i18n.Translator, kv []any) []any {
	out := append([]any(nil), kv...)
	for i := 0; i+1 < len(out); i += 2 {
		if out[i] != record.KindArg && out[i] != record.WantArg {
			continue
		}
		k := record.Kind(fmt.Sprint(out[i+1]))
		if record.Lookup(k) != nil {
			out[i+1] = KindNoun(tr, k)
		}
	}
	return out
}
