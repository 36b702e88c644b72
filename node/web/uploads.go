package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"sync"
	"time"
)

// Limits of the files held between their check and their confirmation.
const (
	// maxUpload bounds one file: tens of thousands of rows. Bigger
	// files go through hcctl import, which streams them.
	maxUpload = 16 << 20
	// maxHeld bounds all files held at once; the oldest go first.
	maxHeld = 64 << 20
	// heldFor is how long a checked file waits for its confirmation.
	heldFor = time.Hour
)

// heldFile is an uploaded file that was checked and shown to an officer
// and waits for them to confirm it. The confirmation names it by token,
// so a confirmation saves exactly the file that was checked, never one
// uploaded since in another tab.
type heldFile struct {
	token, session, sheet string
	// name is the file's name on the officer's computer, for the pages.
	name string
	data []byte
	// key names the import to the node, so that confirming twice (a
	// double click, a reload) saves the file once.
	key string
	at  time.Time
}

// heldFiles keeps checked files by session, one per sheet. The zero
// value is ready to use.
type heldFiles struct {
	mu    sync.Mutex
	files map[string]*heldFile // by session and sheet
	bytes int
}

func heldKey(session, sheet string) string { return session + "\x00" + sheet }

// importKey is the name the node records an import under: the digest of
// the sheet's kind and every byte of the file, as hcctl import computes
// it, so a file saved from the pages is not saved again by hcctl, nor
// the other way round.
func importKey(sheet string, data []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "hcctl import %s\n", sheet)
	h.Write(data)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// hold keeps the file of sheet for the session, replacing the session's
// earlier file of that sheet, and returns it with its token.
func (hf *heldFiles) hold(session, sheet, name string, data []byte, now time.Time) *heldFile {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	f := &heldFile{token: hex.EncodeToString(b), session: session, sheet: sheet, name: name, data: data, key: importKey(sheet, data), at: now}
	hf.mu.Lock()
	defer hf.mu.Unlock()
	if hf.files == nil {
		hf.files = map[string]*heldFile{}
	}
	hf.drop(heldKey(session, sheet))
	for k, old := range hf.files {
		if now.Sub(old.at) > heldFor {
			hf.drop(k)
		}
	}
	for hf.bytes+len(data) > maxHeld && len(hf.files) > 0 {
		oldest := ""
		for k, old := range hf.files {
			if oldest == "" || old.at.Before(hf.files[oldest].at) {
				oldest = k
			}
		}
		hf.drop(oldest)
	}
	hf.files[heldKey(session, sheet)] = f
	hf.bytes += len(data)
	return f
}

func (hf *heldFiles) drop(k string) {
	if old, ok := hf.files[k]; ok {
		hf.bytes -= len(old.data)
		delete(hf.files, k)
	}
}

// get returns the session's file of sheet with the token, or nil when
// it is gone (replaced, expired, or the token is another's).
func (hf *heldFiles) get(session, sheet, token string, now time.Time) *heldFile {
	hf.mu.Lock()
	defer hf.mu.Unlock()
	f := hf.files[heldKey(session, sheet)]
	if f == nil || subtle.ConstantTimeCompare([]byte(f.token), []byte(token)) != 1 || now.Sub(f.at) > heldFor {
		return nil
	}
	return f
}
