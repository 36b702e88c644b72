package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync"
	"time"
)

// Option changes how Open opens a database.
type Option func(*options)

type options struct {
	checkpointEvery time.Duration
	mapReads        int64
}

// CheckpointInBackground moves WAL checkpoints off the writer: the writer
// no longer checkpoints after a commit (wal_autocheckpoint 0), and a
// goroutine with a connection of its own checkpoints every interval. A
// checkpoint copies the pages committed since the last one into the
// database file and fsyncs it; run by the writer, as SQLite does by
// default every 1000 pages, that work stalls the next commit. For a
// database with one busy writer (a hub's ingest); a node writes too little
// for it to matter.
func CheckpointInBackground(every time.Duration) Option {
	return func(o *options) { o.checkpointEvery = every }
}

// checkpointer runs the background checkpoints of a DB.
type checkpointer struct {
	conn *sql.DB
	// frames is the length of the WAL the last round found. idleSince
	// is when rounds began to find it unchanged, zero while writes go
	// on; truncated is set once an idle WAL file has been truncated.
	frames    int
	idleSince time.Time
	truncated bool
	stop      chan struct{}
	done      chan struct{}
	closed    sync.Once
}

// truncateIdle is how long a WAL stays unwritten before its file is
// truncated. Truncating starts the WAL over from another connection than
// the writer's, which makes the writer drop its page cache: worth it once
// writes have stopped, not between two batches.
const truncateIdle = 30 * time.Second

// walMaxFrames bounds the WAL (64 MiB of 4 KiB pages) under a writer that
// never pauses: past it, a round waits for the end of the transaction
// under way to start the WAL over.
const walMaxFrames = 16384

// startCheckpointer opens the checkpointer's connection and starts its
// rounds on db.
func startCheckpointer(db *DB, path string, sync Sync, every time.Duration) error {
	// Not the readers' DSN: a query_only connection may not checkpoint.
	// Its synchronous setting is what makes the checkpoint fsync the
	// database file before the WAL is reused.
	conn, err := sql.Open("sqlite", checkpointDSN(path, sync))
	if err != nil {
		return fmt.Errorf("open %s for checkpoints: %w", path, err)
	}
	conn.SetMaxOpenConns(1)
	conn.SetConnMaxIdleTime(0)
	db.txTurn = make(chan struct{}, 1)
	db.ckpt = &checkpointer{conn: conn, stop: make(chan struct{}), done: make(chan struct{})}
	go db.ckpt.run(db, every)
	return nil
}

func (c *checkpointer) run(db *DB, every time.Duration) {
	defer close(c.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		// An error (a busy lock, a full disk) is tried again at the next
		// tick; Close checkpoints once more and reports.
		_ = db.Checkpoint(context.Background())
	}
}

// close ends the rounds; a DB closed twice closes it twice.
func (c *checkpointer) close() error {
	var err error
	c.closed.Do(func() {
		close(c.stop)
		<-c.done
		err = c.conn.Close()
	})
	return err
}

// Checkpoint runs one round of the background checkpointer: it copies the
// WAL into the database file from a connection of its own, so that the
// writer's next transaction can start the WAL over from its beginning. It
// does nothing without CheckpointInBackground.
//
// The bulk of the copy runs while the writer goes on committing. A WAL
// is started over only by a writer that begins when every frame is in the
// database file, which a busy writer never finds: so the last frames are
// copied between two transactions of Tx, which waits meanwhile. A reader
// still reading old frames keeps them (and the WAL) until a later round.
func (db *DB) Checkpoint(ctx context.Context) error {
	c := db.ckpt
	if c == nil {
		return nil
	}
	// One round at a time: the ticker's and a caller's.
	db.ckptMu.Lock()
	defer db.ckptMu.Unlock()
	frames, err := c.checkpoint(ctx, "PASSIVE")
	if err != nil {
		return err
	}
	if frames == c.frames {
		// Nothing written since the last round.
		now := time.Now()
		if c.idleSince.IsZero() {
			c.idleSince = now
		}
		if c.truncated || now.Sub(c.idleSince) < truncateIdle {
			return nil
		}
		if err := db.lockTx(ctx); err != nil {
			return err
		}
		defer db.unlockTx()
		c.frames, err = c.checkpoint(ctx, "TRUNCATE")
		c.truncated = err == nil
		return err
	}
	c.frames, c.idleSince, c.truncated = frames, time.Time{}, false
	if frames < walMaxFrames {
		// Between two transactions the frames left are few; during
		// one, they would be a whole transaction's, copied while the
		// writer waits: leave them to a later round.
		if !db.tryLockTx() {
			return nil
		}
	} else if err := db.lockTx(ctx); err != nil {
		return err
	}
	defer db.unlockTx()
	_, err = c.checkpoint(ctx, "PASSIVE")
	return err
}

// tryLockTx is lockTx when no write transaction is under way.
func (db *DB) tryLockTx() bool {
	select {
	case db.txTurn <- struct{}{}:
		return true
	default:
		return false
	}
}

// lockTx waits for the write transaction under way, if any, to end, and
// keeps the next from beginning until unlockTx. Only a database with a
// background checkpointer needs it.
func (db *DB) lockTx(ctx context.Context) error {
	if db.txTurn == nil {
		return nil
	}
	select {
	case db.txTurn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (db *DB) unlockTx() {
	if db.txTurn != nil {
		<-db.txTurn
	}
}

// checkpoint runs one checkpoint in mode and returns the frames the WAL
// held.
func (c *checkpointer) checkpoint(ctx context.Context, mode string) (int, error) {
	var busy, frames, copied int
	err := c.conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &frames, &copied)
	if err != nil {
		return 0, fmt.Errorf("wal checkpoint: %w", err)
	}
	return frames, nil
}

// checkpointDSN has a short busy_timeout: a passive checkpoint never
// waits, and the truncating one, run between two write transactions,
// gives up rather than keep the writer waiting for a long reader.
func checkpointDSN(path string, sync Sync) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(100)")
	q.Add("_pragma", "synchronous("+string(sync)+")")
	return "file:" + path + "?" + q.Encode()
}
