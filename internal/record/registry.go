package record

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Info is everything hcnet knows about one kind of record beyond its
// generated code: how to make one, how it travels inside a SharedRecord,
// what a person calls it, what of it leaves the node, what it refers to,
// how it is indexed and validated. Each kind has exactly one Info (a file
// kind_<name>.go), so adding a kind means adding one entry and its proto.
type Info struct {
	Kind Kind
	// Shared tells whether records of the kind leave the node on their
	// own. Partners do not: they travel inside the partnerships that name
	// them, as organisation, kind and sector, where MayCarry allows.
	Shared bool

	newMsg   func() proto.Message
	wrap     func(proto.Message) *hcnetv1.SharedRecord
	unwrap   func(*hcnetv1.SharedRecord) (proto.Message, bool)
	text     func(m proto.Message, lang string) Text
	share    func(m proto.Message, c carrier) (*hcnetv1.SharedRecord, error)
	index    func(x *indexer, m proto.Message)
	validate func(c Checker, m proto.Message)
	// personal names what a shared form of the record must not carry
	// ("" when it carries none of it).
	personal func(rec *hcnetv1.SharedRecord) string
	// omitted are the fields a shared form may leave empty because the
	// record they name may not travel as far.
	omitted func(m proto.Message) []string
	// extra indexes and checks what a shared form carries besides the
	// record (a partnership's partners).
	extraIndex    func(ix *Index, rec *hcnetv1.SharedRecord)
	extraValidate func(c Checker, rec *hcnetv1.SharedRecord)
	// groups are the population groups the record says it reaches.
	groups func(m proto.Message) []string
	// texts is where the record keeps its free text in several
	// languages; nil for a kind that keeps no translations.
	texts func(m proto.Message) *localTexts
	// localize is the record as a reader of lang reads it, for a kind
	// that keeps each language in fields of its own (a practice's texts)
	// rather than in translations; nil for any other kind.
	localize func(m proto.Message, lang string) Localized
}

// Text is what a person reads of a record: its title and summary in one
// language, and the languages it is written in.
type Text struct {
	Title, Summary string
	Languages      []string
	// Lang is the language Title and Summary are in, Original the
	// language the record was first written in ("" when unknown).
	Lang, Original string
}

// spec is an Info written with the record's own type, so that an entry
// reads as code about that type and needs no type assertions.
type spec[T proto.Message] struct {
	kind   Kind
	wrap   func(T) *hcnetv1.SharedRecord
	unwrap func(*hcnetv1.SharedRecord) (T, bool)
	text   func(r T, lang string) Text
	// share makes the shared form of r, a copy it may change; without
	// it the shared form is r as it is.
	share         func(r T, c carrier) (*hcnetv1.SharedRecord, error)
	index         func(x *indexer, r T)
	validate      func(c Checker, r T)
	personal      func(r T) string
	omitted       func(r T) []string
	extraIndex    func(ix *Index, rec *hcnetv1.SharedRecord)
	extraValidate func(c Checker, rec *hcnetv1.SharedRecord)
	// groups are the equity groups r names as reached; nil for a kind
	// that names none.
	groups func(r T) []string
	// texts are r's translatable fields and translations; nil for a kind
	// that keeps none. Translations are the record's own text: they are
	// validated, indexed (each in its language) and shared with it.
	texts func(r T) *localTexts
	// localize is r as a reader of lang reads it, for a kind that keeps
	// each language in fields of its own instead of texts.
	localize func(r T, lang string) Localized
}

func (s spec[T]) info(newMsg func() T) *Info {
	in := &Info{
		Kind:          s.kind,
		Shared:        s.wrap != nil,
		newMsg:        func() proto.Message { return newMsg() },
		text:          func(m proto.Message, lang string) Text { return s.text(m.(T), lang) },
		index:         func(x *indexer, m proto.Message) { s.index(x, m.(T)) },
		validate:      func(c Checker, m proto.Message) { s.validate(c, m.(T)) },
		extraIndex:    s.extraIndex,
		extraValidate: s.extraValidate,
		wrap:          func(proto.Message) *hcnetv1.SharedRecord { return nil },
		unwrap:        func(*hcnetv1.SharedRecord) (proto.Message, bool) { return nil, false },
		personal:      func(*hcnetv1.SharedRecord) string { return "" },
		omitted:       func(proto.Message) []string { return nil },
		groups:        func(proto.Message) []string { return nil },
	}
	if s.texts != nil {
		in.texts = func(m proto.Message) *localTexts { return s.texts(m.(T)) }
		in.validate = func(c Checker, m proto.Message) {
			s.validate(c, m.(T))
			s.texts(m.(T)).validate(c)
		}
		// The record's own fields are in its original language, each
		// translation in its own.
		in.index = func(x *indexer, m proto.Message) {
			lt := s.texts(m.(T))
			x.in(*lt.original)
			x.ix.Lang = *lt.original
			s.index(x, m.(T))
			lt.index(x)
		}
		in.text = func(m proto.Message, lang string) Text {
			l := in.Localize(m, lang)
			t := s.text(l.Msg.(T), lang)
			t.Lang, t.Original = l.Lang, l.Original
			if t.Languages == nil {
				t.Languages = s.texts(m.(T)).languages()
			}
			return t
		}
	}
	if s.localize != nil {
		in.localize = func(m proto.Message, lang string) Localized { return s.localize(m.(T), lang) }
	}
	if s.groups != nil {
		in.groups = func(m proto.Message) []string { return s.groups(m.(T)) }
	}
	if s.wrap != nil {
		in.wrap = func(m proto.Message) *hcnetv1.SharedRecord { return s.wrap(m.(T)) }
		in.unwrap = func(rec *hcnetv1.SharedRecord) (proto.Message, bool) {
			r, ok := s.unwrap(rec)
			if !ok {
				return nil, false
			}
			return r, true
		}
		in.share = func(m proto.Message, c carrier) (*hcnetv1.SharedRecord, error) {
			if s.share != nil {
				return s.share(m.(T), c)
			}
			return s.wrap(m.(T)), nil
		}
	}
	if s.personal != nil {
		in.personal = func(rec *hcnetv1.SharedRecord) string {
			r, _ := s.unwrap(rec)
			return s.personal(r)
		}
	}
	if s.omitted != nil {
		in.omitted = func(m proto.Message) []string { return s.omitted(m.(T)) }
	}
	return in
}

// infos is every kind's Info. Kinds gives their order.
var infos = []*Info{cityInfo, partnerInfo, partnershipInfo, planInfo, indicatorInfo, practiceInfo, successInfo, endorsementInfo}

// registry and byMessage find an Info by kind and by message type.
var registry, byMessage = func() (map[Kind]*Info, map[protoreflect.FullName]*Info) {
	byKind := make(map[Kind]*Info, len(infos))
	byMsg := make(map[protoreflect.FullName]*Info, len(infos))
	for _, in := range infos {
		byKind[in.Kind] = in
		byMsg[in.newMsg().ProtoReflect().Descriptor().FullName()] = in
	}
	return byKind, byMsg
}()

// Lookup returns the Info of a kind, nil for a name that is no kind.
func Lookup(k Kind) *Info { return registry[k] }

// Of returns the Info of a record message's kind.
func Of(m proto.Message) (*Info, error) {
	if m != nil {
		if in := byMessage[m.ProtoReflect().Descriptor().FullName()]; in != nil {
			return in, nil
		}
	}
	return nil, fmt.Errorf("%T is not a record", m)
}

// SharedKinds lists the kinds that leave the node on their own (Shared),
// in the order of Kinds: the kinds a hub holds.
func SharedKinds() []Kind {
	var out []Kind
	for _, k := range Kinds {
		if registry[k].Shared {
			out = append(out, k)
		}
	}
	return out
}

// Unwrap returns the Info of the record a SharedRecord holds and the
// record itself (a partnership without its shared partners). It returns
// nil, nil when the payload holds no record this build knows.
func Unwrap(rec *hcnetv1.SharedRecord) (*Info, proto.Message) {
	for _, k := range Kinds {
		in := registry[k]
		if m, ok := in.unwrap(rec); ok {
			return in, m
		}
	}
	return nil, nil
}

// New returns an empty record of the kind.
func (in *Info) New() proto.Message { return in.newMsg() }

// Wrap puts a record of the kind into a SharedRecord as it is: nothing
// is removed (SharedForm does that). A partnership goes in without its
// shared partners. Wrap returns nil for a kind that is not Shared.
func (in *Info) Wrap(m proto.Message) *hcnetv1.SharedRecord { return in.wrap(m) }

// Text is what a person reads of a record of the kind in lang: the text
// in lang when the record has it, else in its original language, else in
// the first of its languages in alphabetical order.
func (in *Info) Text(m proto.Message, lang string) Text { return in.text(m, lang) }

// Title is what a person calls the record a SharedRecord holds, in lang
// (as Info.Text); "" when it holds none.
func Title(rec *hcnetv1.SharedRecord, lang string) string {
	in, m := Unwrap(rec)
	if in == nil {
		return ""
	}
	return in.Text(m, lang).Title
}

// EquityGroups are the population groups the record a SharedRecord holds
// names as the ones it reaches ("newly arrived families", "residents of
// Rosengård"), as its city wrote them; nil for a kind that names none.
func EquityGroups(rec *hcnetv1.SharedRecord) []string {
	in, m := Unwrap(rec)
	if in == nil {
		return nil
	}
	return in.groups(m)
}

// Personal names what of a person a SharedRecord carries that its shared
// form leaves out (a city's coordinator, a practice's contacts, a
// partnership's node-local partner ids), "" when it carries none.
func Personal(rec *hcnetv1.SharedRecord) string {
	in, _ := Unwrap(rec)
	if in == nil {
		return ""
	}
	return in.personal(rec)
}
