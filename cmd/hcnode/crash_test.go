package main

import (
	"context"
	"database/sql"
	"github.com/hcnet/hcnet/internal/bearer"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	_ "modernc.org/sqlite"
)

// buildHcnode compiles the real binary once per test run, so the crash
// tests kill a separate process, not a goroutine.
func buildHcnode(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hcnode")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type process struct {
	cmd  *exec.Cmd
	addr string
	done chan error
}

// startNode runs `hcnode run` and waits until it has written its address.
func startNode(t *testing.T, bin, dir string) *process {
	t.Helper()
	addrFile := filepath.Join(dir, node.AddrFile)
	os.Remove(addrFile) // a killed node leaves its old address behind
	cmd := exec.Command(bin, "run", "--dir", dir, "--listen", "127.0.0.1:0")
	cmd.Stderr = os.Stderr
	if !testing.Verbose() {
		cmd.Stderr = nil
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.done
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(addrFile); err == nil && strings.TrimSpace(string(b)) != "" {
			p.addr = strings.TrimSpace(string(b))
			return p
		}
		select {
		case err := <-p.done:
			t.Fatalf("hcnode exited before serving: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("hcnode did not write its address within 30s")
	return nil
}

func client(t *testing.T, addr, token string) hcnetv1.CityServiceClient {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(bearer.Token(token)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return hcnetv1.NewCityServiceClient(conn)
}

func initNode(t *testing.T, bin string) (dir, token string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "lund")
	out, err := exec.Command(bin, "init", "--dir", dir, "--city", "lund", "--name", "Lund", "--country", "se").CombinedOutput()
	if err != nil {
		t.Fatalf("hcnode init: %v\n%s", err, out)
	}
	token, err = node.ReadToken(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, token
}

// TestAcknowledgedWritesSurviveKill9 kills hcnode while writes are in
// flight and checks that every write it acknowledged is there afterwards,
// at the acknowledged version, in a database that passes integrity_check.
func TestAcknowledgedWritesSurviveKill9(t *testing.T) {
	bin := buildHcnode(t)
	dir, token := initNode(t, bin)
	acked := map[string]int64{}
	for round := 0; round < 3; round++ {
		p := startNode(t, bin, dir)
		c := client(t, p.addr, token)
		var mu sync.Mutex
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		roundAcks := 0
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					res, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: &hcnetv1.Partner{
						Organisation: "Föreningen Hälsa", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO,
						Sector: hcnetv1.Sector_SECTOR_HEALTH, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
					}})
					if err != nil {
						return // the node was killed under us: not acknowledged
					}
					mu.Lock()
					acked[res.GetPartner().GetId()] = res.GetPartner().GetVersion()
					roundAcks++
					mu.Unlock()
				}
			}()
		}
		// Kill once enough writes are acknowledged, with more in flight.
		deadline := time.Now().Add(60 * time.Second)
		for {
			mu.Lock()
			n := roundAcks
			mu.Unlock()
			if n >= 40 || time.Now().After(deadline) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-p.done
		cancel()
		wg.Wait()
		if roundAcks < 40 {
			t.Fatalf("round %d: only %d writes acknowledged before the deadline", round, roundAcks)
		}
	}

	p := startNode(t, bin, dir)
	c := client(t, p.addr, token)
	for id, v := range acked {
		res, err := c.GetPartner(context.Background(), &hcnetv1.GetPartnerRequest{Id: id})
		if err != nil {
			t.Fatalf("acknowledged partner %s lost after kill -9: %v", id, err)
		}
		if res.GetPartner().GetVersion() != v {
			t.Fatalf("partner %s at version %d, acknowledged %d", id, res.GetPartner().GetVersion(), v)
		}
	}
	t.Logf("%d acknowledged writes survived 3 kills", len(acked))

	// A graceful stop exits 0, removes the address file and leaves a
	// database the standard sqlite3 shell (or any SQLite) opens cleanly.
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-p.done; err != nil {
		t.Fatalf("hcnode after SIGTERM: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, node.AddrFile)); !os.IsNotExist(err) {
		t.Fatalf("node.addr still there after a clean stop: %v", err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, node.DBFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	var count int
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q (%v)", check, err)
	}
	if err := db.QueryRow("SELECT count(*) FROM records WHERE kind = 'partner'").Scan(&count); err != nil || count < len(acked) {
		t.Fatalf("%d partners in the file (%v), want at least %d", count, err, len(acked))
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	bin := buildHcnode(t)
	dir, _ := initNode(t, bin)
	before, err := os.ReadFile(filepath.Join(dir, node.IdentityFile))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "init", "--dir", dir, "--city", "lund", "--name", "Lund", "--country", "se").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "refusing to overwrite") {
		t.Fatalf("second init: err %v, output %s", err, out)
	}
	after, _ := os.ReadFile(filepath.Join(dir, node.IdentityFile))
	if string(before) != string(after) {
		t.Fatal("second init changed the identity key")
	}
	for _, f := range []string{node.TokenFile, node.IdentityFile, node.DBFile} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Fatalf("%s has mode %v, want 0600", f, st.Mode().Perm())
		}
	}
}

func TestVersionFlag(t *testing.T) {
	var out strings.Builder
	if err := NewMain(&out, &out).Run(context.Background(), []string{"--version"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "hcnode version ") {
		t.Fatalf("--version printed %q", out.String())
	}
}
