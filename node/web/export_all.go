package web

import (
	"context"
	"net/http"
	"time"

	"github.com/hcnet/hcnet/internal/exportall"
	"google.golang.org/grpc/metadata"
)

// exportAll streams every record of the node as JSON Lines, the same
// bytes hcctl export --all writes, straight from the node's answers to
// the browser: nothing is held in memory or written to disk. Admins
// only, since it holds every contact and private record.
func (h *Handler) exportAll(w http.ResponseWriter, r *http.Request) {
	// The token and the account go with every call as h.call sends
	// them; each page of records gets its own deadline, and the whole
	// export takes as long as the node has records, or until the
	// browser goes away.
	first, cancel := h.call(r)
	md, _ := metadata.FromOutgoingContext(first)
	cancel()
	ctx := metadata.NewOutgoingContext(r.Context(), md)
	call := func(ctx context.Context) (context.Context, context.CancelFunc) {
		return context.WithTimeout(ctx, callTimeout)
	}
	lw := &lazyHeaders{w: w, set: func(hd http.Header) {
		hd.Set("Content-Type", "application/jsonl; charset=utf-8")
		hd.Set("Content-Disposition", `attachment; filename="records-`+time.Now().UTC().Format("2006-01-02")+`.jsonl"`)
		hd.Set("Cache-Control", "no-store")
	}}
	n, err := exportall.Write(ctx, h.city, lw, call)
	switch {
	case err != nil && !lw.sent:
		h.fail(w, r, err)
	case err != nil:
		// Headers are gone: the browser sees a cut-off download, and
		// the log says why.
		h.log.Error("web: export of every record cut off", "after", n, "err", err)
		panic(http.ErrAbortHandler)
	default:
		h.log.Info("web: every record exported", "records", n, "by", h.sessions.Get(r).Name)
	}
}

// lazyHeaders sets the download's headers with its first byte, so a
// failure before it is still an error page.
type lazyHeaders struct {
	w    http.ResponseWriter
	set  func(http.Header)
	sent bool
}

func (l *lazyHeaders) Write(p []byte) (int, error) {
	if !l.sent {
		l.set(l.w.Header())
		l.sent = true
	}
	return l.w.Write(p)
}
