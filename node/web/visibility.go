package web

import (
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// where is one visibility of a form and where a record with it goes:
// Text in English, Msg the catalogue's message for it, whose
// placeholders In fills (a carried kind's), so a page says it in its
// reader's language.
type where struct {
	Value, Label, Text string
	Msg                string
	In                 carriedIn
}

// carriedIn says, for a kind that does not leave the node on its own
// (record.Info.Shared is false), which records carry it and what of it
// they carry: partners travel inside partnerships as organisation, kind
// and sector.
type carriedIn struct {
	// What is what of the record the carriers may name.
	What string
	// In is the carrying kind, plural ("partnerships").
	In string
	// Otherwise is how a carrier that may not name it shows it.
	Otherwise string
}

// shareVisibilities are the visibilities a carrier may have: a private
// record carries nothing anywhere.
var shareVisibilities = []hcnetv1.Visibility{hcnetv1.Visibility_VISIBILITY_NETWORK, hcnetv1.Visibility_VISIBILITY_PUBLIC}

// wheres says, for each visibility, where a record of kind k goes. A
// shared kind goes as far as its visibility says; any other goes only
// inside the records that carry it, as far as record.MayCarry lets
// them name it, so the sentence is the rule itself, not a copy of it.
func wheres(k record.Kind, in carriedIn) []where {
	var out []where
	for _, name := range record.ShortNames(hcnetv1.Visibility(0).Descriptor()) {
		v, _ := record.ParseEnum[hcnetv1.Visibility](name)
		w := where{Value: name, Label: webui.Words(name)}
		if info := record.Lookup(k); info != nil && info.Shared {
			w.Text = sharedWhere(v)
			w.Msg = w.Text
		} else {
			w.Text = carriedWhere(v, in)
			w.Msg, w.In = carriedMsg(v), in
			if w.Msg == "" {
				w.Msg, w.In = w.Text, carriedIn{}
			}
		}
		out = append(out, w)
	}
	return out
}

// sharedWhere is where a record that leaves the node on its own goes.
func sharedWhere(v hcnetv1.Visibility) string {
	switch v {
	case hcnetv1.Visibility_VISIBILITY_PRIVATE:
		return "stays on this node: nothing of it is sent anywhere."
	case hcnetv1.Visibility_VISIBILITY_NETWORK:
		return "goes to the city's own hub only, where the network's members read it."
	case hcnetv1.Visibility_VISIBILITY_PUBLIC:
		return "goes to the city's hub, up the chain to the networks above it, and into the public feeds anyone may read."
	}
	return ""
}

// carriedWhere is where a record that never leaves the node on its own
// may be named: in the carriers of each visibility MayCarry allows; the
// others show it as in.Otherwise says.
func carriedWhere(v hcnetv1.Visibility, in carriedIn) string {
	var by, not []string
	may, mayNot := carriers(v)
	for _, c := range may {
		by = append(by, webui.Words(record.ShortName(c)))
	}
	for _, c := range mayNot {
		not = append(not, webui.Words(record.ShortName(c)))
	}
	if len(by) == 0 {
		return "never leaves this node: shared " + in.In + " that name it show " + in.Otherwise + "."
	}
	s := "never sent on its own; " + in.What + " go inside the " + strings.Join(by, " and ") + " " + in.In + " that name it"
	if len(by) == 1 && by[0] == webui.Words(record.ShortName(hcnetv1.Visibility_VISIBILITY_NETWORK)) {
		s += ", to the city's hub only"
	}
	if len(not) > 0 {
		s += "; " + strings.Join(not, " and ") + " " + in.In + " show " + in.Otherwise
	}
	return s + "."
}

// The three ways a carried record may go (carriedWhere's sentences), as
// messages whose placeholders are a carriedIn's words.
const (
	carriedNowhere = "never leaves this node: shared {{.In}} that name it show {{.Otherwise}}."
	carriedToHub   = "never sent on its own; {{.What}} go inside the network {{.In}} that name it, to the city's hub only; public {{.In}} show {{.Otherwise}}."
	carriedAlong   = "never sent on its own; {{.What}} go inside the network and public {{.In}} that name it."
)

// carriedMsg is the message saying carriedWhere's sentence for v, picked
// by which carriers MayCarry allows, or "" when no message says it.
func carriedMsg(v hcnetv1.Visibility) string {
	may, mayNot := carriers(v)
	network, public := hcnetv1.Visibility_VISIBILITY_NETWORK, hcnetv1.Visibility_VISIBILITY_PUBLIC
	switch {
	case len(may) == 0:
		return carriedNowhere
	case len(may) == 1 && may[0] == network && len(mayNot) == 1 && mayNot[0] == public:
		return carriedToHub
	case len(may) == 2 && may[0] == network && may[1] == public:
		return carriedAlong
	}
	return ""
}

// whereIs says, as one sentence in tr's language, where a record of kind
// k (noun, already in that language) with visibility v goes; in says what
// carries it when k does not leave the node on its own.
func whereIs(tr *i18n.Translator, k record.Kind, noun string, v hcnetv1.Visibility, in carriedIn) string {
	if info := record.Lookup(k); info != nil && info.Shared {
		switch v {
		case hcnetv1.Visibility_VISIBILITY_PRIVATE:
			return tr.T("As a private {{.Noun}} it stays on this node: nothing of it is sent anywhere.", "Noun", noun)
		case hcnetv1.Visibility_VISIBILITY_NETWORK:
			return tr.T("As a network {{.Noun}} it goes to the city's own hub only, where the network's members read it.", "Noun", noun)
		case hcnetv1.Visibility_VISIBILITY_PUBLIC:
			return tr.T("As a public {{.Noun}} it goes to the city's hub, up the chain to the networks above it, and into the public feeds anyone may read.", "Noun", noun)
		}
		return ""
	}
	words := []any{"Noun", noun, "What", tr.T(in.What), "In", tr.T(in.In), "Otherwise", tr.T(in.Otherwise)}
	switch carriedMsg(v) {
	case carriedNowhere:
		return tr.T("As a private {{.Noun}} it never leaves this node: shared {{.In}} that name it show {{.Otherwise}}.", words...)
	case carriedToHub:
		return tr.T("As a network {{.Noun}} it is never sent on its own; {{.What}} go inside the network {{.In}} that name it, to the city's hub only; public {{.In}} show {{.Otherwise}}.", words...)
	case carriedAlong:
		return tr.T("As a public {{.Noun}} it is never sent on its own; {{.What}} go inside the network and public {{.In}} that name it.", words...)
	}
	return carriedWhere(v, in)
}

// carriers splits the visibilities a carrier may have into those whose
// records may name a record of visibility v and those whose may not.
func carriers(v hcnetv1.Visibility) (may, mayNot []hcnetv1.Visibility) {
	for _, c := range shareVisibilities {
		if record.MayCarry(c, v) {
			may = append(may, c)
		} else {
			mayNot = append(mayNot, c)
		}
	}
	return may, mayNot
}

// deleteWhere says what deleting a record of kind k with visibility v
// does beyond this node.
func deleteWhere(k record.Kind, v hcnetv1.Visibility) string {
	info := record.Lookup(k)
	switch {
	case info == nil || !info.Shared:
		return "It was never sent anywhere on its own, so nothing needs withdrawing elsewhere."
	case v == hcnetv1.Visibility_VISIBILITY_PRIVATE:
		return "It is private and never left this node."
	}
	return "A withdrawal notice goes the way the record went, so the hubs that have it remove it too."
}
