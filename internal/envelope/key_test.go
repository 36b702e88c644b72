package envelope

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/hex"
	"math/big"
	"testing"

	"github.com/oasisprotocol/curve25519-voi/curve"
	"github.com/oasisprotocol/curve25519-voi/curve/scalar"
	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// hexBytes decodes a fixed test value.
func hexBytes(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Encodings of small-order points and of one non-canonical identity.
const (
	identityHex      = "0100000000000000000000000000000000000000000000000000000000000000"
	identityNegXHex  = "0100000000000000000000000000000000000000000000000000000000000080" // x = 0 with the sign bit set
	identityYPlusP   = "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f" // y = 1 + p
	orderEightHex    = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
	zeroScalarHex    = "0000000000000000000000000000000000000000000000000000000000000000"
	groupOrderDecStr = "7237005577332262213973186563042994240857116359379907606001950938285454250989"
)

// mixedOrderR signs message with the key of seed the way a dishonest key
// holder could: R = [r]B + T for a point T of order 8. The equation
// without the cofactor fails by T, so crypto/ed25519 rejects it; the
// cofactored one (and so any batch verification) accepts it.
func mixedOrderR(tb testing.TB, seed, message []byte) (ed25519.PublicKey, []byte) {
	tb.Helper()
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	h := sha512.Sum512(seed)
	h[0] &= 248
	h[31] &= 127
	h[31] |= 64
	must := func(_ *scalar.Scalar, err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	var a, r, k, s scalar.Scalar
	must(a.SetBytesModOrder(h[:32]))
	wide := sha512.Sum512(append([]byte("nonce"), message...))
	must(r.SetBytesModOrderWide(wide[:]))

	var tc curve.CompressedEdwardsY
	if _, err := tc.SetBytes(hexBytes(tb, orderEightHex)); err != nil {
		tb.Fatal(err)
	}
	var T, R curve.EdwardsPoint
	if _, err := T.SetCompressedY(&tc); err != nil {
		tb.Fatal(err)
	}
	if !T.IsSmallOrder() || T.IsIdentity() {
		tb.Fatal("T is not a small-order point other than the identity")
	}
	R.MulBasepoint(curve.ED25519_BASEPOINT_TABLE, &r)
	R.Add(&R, &T)
	var rc curve.CompressedEdwardsY
	rc.SetEdwardsPoint(&R)

	hk := sha512.New()
	hk.Write(rc[:])
	hk.Write(pub)
	hk.Write(message)
	must(k.SetBytesModOrderWide(hk.Sum(nil)))
	s.Mul(&k, &a)
	s.Add(&s, &r)
	sig := append(bytes.Clone(rc[:]), make([]byte, 32)...)
	if err := s.ToBytes(sig[32:]); err != nil {
		tb.Fatal(err)
	}
	return pub, sig
}

// plusOrder returns S + ℓ as 32 little-endian bytes: the same scalar
// mod ℓ, in the non-canonical form both verifiers must refuse.
func plusOrder(tb testing.TB, sig []byte) []byte {
	tb.Helper()
	le := func(b []byte) []byte { // little- to big-endian and back
		out := bytes.Clone(b)
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
		return out
	}
	l, _ := new(big.Int).SetString(groupOrderDecStr, 10)
	s := new(big.Int).SetBytes(le(sig[32:]))
	sum := s.Add(s, l).FillBytes(make([]byte, 32))
	return append(bytes.Clone(sig[:32]), le(sum)...)
}

// notOnCurve finds a 32-byte string that decodes to no point.
func notOnCurve(tb testing.TB) ed25519.PublicKey {
	tb.Helper()
	for y := byte(2); y < 255; y++ {
		k := make([]byte, 32)
		k[0] = y
		if _, err := voi.NewExpandedPublicKey(k); err != nil {
			return k
		}
	}
	tb.Fatal("no invalid key found")
	return nil
}

// TestPublicKeyMatchesStdlib checks that PublicKey accepts exactly what
// crypto/ed25519 accepts, on valid signatures, tampering, and the edge
// cases where ed25519 implementations are known to differ.
func TestPublicKeyMatchesStdlib(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, 32)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	msg := signedBytes([]byte("header"), []byte("payload"))
	sig := ed25519.Sign(priv, msg)
	flip := func(b []byte, i int) []byte {
		b = bytes.Clone(b)
		b[i] ^= 1
		return b
	}
	otherPub := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, 32)).Public().(ed25519.PublicKey)
	mixedPub, mixedSig := mixedOrderR(t, seed, msg)
	identity, zero := hexBytes(t, identityHex), hexBytes(t, zeroScalarHex)

	for _, c := range []struct {
		title    string
		pub      ed25519.PublicKey
		msg, sig []byte
		want     bool
	}{
		{"valid", pub, msg, sig, true},
		{"message changed", pub, flip(msg, len(msg)-1), sig, false},
		{"R changed", pub, msg, flip(sig, 3), false},
		{"S changed", pub, msg, flip(sig, 40), false},
		{"S + ℓ", pub, msg, plusOrder(t, sig), false},
		{"wrong key", otherPub, msg, sig, false},
		{"short signature", pub, msg, sig[:63], false},
		{"long signature", pub, msg, append(bytes.Clone(sig), 0), false},
		{"R with a small-order component", mixedPub, msg, mixedSig, false},
		{"small-order A and R, S = 0", identity, msg, append(bytes.Clone(identity), zero...), true},
		{"non-canonical A (y = 1 + p)", hexBytes(t, identityYPlusP), msg, append(bytes.Clone(identity), zero...), true},
		{"non-canonical R (x = 0, sign bit set)", identity, msg, append(hexBytes(t, identityNegXHex), zero...), false},
		{"A not on the curve", notOnCurve(t), msg, sig, false},
	} {
		t.Run(c.title, func(t *testing.T) {
			std := ed25519.Verify(c.pub, c.msg, c.sig)
			if std != c.want {
				t.Fatalf("crypto/ed25519 says %v, the case expects %v", std, c.want)
			}
			k := NewPublicKey(c.pub)
			for range 2 { // before and after the expansion is cached
				if got := k.Verify(c.msg, c.sig); got != std {
					t.Fatalf("PublicKey.Verify = %v, crypto/ed25519 = %v", got, std)
				}
			}
		})
	}

	// The reason batch verification is not used: its equation accepts
	// the mixed-order R that crypto/ed25519 rejects.
	if !voi.VerifyWithOptions(voi.PublicKey(mixedPub), msg, mixedSig, &voi.Options{Verify: voi.VerifyOptionsZIP_215}) {
		t.Error("cofactored verification rejects the mixed-order R; the comment on PublicKey is out of date")
	}
}

// FuzzPublicKeyVerify checks PublicKey against crypto/ed25519 on
// arbitrary keys, messages and signatures.
func FuzzPublicKeyVerify(f *testing.F) {
	seed := bytes.Repeat([]byte{9}, 32)
	priv := ed25519.NewKeyFromSeed(seed)
	msg := []byte("a message")
	f.Add([]byte(priv.Public().(ed25519.PublicKey)), msg, ed25519.Sign(priv, msg))
	mixedPub, mixedSig := mixedOrderR(f, seed, msg)
	f.Add([]byte(mixedPub), msg, mixedSig)
	identity, zero := hexBytes(f, identityHex), hexBytes(f, zeroScalarHex)
	f.Add(identity, msg, append(bytes.Clone(identity), zero...))
	f.Add(hexBytes(f, identityYPlusP), msg, append(hexBytes(f, identityNegXHex), zero...))
	f.Fuzz(func(t *testing.T, pub, msg, sig []byte) {
		if len(pub) != ed25519.PublicKeySize {
			return // ed25519.Verify panics on these; NewVerifier never makes one
		}
		std := ed25519.Verify(pub, msg, sig)
		if got := NewPublicKey(pub).Verify(msg, sig); got != std {
			t.Fatalf("PublicKey.Verify = %v, crypto/ed25519 = %v (pub %x sig %x)", got, std, pub, sig)
		}
	})
}
