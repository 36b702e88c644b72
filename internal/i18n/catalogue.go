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

	mu      sync.Mutex
	missing map[Miss]struct{}
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
// a language that is not one of the Languages, and no message may be in
// two parts of one language, where one would silently win.
func Load(fsys fs.FS) (*Catalogue, error) {
	b := i18n.NewBundle(language.English)
	names, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	messages := map[string][]*i18n.Message{}
	from := map[Miss]string{}
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
			if other, dup := from[Miss{code, m.ID}]; dup {
				return nil, fmt.Errorf("i18n: %q is in both %s and %s", m.ID, other, f)
			}
			from[Miss{code, m.ID}] = f
		}
		messages[code] = append(messages[code], mf.Messages...)
	}
	c := &Catalogue{bundle: b, localizers: map[string]*i18n.Localizer{}, files: messages, missing: map[Miss]struct{}{}}
	for _, l := range Languages {
		if l.Code != English && messages[l.Code] == nil {
			return nil, fmt.Errorf("i18n: no catalogue for %s (%s)", l.Name, l.Code)
		}
		c.localizers[l.Code] = i18n.NewLocalizer(b, l.Code)
	}
	return c, nil
}

// In is the translator for a language; an unknown code gets English.
func (c *Catalogue) In(code string) *Translator {
	if !Known(code) {
		code = English
	}
	return &Translator{c: c, lang: code}
}

// localize finds a message, falling back to its English text and
// remembering the miss; a message that fails to render is a bug in the
// catalogue, shown as its English text so the page still says something.
func (c *Catalogue) localize(lang string, cfg *i18n.LocalizeConfig) string {
	s, err := c.localizers[lang].Localize(cfg)
	var nf *i18n.MessageNotFoundErr
	switch {
	case err == nil:
		return s
	case errors.As(err, &nf):
		if lang != English {
			c.mu.Lock()
			c.missing[Miss{lang, cfg.DefaultMessage.ID}] = struct{}{}
			c.mu.Unlock()
		}
		if s != "" {
			return s
		}
	}
	return cfg.DefaultMessage.Other
}

// Missing lists the messages asked for in a language that lacks them,
// since the program started, sorted by language and id.
func (c *Catalogue) Missing() []Miss {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Miss, 0, len(c.missing))
	for m := range c.missing {
		out = append(out, m)
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
