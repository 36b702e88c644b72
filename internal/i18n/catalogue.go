package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var locales embed.FS

// Catalogue is every language's messages.
type Catalogue struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	// files are each language's messages as its file has them.
	files map[string][]*i18n.Message
	// index is each language's messages by id.
	index map[string]map[string]*i18n.Message

	mu sync.Mutex
	// missing holds, for each message a language lacks, the number of
	// the latest miss of it: a miss asked for again is newer, so a test
	// that took a Mark before its pages sees it even if another test's
	// pages missed it first.
	missing map[Miss]uint64
	misses  uint64
}

// Miss is a message a page asked for in a language that lacks it.
type Miss struct{ Lang, ID string }

var (
	sharedOnce sync.Once
	shared     *Catalogue
	sharedErr  error
)

// Shared is the catalogue built into the binary, loaded once. Its files
// are part of the program, so a file that does not parse is a bug that
// every test catches.
func Shared() (*Catalogue, error) {
	sharedOnce.Do(func() { shared, sharedErr = Load(locales) })
	return shared, sharedErr
}

// Load reads a catalogue from fsys's locales/<part>.<code>.json files: a
// language's messages may be split in parts (the pages' common words, the
// node's, the hub's), so translators of different pages never edit one
// file. Every language but English must have messages, no file may name
// a language that is not one of the Languages, and a message in two parts
// of one language must read the same in both: otherwise one would
// silently win.
func Load(fsys fs.FS) (*Catalogue, error) {
	b := i18n.NewBundle(language.English)
	names, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	messages := map[string][]*i18n.Message{}
	type seen struct {
		file string
		msg  *i18n.Message
	}
	from := map[Miss]seen{}
	for _, f := range names {
		base := strings.TrimSuffix(path.Base(f), ".json")
		code := base[strings.LastIndex(base, ".")+1:]
		if !Known(code) {
			return nil, fmt.Errorf("i18n: %s: %q is not one of the network's languages", f, code)
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		mf, err := b.ParseMessageFileBytes(data, f)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		for _, m := range mf.Messages {
			if was, dup := from[Miss{code, m.ID}]; dup {
				if !sameText(was.msg, m) {
					return nil, fmt.Errorf("i18n: %q is translated one way in %s and another in %s", m.ID, was.file, f)
				}
				continue
			}
			from[Miss{code, m.ID}] = seen{f, m}
			messages[code] = append(messages[code], m)
		}
	}
	c := &Catalogue{bundle: b, localizers: map[string]*i18n.Localizer{}, files: messages, index: map[string]map[string]*i18n.Message{}, missing: map[Miss]uint64{}}
	for code, ms := range messages {
		c.index[code] = make(map[string]*i18n.Message, len(ms))
		for _, m := range ms {
			c.index[code][m.ID] = m
		}
	}
	for _, l := range Languages {
		if l.Code != English && messages[l.Code] == nil {
			return nil, fmt.Errorf("i18n: no catalogue for %s (%s)", l.Name, l.Code)
		}
		c.localizers[l.Code] = i18n.NewLocalizer(b, l.Code)
	}
	return c, nil
}

// sameText reports whether two parts translate a message alike, as parts
// written side by side for pages sharing a word ("Edit") may.
func sameText(a, b *i18n.Message) bool {
	return a.Zero == b.Zero && a.One == b.One && a.Two == b.Two && a.Few == b.Few && a.Many == b.Many && a.Other == b.Other
}

// In is the translator for a language; an unknown code gets English.
func (c *Catalogue) In(code string) *Translator {
	if !Known(code) {
		code = English
	}
	return &Translator{c: c, lang: code}
}

// localize finds a message, falling back to its English text. A message
// a language lacks, or has but cannot write (a plural form missing, a
// template that fails), is remembered as missing: either way the reader
// got English, and the catalogue test should say so.
func (c *Catalogue) localize(lang string, cfg *i18n.LocalizeConfig) string {
	s, err := c.localizers[lang].Localize(cfg)
	if err == nil {
		return s
	}
	if lang != English {
		c.mu.Lock()
		c.misses++
		c.missing[Miss{lang, cfg.DefaultMessage.ID}] = c.misses
		c.mu.Unlock()
	}
	var nf *i18n.MessageNotFoundErr
	if errors.As(err, &nf) && s != "" {
		return s
	}
	return cfg.DefaultMessage.Other
}

// Missing lists the messages asked for in a language that lacks them,
// since the program started, sorted by language and id.
func (c *Catalogue) Missing() []Miss { return c.MissedSince(0) }

// Mark is a point in the catalogue's history of misses, taken before
// some pages are rendered so that MissedSince names what those pages
// missed.
type Mark uint64

// Mark is now, in the history of misses.
func (c *Catalogue) Mark() Mark {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Mark(c.misses)
}

// MissedSince lists the messages missed after m, each once, sorted by
// language and id: also those missed before m and asked for again, so
// what others missed first is not hidden. The history is the process's,
// so what it names is the pages rendered meanwhile by anyone: tests
// that read it run one at a time.
func (c *Catalogue) MissedSince(m Mark) []Miss {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Miss, 0, len(c.missing))
	for miss, at := range c.missing {
		if at > uint64(m) {
			out = append(out, miss)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Lang != out[j].Lang {
			return out[i].Lang < out[j].Lang
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Messages is a language's catalogue: each message's id and its text
// ("other" form for messages with plural forms). English has none.
func (c *Catalogue) Messages(code string) map[string]string {
	out := map[string]string{}
	for _, m := range c.files[code] {
		out[m.ID] = m.Other
	}
	return out
}

// SameAsEnglish marks a translation that is rightly the English word
// ("plan" in French): the message is written {"other": "plan",
// "description": "same as English"}, so a check for words left in
// English passes it and a reader of the file sees it was meant.
const SameAsEnglish = "same as English"

// Meant lists the ids of a language's messages marked SameAsEnglish.
func (c *Catalogue) Meant(code string) map[string]bool {
	out := map[string]bool{}
	for _, m := range c.files[code] {
		if m.Description == SameAsEnglish {
			out[m.ID] = true
		}
	}
	return out
}
