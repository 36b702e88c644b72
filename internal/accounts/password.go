package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs. They are stored with every hash, so raising
// them later leaves old hashes verifiable; a sign-in under older
// parameters rehashes the password with the current ones.
type Params struct {
	Time    uint32 // passes over memory
	Memory  uint32 // KiB
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultParams is RFC 9106's second recommended option (section 4): 64
// MiB, three passes, four lanes, a 128-bit salt and a 256-bit tag. It takes
// well under a second on a small server and makes each guess cost 64 MiB.
var DefaultParams = Params{Time: 3, Memory: 64 * 1024, Threads: 4, SaltLen: 16, KeyLen: 32}

// MinPassword is the shortest password accepted: NIST SP 800-63B's floor
// for a password chosen by its user.
const MinPassword = 8

var b64 = base64.RawStdEncoding

// Hash hashes password with fresh salt into the PHC string form
// "$argon2id$v=19$m=65536,t=3,p=4$salt$hash".
func Hash(password string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// errHashFormat is a stored hash this package cannot read.
var errHashFormat = errors.New("accounts: unreadable password hash")

// parseHash reads the parameters, salt and key of a stored hash.
func parseHash(encoded string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errHashFormat
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errHashFormat
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errHashFormat
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, errHashFormat
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return p, nil, nil, errHashFormat
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// Verify reports whether password matches the stored hash, comparing in
// constant time, and the parameters the hash was made with.
func Verify(password, encoded string) (bool, Params, error) {
	p, salt, key, err := parseHash(encoded)
	if err != nil {
		return false, p, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, p, nil
}

// GeneratePassword is a random password of 20 characters (120 bits) for
// an account whose first password is printed once.
func GeneratePassword() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
