package secret

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nats-io/nkeys"
)

// Refuse fails when dir already holds any of files, so init never
// overwrites an existing node's or hub's identity. role names what would
// have been overwritten ("a node").
func Refuse(dir, role string, files ...string) (exists bool, err error) {
	for _, f := range files {
		_, err := os.Stat(filepath.Join(dir, f))
		switch {
		case err == nil:
			return true, fmt.Errorf("%s already holds %s (%s exists); refusing to overwrite it", dir, role, f)
		case !errors.Is(err, fs.ErrNotExist):
			return false, err
		}
	}
	return false, nil
}

// WriteIdentity creates a new ed25519 identity (a NATS user nkey seed)
// and a random 256-bit admin token as dir/identityFile and dir/tokenFile.
func WriteIdentity(dir, identityFile, tokenFile string) error {
	kp, err := nkeys.CreateUser()
	if err != nil {
		return err
	}
	seed, err := kp.Seed()
	if err != nil {
		return err
	}
	token := make([]byte, 32)
	if _, err := rand.Read(token); err != nil {
		return err
	}
	if err := Write(filepath.Join(dir, identityFile), append(seed, '\n')); err != nil {
		return err
	}
	return Write(filepath.Join(dir, tokenFile), []byte(hex.EncodeToString(token)+"\n"))
}
