package web

import (
	"google.golang.org/protobuf/proto"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
)

// recordTexts is a record's "Texts by language" section: the language
// it was first written in and each translation, with the links that
// add, edit and remove a translation (the record_translations pages).
type recordTexts struct {
	// Base is the record's page; its translations live under it.
	Base string
	Rows []textRow
}

// textRow is one language of a record: its name in the reader's
// language, its tag, and the record's title in it.
type textRow struct {
	Language, Lang, Title string
	Original              bool
}

// textsOf is m's section, nil for a kind that keeps no translations.
func textsOf(tr *i18n.Translator, kind record.Kind, m proto.Message) *recordTexts {
	info := record.Lookup(kind)
	if info == nil || !info.Translatable() {
		return nil
	}
	var base string
	for _, k := range textsKinds {
		if k.kind == kind {
			base = k.pageOf(record.GetMeta(m).ID)
		}
	}
	if base == "" {
		return nil
	}
	out := &recordTexts{Base: base}
	orig := info.OriginalLanguage(m)
	for _, l := range recordLanguages(info, m) {
		out.Rows = append(out.Rows, textRow{Language: languageIn(tr, l), Lang: l, Original: l == orig,
			Title: info.Text(info.Localize(m, l).Msg, "").Title,
		})
	}
	return out
}
