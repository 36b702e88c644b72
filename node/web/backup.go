package web

import (
	"context"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// backupAdmin is auth for the backup: an admin's, whatever the page
// showed, since the copy holds every record and contact, private ones
// too.
func (h *Handler) backupAdmin(next http.HandlerFunc) http.HandlerFunc {
	return h.auth(func(w http.ResponseWriter, r *http.Request) {
		if sess := h.sessions.Get(r); sess == nil || !role(sess).CanAdmin() {
			h.refused(w, r, sess, notBackup)
			return
		}
		if h.opts.Backup == nil {
			http.NotFound(w, r)
			return
		}
		next(w, r)
	})
}

// backupPage says what a backup holds and offers the download.
func (h *Handler) backupPage(w http.ResponseWriter, r *http.Request) {
	h.pages.Render(w, http.StatusOK, "backup", h.page(r, "/backup", h.tr(r).T("Backup"), nil))
}

// downloadBackup copies the database into a private file in the data
// folder (node.Store.Backup, as hcctl backup does) and streams that
// file, so the copy is consistent and never held in memory; the file is
// removed once sent.
func (h *Handler) downloadBackup(w http.ResponseWriter, r *http.Request) {
	// os.CreateTemp makes the file 0600: the copy holds contacts'
	// personal data from its first byte.
	tmp, err := os.CreateTemp(h.opts.BackupDir, ".web-backup-*.db")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	name := tmp.Name()
	tmp.Close()
	defer os.Remove(name)
	if err := h.opts.Backup(r.Context(), name); err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := os.Open(name)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.sqlite3")
	hd.Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	hd.Set("Content-Disposition", `attachment; filename="`+h.backupName(r)+`"`)
	hd.Set("Cache-Control", "no-store")
	if _, err := io.Copy(w, f); err != nil {
		h.log.Warn("web: backup download ended early", "err", err)
		return
	}
	h.log.Info("web: backup downloaded", "bytes", st.Size())
}

// backupName names the file after the city and the day, as the README's
// hcctl backup example does: hcnode-malmo-2026-12-03.db.
func (h *Handler) backupName(r *http.Request) string {
	ctx, cancel := h.call(r)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, nameTimeout)
	defer cancel2()
	city := "city"
	if res, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{}); err == nil && fileSafe(res.GetCity().GetId()) {
		city = res.GetCity().GetId()
	}
	return "hcnode-" + city + "-" + time.Now().UTC().Format("2006-01-02") + ".db"
}

// fileSafe says whether s can stand in a file name and a header as it
// is; city ids are lower-case tokens, so anything else is not one.
func fileSafe(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
