package main

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing/fstest"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Raw is what the pieces under the hub do alone, in this run, on the
// same messages. Each figure is the median of --repeat runs.
type Raw struct {
	MsgBytes      int     `json:"msg_bytes"`
	Messages      int     `json:"messages"`
	JSPublishPerS float64 `json:"jetstream_publish_per_s"`
	JSConsumePerS float64 `json:"jetstream_consume_ack_per_s"`
	SQLiteFTSPerS float64 `json:"sqlite_fts_insert_per_s"`
	VerifyPerS    float64 `json:"ed25519_verify_all_cores_per_s"`
	// VerifyExpandedPerS is the same check with the key expanded once
	// (envelope.PublicKey), the path ingest uses.
	VerifyExpandedPerS float64 `json:"ed25519_verify_expanded_key_all_cores_per_s"`
	SlowestStage       string  `json:"slowest_stage"`
	SlowestStagePerS   float64 `json:"slowest_stage_per_s"`
	// The CPU time of each stage per message (all threads, µs), medians
	// like the rates: what the stage costs a machine that runs the others
	// at the same time, as ingest does.
	JSPublishCPUus      float64 `json:"jetstream_publish_cpu_us"`
	JSConsumeCPUus      float64 `json:"jetstream_consume_ack_cpu_us"`
	SQLiteFTSCPUus      float64 `json:"sqlite_fts_insert_cpu_us"`
	VerifyExpandedCPUus float64 `json:"ed25519_verify_expanded_key_cpu_us"`
	// PipelinePerS is the raw limit of the four stages run together on
	// this machine's cores: cores over the sum of their CPU per message,
	// and no more than the single SQLite writer's own rate.
	PipelineCPUus float64 `json:"pipeline_cpu_us"`
	PipelinePerS  float64 `json:"pipeline_per_s"`
}

// rawRun is one run of each raw stage: its rate and CPU per message.
type rawRun struct {
	pub, cons, sqlite, verify, expanded         float64
	pubCPU, consCPU, sqliteCPU, verifyExpandCPU float64
}

// rawJetStream publishes msgs asynchronously to a file stream configured
// like the hub's (one message per subject, dedup ids, JetStream's default
// fsync interval), then pull-consumes and acks them all.
func rawJetStream(ctx context.Context, dir string, msgs []sealed, run *rawRun) error {
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true,
		StoreDir: dir, NoSigs: true, NoLog: true, SyncInterval: 2 * time.Minute, MaxPayload: 4 << 20})
	if err != nil {
		return err
	}
	srv.Start()
	defer srv.Shutdown()
	if !srv.ReadyForConnections(30 * time.Second) {
		return fmt.Errorf("raw NATS did not start")
	}
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4000))
	if err != nil {
		return err
	}
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "RAW", Subjects: []string{"hcnet.rec.>"},
		Storage: jetstream.FileStorage, MaxMsgsPerSubject: 1, Duplicates: 2 * time.Minute, MaxMsgSize: 4 << 20})
	if err != nil {
		return err
	}
	st := startStage()
	for _, m := range msgs {
		msg := &nats.Msg{Subject: m.subject, Data: m.data, Header: nats.Header{}}
		msg.Header.Set(jetstream.MsgIDHeader, m.msgID)
		if _, err := js.PublishMsgAsync(msg, jetstream.WithStallWait(time.Minute)); err != nil {
			return err
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(5 * time.Minute):
		return fmt.Errorf("raw publish did not complete")
	}
	run.pub, run.pubCPU = st.done(len(msgs))

	c, err := stream.CreateConsumer(ctx, jetstream.ConsumerConfig{Durable: "raw", AckPolicy: jetstream.AckExplicitPolicy,
		MaxAckPending: 4000})
	if err != nil {
		return err
	}
	st = startStage()
	got := 0
	for got < len(msgs) {
		batch, err := c.Fetch(1000, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return err
		}
		for m := range batch.Messages() {
			if err := m.Ack(); err != nil {
				return err
			}
			got++
		}
		if err := batch.Error(); err != nil {
			return err
		}
	}
	run.cons, run.consCPU = st.done(got)
	return nil
}

// rawSchema is the smallest table the hub's writes resemble: the row,
// its envelope, and an FTS5 index with the hub's tokenizer, written by a
// statement of its own as the hub's ingest does (a trigger would make
// FTS5 flush at every row).
var rawSchema = fstest.MapFS{"0001_raw.sql": {Data: []byte(`
CREATE TABLE records (id TEXT PRIMARY KEY, title TEXT, summary TEXT, body TEXT, envelope BLOB);
CREATE VIRTUAL TABLE records_fts USING fts5(title, summary, body, content='records', content_rowid='rowid',
	tokenize='unicode61 remove_diacritics 2');
`)}}

// rawSQLite inserts msgs in batches of 1000 per transaction at
// synchronous FULL, the hub's setting, with prepared statements.
func rawSQLite(ctx context.Context, dir string, msgs []sealed, run *rawRun) error {
	db, err := sqlitedb.Open(ctx, filepath.Join(dir, "raw.db"), sqlitedb.SyncFull, rawSchema)
	if err != nil {
		return err
	}
	defer db.Close()
	insert, err := db.Write.PrepareContext(ctx, `INSERT INTO records (id, title, summary, body, envelope) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insert.Close()
	index, err := db.Write.PrepareContext(ctx, `INSERT INTO records_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer index.Close()
	st := startStage()
	for i := 0; i < len(msgs); i += 1000 {
		batch := msgs[i:min(i+1000, len(msgs))]
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			ins, idx := tx.StmtContext(ctx, insert), tx.StmtContext(ctx, index)
			for _, m := range batch {
				t := m.record.GetPractice().GetTexts()["en"]
				res, err := ins.ExecContext(ctx, m.header.GetId(), t.GetTitle(), t.GetSummary(), t.GetBody(), m.data)
				if err != nil {
					return err
				}
				rowid, err := res.LastInsertId()
				if err != nil {
					return err
				}
				if _, err := idx.ExecContext(ctx, rowid, t.GetTitle(), t.GetSummary(), t.GetBody()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	run.sqlite, run.sqliteCPU = st.done(len(msgs))
	return nil
}

// rawVerify checks an ed25519 signature over each message's bytes on
// every core, first with crypto/ed25519 (as nkeys does), then with the
// key expanded once (envelope.PublicKey, as ingest does): the same
// messages and signatures.
func rawVerify(msgs []sealed, run *rawRun) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	sigs := make([][]byte, len(msgs))
	for i, m := range msgs {
		sigs[i] = ed25519.Sign(priv, m.data)
	}
	key := envelope.NewPublicKey(pub)
	// Warm both up (code, caches, the key's expansion) before timing
	// either, so the one timed first is not the one that pays for it.
	for i := range min(len(msgs), 200) {
		ed25519.Verify(pub, msgs[i].data, sigs[i])
		key.Verify(msgs[i].data, sigs[i])
	}
	run.verify, _ = allCores(len(msgs), func(i int) bool { return ed25519.Verify(pub, msgs[i].data, sigs[i]) })
	run.expanded, run.verifyExpandCPU = allCores(len(msgs), func(i int) bool { return key.Verify(msgs[i].data, sigs[i]) })
}

// allCores runs verify(0..n-1) spread over every core and returns the
// checks per second and the CPU per check (µs).
func allCores(n int, verify func(i int) bool) (perS, cpuMicros float64) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	st := startStage()
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if !verify(i) {
					panic("raw verify failed")
				}
			}
		})
	}
	wg.Wait()
	return st.done(n)
}
