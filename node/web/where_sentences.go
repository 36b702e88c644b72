package web

import (
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// whereSentences say, for the plan, the indicator and the city profile,
// where the record goes with each visibility. Each is one whole sentence,
// not "As a " + visibility + noun + where, because word order and
// agreement differ between languages.
var whereSentences = map[record.Kind]map[hcnetv1.Visibility]string{
	record.KindHealthPlan: {
		hcnetv1.Visibility_VISIBILITY_PRIVATE: "As a private plan it stays on this node: nothing of it is sent anywhere.",
		hcnetv1.Visibility_VISIBILITY_NETWORK: "As a network plan it goes to the city's own hub only, where the network's members read it.",
		hcnetv1.Visibility_VISIBILITY_PUBLIC:  "As a public plan it goes to the city's hub, up the chain to the networks above it, and into the public feeds anyone may read.",
	},
	record.KindIndicator: {
		hcnetv1.Visibility_VISIBILITY_PRIVATE: "As a private indicator it stays on this node: nothing of it is sent anywhere.",
		hcnetv1.Visibility_VISIBILITY_NETWORK: "As a network indicator it goes to the city's own hub only, where the network's members read it.",
		hcnetv1.Visibility_VISIBILITY_PUBLIC:  "As a public indicator it goes to the city's hub, up the chain to the networks above it, and into the public feeds anyone may read.",
	},
	record.KindCity: {
		hcnetv1.Visibility_VISIBILITY_PRIVATE: "As a private profile it stays on this node: nothing of it is sent anywhere.",
		hcnetv1.Visibility_VISIBILITY_NETWORK: "As a network profile it goes to the city's own hub only, where the network's members read it.",
		hcnetv1.Visibility_VISIBILITY_PUBLIC:  "As a public profile it goes to the city's hub, up the chain to the networks above it, and into the public feeds anyone may read.",
	},
}

// whereSentence is where a record of kind k with visibility v goes, in
// tr's language; "" for an unset visibility.
func whereSentence(tr *i18n.Translator, k record.Kind, v hcnetv1.Visibility) string {
	s := whereSentences[k][v]
	if s == "" {
		return ""
	}
	return tr.T(s)
}
