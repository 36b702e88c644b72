package stem

import (
	"strings"
	"sync"
)

// cacheSize bounds each language's cache of stems. A language's texts
// use few words often (a city's texts share their vocabulary), so most
// words are stemmed once; Snowball costs about a microsecond a word,
// the cache a map lookup.
const cacheSize = 1 << 16

// cache remembers the indexed forms of one language's words. When full
// it starts again empty: simpler than evicting, and the common words
// come back at once.
type cache struct {
	mu sync.Mutex
	m  map[string]string
}

// caches are by language, shared by every Stemmer of the process.
var caches = func() map[string]*cache {
	out := make(map[string]*cache, len(stemmers))
	for lang := range stemmers {
		out[lang] = &cache{m: map[string]string{}}
	}
	return out
}()

func (c *cache) get(w string) (string, bool) {
	c.mu.Lock()
	s, ok := c.m[w]
	c.mu.Unlock()
	return s, ok
}

func (c *cache) put(w, s string) {
	c.mu.Lock()
	if len(c.m) >= cacheSize {
		clear(c.m)
	}
	// The word is often a slice of a whole text: a copy keeps the text
	// from being held.
	c.m[strings.Clone(w)] = s
	c.mu.Unlock()
}
