package envelope

import (
	"crypto/ed25519"
	"sync"

	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// PublicKey is an ed25519 public key decoded and expanded once (the
// point -A and its lookup table, ~1.5 KiB), so that checking many
// signatures by one signer skips the per-call decompression Go's
// crypto/ed25519 does and uses curve25519-voi's faster double-scalar
// multiplication: about half the CPU time of crypto/ed25519.Verify a
// check (BenchmarkVerifySignature: 32 µs against 60 µs of CPU on a busy
// 2-core VM).
//
// It accepts exactly the signatures crypto/ed25519.Verify accepts, which
// is what every city verifies with (through nkeys): a hub must never
// store and forward a record its peers reject, nor refuse one they take.
// The argument, check by check, with voi's VerifyOptionsStdLib:
//
//   - key: both decode A the same way, reducing a y ≥ p and taking x = 0
//     with the sign bit set (AllowNonCanonicalA), and both allow
//     small-order A (AllowSmallOrderA); both hash the key's bytes as
//     given, not a re-encoding. A key that is no curve point fails
//     NewExpandedPublicKey; every stdlib check with it fails too, and
//     Verify then asks stdlib itself.
//   - S: both reject S ≥ ℓ (voi ScMinimalVartime, stdlib
//     SetCanonicalBytes; stdlib's earlier test of the top three bits
//     rejects only values ≥ ℓ too).
//   - k: both reduce SHA-512(R ‖ A ‖ M) mod ℓ.
//   - equation: both compute [S]B − [k]A without the cofactor
//     (CofactorlessVerify) and compare its canonical encoding with R's
//     bytes, so a non-canonical R fails both (voi rejects it up front,
//     AllowNonCanonicalR false, which changes no outcome).
//
// Batch verification (voi's BatchVerifier) takes about half that again
// per signature (12 to 17 µs of CPU at 1,000 to 64 a batch), but it is
// only sound with the cofactored equation [8]([S]B − R − [k]A) = 0, and
// voi falls back to one check at a time under VerifyOptionsStdLib. The
// cofactored equation also accepts a signature whose R carries a
// small-order component T, which anyone holding the key can make
// (R = [r]B + T, S = r + k·a) and which crypto/ed25519 rejects; the test
// helper mixedOrderR makes one. Closing that gap means checking each R
// torsion-free, a multiplication by ℓ (~26 µs of CPU) that costs more
// than batching saves, so batches are not used.
type PublicKey struct {
	raw ed25519.PublicKey

	once sync.Once
	exp  *voi.ExpandedPublicKey // nil: not a curve point, or not expanded yet
}

// stdlibOptions select crypto/ed25519's acceptance rules (see PublicKey).
var stdlibOptions = &voi.Options{Verify: voi.VerifyOptionsStdLib}

// NewPublicKey prepares checks against a raw 32-byte ed25519 key. The
// expansion is done at the first Verify, so keys that are held but never
// used (members that publish nothing) cost no table.
func NewPublicKey(raw ed25519.PublicKey) *PublicKey {
	return &PublicKey{raw: raw}
}

// Verify reports whether sig is a valid signature of message by the
// key, with crypto/ed25519.Verify's outcome. It is safe for concurrent
// use.
func (k *PublicKey) Verify(message, sig []byte) bool {
	if len(k.raw) != ed25519.PublicKeySize {
		return false // ed25519.Verify would panic; nkeys returns an error
	}
	k.once.Do(func() {
		if exp, err := voi.NewExpandedPublicKey(voi.PublicKey(k.raw)); err == nil {
			k.exp = exp
		}
	})
	if k.exp == nil {
		return ed25519.Verify(k.raw, message, sig)
	}
	return voi.VerifyExpandedWithOptions(k.exp, message, sig, stdlibOptions)
}
