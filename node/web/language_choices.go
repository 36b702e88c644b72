package web

import (
	"slices"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/webui"
)

// languageChoices are the network's languages a record's text may still
// be written in, all but those taken, each named in itself ("Svenska"),
// so an officer finds theirs whatever language the page is in. The form
// posts the language's code, the same one hcctl and the API take.
func languageChoices(taken ...string) []webui.Option {
	var out []webui.Option
	for _, l := range i18n.Languages {
		if !slices.Contains(taken, l.Code) {
			out = append(out, webui.Option{Value: l.Code, Label: l.Name})
		}
	}
	return out
}
