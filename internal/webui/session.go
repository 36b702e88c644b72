package webui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

// SessionCookie names the session cookie.
const SessionCookie = "hcnet_session"

// Session is a browser's session. Every visitor who opens a form gets one,
// signed in or not, so the sign-in form is CSRF-protected too; signing in
// starts a new session (a new id), so an id planted before sign-in is
// worth nothing after.
type Session struct {
	ID, CSRF string
	SignedIn bool
	// Name and Role are the signed-in account's; a session signed in
	// with the admin token has no name and the role "admin".
	Name, Role string
	Expires    time.Time
	// Flash is a notice shown once on the next page ("Partnership saved").
	Flash string
}

// Keeper holds the sessions of named accounts where a restart does not
// lose them (the daemon's database); a session it no longer knows has
// ended (signed out, password changed, account removed).
type Keeper interface {
	// Load returns the live session whose cookie value is id, or nil.
	Load(ctx context.Context, id string) (*Session, error)
	// End forgets the session; an unknown id is no error.
	End(ctx context.Context, id string) error
}

// keeperTimeout bounds each call to the Keeper.
const keeperTimeout = 5 * time.Second

// Sessions keeps sessions in memory, and those of named accounts also in
// its Keeper: an anonymous or token session ends when the daemon
// restarts, which only means signing in again; an account's does not.
type Sessions struct {
	// TTL bounds a signed-in session; AnonTTL one that has not signed in.
	TTL, AnonTTL time.Duration
	// Max bounds how many sessions are kept, so a flood of visitors cannot
	// grow memory without limit; the oldest go first.
	Max int
	Now func() time.Time
	// Secure says whether a request's cookie carries Secure
	// (Origin.SecureCookies); nil means when the request came over TLS.
	Secure func(*http.Request) bool

	keep Keeper
	mu   sync.Mutex
	m    map[string]*Session
}

// NewSessions keeps signed-in sessions for 12 hours.
func NewSessions() *Sessions {
	return NewKeptSessions(nil)
}

// NewKeptSessions is NewSessions whose named accounts' sessions live in
// keep.
func NewKeptSessions(keep Keeper) *Sessions {
	return &Sessions{TTL: 12 * time.Hour, AnonTTL: time.Hour, Max: 10000, Now: time.Now, keep: keep, m: map[string]*Session{}}
}

func token() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Get returns the request's live session, or nil.
func (s *Sessions) Get(r *http.Request) *Session {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	sess := s.m[c.Value]
	if sess != nil && s.Now().After(sess.Expires) {
		delete(s.m, c.Value)
		sess = nil
	}
	s.mu.Unlock()
	if s.keep == nil || (sess != nil && sess.Name == "") {
		return sess
	}
	// An account's session is asked of the keeper every time, so one
	// ended elsewhere (password changed, account removed, another daemon
	// process) ends here at once; memory only keeps its notice.
	ctx, cancel := context.WithTimeout(r.Context(), keeperTimeout)
	defer cancel()
	kept, err := s.keep.Load(ctx, c.Value)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil || kept == nil {
		delete(s.m, c.Value)
		return nil
	}
	if sess != nil && sess.Role == kept.Role {
		return sess
	}
	s.sweep(s.Now())
	s.m[c.Value] = kept
	return kept
}

// Adopt takes a session already in the keeper (just signed in) and sets
// its cookie.
func (s *Sessions) Adopt(w http.ResponseWriter, r *http.Request, sess *Session) {
	s.mu.Lock()
	s.sweep(s.Now())
	s.m[sess.ID] = sess
	s.mu.Unlock()
	s.setCookie(w, r, sess)
}

// Start begins a session and sets its cookie: HttpOnly so scripts cannot
// read it, SameSite=Strict so other sites' pages cannot send it, Secure
// when the browser reaches the server over https (s.Secure).
func (s *Sessions) Start(w http.ResponseWriter, r *http.Request, signedIn bool) *Session {
	ttl := s.AnonTTL
	if signedIn {
		ttl = s.TTL
	}
	now := s.Now()
	sess := &Session{ID: token(), CSRF: token(), SignedIn: signedIn, Expires: now.Add(ttl)}
	s.mu.Lock()
	s.sweep(now)
	s.m[sess.ID] = sess
	s.mu.Unlock()
	s.setCookie(w, r, sess)
	return sess
}

func (s *Sessions) setCookie(w http.ResponseWriter, r *http.Request, sess *Session) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: sess.ID, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteStrictMode, Expires: sess.Expires,
	})
}

func (s *Sessions) secure(r *http.Request) bool {
	if s.Secure != nil {
		return s.Secure(r)
	}
	return r.TLS != nil
}

// sweep drops expired sessions, then the oldest while over Max.
func (s *Sessions) sweep(now time.Time) {
	for id, sess := range s.m {
		if now.After(sess.Expires) {
			delete(s.m, id)
		}
	}
	for len(s.m) >= s.Max {
		var oldest *Session
		for _, sess := range s.m {
			if oldest == nil || sess.Expires.Before(oldest.Expires) {
				oldest = sess
			}
		}
		delete(s.m, oldest.ID)
	}
}

// End forgets the session and clears its cookie.
func (s *Sessions) End(w http.ResponseWriter, sess *Session) {
	if sess != nil {
		s.mu.Lock()
		delete(s.m, sess.ID)
		s.mu.Unlock()
		if sess.Name != "" && s.keep != nil {
			ctx, cancel := context.WithTimeout(context.Background(), keeperTimeout)
			s.keep.End(ctx, sess.ID)
			cancel()
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// TakeFlash returns the session's notice once.
func (s *Sessions) TakeFlash(sess *Session) string {
	if sess == nil {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := sess.Flash
	sess.Flash = ""
	return f
}

// SetFlash leaves a notice for the next page.
func (s *Sessions) SetFlash(sess *Session, msg string) {
	s.mu.Lock()
	sess.Flash = msg
	s.mu.Unlock()
}

// ValidCSRF reports whether a POST carries the session's CSRF token.
func ValidCSRF(r *http.Request, sess *Session) bool {
	if sess == nil {
		return false
	}
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) == 1
}
