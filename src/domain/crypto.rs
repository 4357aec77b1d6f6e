//! Encrypting a vault passphrase for `EncryptedPassword`: RSAES-PKCS1-v1_5
//! (RFC 8017 §7.2.1) with the agent's public key from the API (hex modulus,
//! hex exponent), output as lower-case hex, as Rackspace's reference script
//! does (API-REFERENCE §8). WebCrypto has no PKCS#1 v1.5 encryption.
//!
//! What the code does, in order:
//! - reads the key's hex (whitespace ignored, as the API wraps long moduli;
//!   any other character refuses the key) and, before any arithmetic,
//!   refuses a key that is no sane RSA public key: no modulus or a zero one,
//!   under 2048 or over 4096 bits, an even modulus; an exponent that is
//!   missing, even, under 65537 or over 2^33 − 1 (the `rsa` crate's bound).
//!   The sentence names the key's size and says to reinstall the agent or
//!   contact support (a refresh brings the same key back);
//! - pads the password to `00 02 PS 00 password`, PS being at least 8
//!   non-zero bytes from the browser's `crypto.getRandomValues` (a zero byte
//!   is drawn again; 64 zeros in a row count as no randomness);
//! - raises that block to the exponent modulo n: Montgomery multiplication
//!   over 32-bit limbs, square-and-multiply over the exponent's bits.
//!
//! Public-key only: no private key is ever here. Timing: the modulus and the
//! exponent are public and decide which steps run. The steps that see the
//! password (each Montgomery product) have no branch and no memory index
//! that depends on its value: the final subtraction is always computed and
//! kept or dropped by a mask. That is a property of this source, not a
//! promise about the machine code a WebAssembly engine makes of it. The
//! password's length decides how many bytes are copied.
//!
//! About 250 lines of code (without comments, blank lines and tests), in
//! place of the `rsa` crate; the tests in `tests/crypto_keys.rs` decrypt
//! its output with that crate.

use std::fmt;
use zeroize::Zeroizing;

/// The smallest and largest moduli accepted, in bits.
pub const MIN_BITS: usize = 2048;
pub const MAX_BITS: usize = 4096;
/// The smallest and largest exponents accepted (the `rsa` crate's largest).
pub const MIN_EXPONENT: u64 = 65537;
pub const MAX_EXPONENT: u64 = (1 << 33) - 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// The key from the API is no usable RSA public key; a sentence that
    /// says what is wrong with it (and names its size when it has one).
    BadKey(String),
    EmptyPassword,
    /// PKCS#1 v1.5 carries at most (key bytes − 11) bytes.
    PasswordTooLong {
        max_bytes: usize,
    },
    /// The browser gave no random bytes for the padding.
    NoRandomness,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CryptoError::BadKey(why) => write!(
                f,
                "{why} The agent's key is wrong: reinstall the agent or contact support. The password was not sent."
            ),
            CryptoError::EmptyPassword => write!(f, "Enter the vault's encryption password."),
            CryptoError::PasswordTooLong { max_bytes } => {
                write!(f, "The password is too long for the agent's key (at most {max_bytes} bytes).")
            }
            CryptoError::NoRandomness => {
                write!(f, "This browser gave no secure random numbers, so the password could not be encrypted.")
            }
        }
    }
}

/// Hex digits (whitespace ignored) → big-endian bytes without leading zero
/// bytes, so zero gives no bytes. `None` for no digit at all or any other
/// character (non-ASCII digits such as "１" included). An odd count of
/// digits starts with a half byte. Reads chars, never byte offsets.
fn parse_hex(hex: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> =
        hex.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
    if digits.is_empty() {
        return None;
    }
    let (half, pairs) = digits.split_at(digits.len() % 2);
    let mut bytes: Vec<u8> = half.iter().copied().chain(pairs.chunks_exact(2).map(|p| p[0] << 4 | p[1])).collect();
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    Some(bytes.split_off(first))
}

/// The number of significant bits of big-endian bytes without leading zeros.
fn bit_length(big_endian: &[u8]) -> usize {
    big_endian.first().map_or(0, |top| big_endian.len().saturating_mul(8) - top.leading_zeros() as usize)
}

/// An RSA public key that passed the checks above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// The modulus, big-endian, no leading zeros: odd, 2048 to 4096 bits.
    modulus: Vec<u8>,
    /// Odd, 65537 to 2^33 − 1.
    exponent: u64,
}

impl PublicKey {
    /// The key from v1 `ModulusHex`/`ExponentHex` (or v2 `modulus`/`exponent`).
    pub fn from_hex(modulus_hex: &str, exponent_hex: &str) -> Result<PublicKey, CryptoError> {
        let bad = |why: String| Err(CryptoError::BadKey(why));
        let what = |text: &str, (part, a_part)| match text.chars().all(char::is_whitespace) {
            true => format!("has no {part}."),
            false => format!("has {a_part} that is not hexadecimal."),
        };
        let Some(modulus) = parse_hex(modulus_hex) else {
            return bad(format!("The agent's public key {}", what(modulus_hex, ("modulus", "a modulus"))));
        };
        let bits = bit_length(&modulus);
        if bits == 0 {
            return bad("The agent's public key has a modulus of zero.".into());
        }
        if bits < MIN_BITS {
            return bad(format!("The agent's public key is {bits} bits; at least {MIN_BITS} bits are needed."));
        }
        if bits > MAX_BITS {
            return bad(format!("The agent's public key is {bits} bits; at most {MAX_BITS} bits are supported."));
        }
        let key = format!("The agent's {bits}-bit public key");
        if modulus.last().is_some_and(|b| b % 2 == 0) {
            return bad(format!("{key} has an even modulus, which no RSA key has."));
        }
        let Some(exponent) = parse_hex(exponent_hex) else {
            return bad(format!("{key} {}", what(exponent_hex, ("exponent", "an exponent"))));
        };
        let e = match exponent.len() {
            0..=8 => exponent.iter().fold(0u64, |e, b| e << 8 | u64::from(*b)),
            _ => u64::MAX,
        };
        if e > MAX_EXPONENT {
            return bad(format!("{key} has a {}-bit exponent; at most 2^33 − 1 is supported.", bit_length(&exponent)));
        }
        if e % 2 == 0 {
            return bad(format!("{key} has the exponent {e}, which is even; RSA needs an odd one."));
        }
        if e < MIN_EXPONENT {
            return bad(format!("{key} has the exponent {e}; at least {MIN_EXPONENT} is needed."));
        }
        Ok(PublicKey { modulus, exponent: e })
    }

    /// The key's size in bytes (the length of every ciphertext).
    pub fn size(&self) -> usize {
        self.modulus.len()
    }

    /// RSAES-PKCS1-v1_5 (RFC 8017 §7.2.1): `00 02 PS 00 message`, PS being
    /// at least 8 random non-zero bytes, raised to the exponent mod n.
    pub fn encrypt(
        &self,
        message: &[u8],
        fill_random: impl Fn(&mut [u8]) -> Result<(), CryptoError>,
    ) -> Result<Vec<u8>, CryptoError> {
        let k = self.size();
        // PS ends where the 00 before the message starts: at 10 or later.
        let ps_end = k
            .checked_sub(message.len().saturating_add(1))
            .filter(|end| *end >= 10)
            .ok_or(CryptoError::PasswordTooLong { max_bytes: k.saturating_sub(11) })?;
        // The block holds the password: it (and its Montgomery form) is
        // wiped when dropped.
        let mut block = Zeroizing::new(vec![0u8; k]);
        block[1] = 2;
        let padding = &mut block[2..ps_end];
        fill_random(padding)?;
        for b in padding.iter_mut() {
            // Zero bytes are not allowed in PS; redraw each until it is not
            // (a source that gives 64 zeros in a row gives no randomness).
            for _ in 0..64 {
                if *b != 0 {
                    break;
                }
                let mut one = [0u8];
                fill_random(&mut one)?;
                *b = one[0];
            }
            if *b == 0 {
                return Err(CryptoError::NoRandomness);
            }
        }
        block[ps_end + 1..].copy_from_slice(message);
        let n = Modulus::new(&self.modulus);
        let x = Zeroizing::new(n.montgomery_form(&block));
        Ok(n.to_bytes(&n.pow(&x, self.exponent), k))
    }
}

/// Arithmetic modulo an odd n in Montgomery form: 32-bit limbs, least
/// significant first; R = 2^(32·limbs). It needs an odd n of at least one
/// limb; `encrypt` builds it only from a checked key (64 to 128 limbs).
struct Modulus {
    limbs: Vec<u32>,
    /// −n⁻¹ mod 2^32.
    n0_inv: u32,
    /// R² mod n, which moves a number into Montgomery form.
    r_squared: Vec<u32>,
}

impl Modulus {
    fn new(big_endian: &[u8]) -> Modulus {
        let limbs = limbs_of(big_endian);
        // Newton's iteration doubles the correct low bits of n⁻¹ each step.
        let n0 = limbs.first().copied().unwrap_or(1);
        let mut inv: u32 = 1;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(n0.wrapping_mul(inv)));
        }
        // R² mod n by doubling 1 (2·32·limbs times), reducing as it goes
        // (this depends on n only, so it may branch).
        let mut r_squared = vec![0u32; limbs.len()];
        if let Some(low) = r_squared.first_mut() {
            *low = 1;
        }
        for _ in 0..64 * limbs.len() {
            let carry = shift_left_one(&mut r_squared);
            if carry || !less_than(&r_squared, &limbs) {
                subtract(&mut r_squared, &limbs);
            }
        }
        Modulus { n0_inv: inv.wrapping_neg(), limbs, r_squared }
    }

    /// A number below n (big-endian bytes) in Montgomery form.
    fn montgomery_form(&self, big_endian: &[u8]) -> Vec<u32> {
        let mut x = Zeroizing::new(limbs_of(big_endian));
        x.resize(self.limbs.len(), 0);
        self.mul(&x, &self.r_squared)
    }

    /// Back from Montgomery form, as the last `len` big-endian bytes.
    fn to_bytes(&self, x: &[u32], len: usize) -> Vec<u8> {
        let mut one = vec![0u32; self.limbs.len()];
        if let Some(low) = one.first_mut() {
            *low = 1;
        }
        let plain = self.mul(x, &one);
        let mut out: Vec<u8> = plain.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
        out.split_off(out.len().saturating_sub(len))
    }

    /// x^e (Montgomery form in and out) for e ≥ 1, square-and-multiply from
    /// the top bit; the exponent is public, so its bits may branch.
    fn pow(&self, x: &[u32], e: u64) -> Vec<u32> {
        // Each replaced value is wiped as it goes (the first is the message).
        let mut acc = Zeroizing::new(x.to_vec());
        for bit in (0..(u64::BITS - e.leading_zeros()).saturating_sub(1)).rev() {
            acc = Zeroizing::new(self.mul(&acc, &acc));
            if e >> bit & 1 == 1 {
                acc = Zeroizing::new(self.mul(&acc, x));
            }
        }
        std::mem::take(&mut *acc)
    }

    /// Montgomery multiplication a·b·R⁻¹ mod n (CIOS), for a, b < n. No
    /// branch or index depends on a or b.
    fn mul(&self, a: &[u32], b: &[u32]) -> Vec<u32> {
        let n = &self.limbs;
        let s = n.len();
        let mut t = vec![0u32; s + 2];
        for &bi in b {
            let mut carry = 0u64;
            for j in 0..s {
                let x = u64::from(t[j]) + u64::from(a[j]) * u64::from(bi) + carry;
                t[j] = x as u32;
                carry = x >> 32;
            }
            let x = u64::from(t[s]) + carry;
            t[s] = x as u32;
            t[s + 1] = (x >> 32) as u32;
            let m = t[0].wrapping_mul(self.n0_inv);
            let mut carry = (u64::from(t[0]) + u64::from(m) * u64::from(n[0])) >> 32;
            for j in 1..s {
                let x = u64::from(t[j]) + u64::from(m) * u64::from(n[j]) + carry;
                t[j - 1] = x as u32;
                carry = x >> 32;
            }
            let x = u64::from(t[s]) + carry;
            t[s - 1] = x as u32;
            t[s] = t[s + 1] + (x >> 32) as u32;
        }
        // t < 2n, so t[s] is 0 or 1: t − n is the answer unless it borrows
        // beyond t[s]. Both are computed; a mask keeps one.
        // Wiped when dropped: the one not kept holds the message too.
        let mut reduced = Zeroizing::new(t[..s].to_vec());
        let borrow = subtract(&mut reduced, n);
        let keep_t = (u32::from(borrow) & !t[s] & 1).wrapping_neg();
        t.truncate(s);
        for (x, r) in t.iter_mut().zip(reduced.iter()) {
            *x = *x & keep_t | *r & !keep_t;
        }
        t
    }
}

/// Big-endian bytes → little-endian 32-bit limbs.
fn limbs_of(big_endian: &[u8]) -> Vec<u32> {
    big_endian.rchunks(4).map(|c| c.iter().fold(0u32, |l, b| l << 8 | u32::from(*b))).collect()
}

/// a < b, for limbs of equal length (used on public values only: it stops
/// at the first limb that differs).
fn less_than(a: &[u32], b: &[u32]) -> bool {
    a.iter().rev().cmp(b.iter().rev()) == std::cmp::Ordering::Less
}

/// a −= b (mod 2^(32·len)), returning the borrow out of the top limb.
fn subtract(a: &mut [u32], b: &[u32]) -> bool {
    let mut borrow = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(*y);
        let (d2, b2) = d1.overflowing_sub(u32::from(borrow));
        *x = d2;
        borrow = b1 | b2;
    }
    borrow
}

/// a <<= 1, returning the bit shifted out.
fn shift_left_one(a: &mut [u32]) -> bool {
    let mut carry = 0;
    for x in a.iter_mut() {
        let next = *x >> 31;
        *x = *x << 1 | carry;
        carry = next;
    }
    carry == 1
}

fn browser_random(buf: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::getrandom(buf).map_err(|_| CryptoError::NoRandomness)
}

/// Encrypts `password` for the agent; the caller drops the plain text at
/// once. The key is checked first: a wrong key is reported whether or not
/// a password was entered.
pub fn encrypt_password(modulus_hex: &str, exponent_hex: &str, password: &str) -> Result<String, CryptoError> {
    let key = PublicKey::from_hex(modulus_hex, exponent_hex)?;
    if password.is_empty() {
        return Err(CryptoError::EmptyPassword);
    }
    let cipher = key.encrypt(password.as_bytes(), browser_random)?;
    Ok(cipher.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    //! The private parts; tests/crypto_keys.rs checks the public ones against
    //! the `rsa` crate.
    use super::*;

    #[test]
    fn hex_digits_become_big_endian_bytes_and_nothing_else_does() {
        assert_eq!(parse_hex("10001"), Some(vec![0x01, 0x00, 0x01]), "an odd count starts with a half byte");
        assert_eq!(parse_hex("00 0a\tFf\n"), Some(vec![0x0a, 0xff]), "whitespace ignored, leading zeros dropped");
        assert_eq!(parse_hex("\u{3000}a\u{3000}b"), Some(vec![0xab]), "Unicode whitespace too");
        assert_eq!(parse_hex("0000"), Some(vec![]), "zero has no bytes");
        assert_eq!(parse_hex("0"), Some(vec![]));
        for bad in ["", "   ", "12g4", "１２", "ab\u{301}", "é1", "0x10001", "-1", "\u{0}"] {
            assert_eq!(parse_hex(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn bit_lengths_of_edge_values() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[1]), 1);
        assert_eq!(bit_length(&[0x80, 0]), 16);
        assert_eq!(bit_length(&[0x7f, 0xff]), 15);
    }

    #[test]
    fn a_key_too_small_for_the_padding_is_refused_not_underflowed() {
        // from_hex never makes such a key; encrypt checks anyway.
        let key = |size| PublicKey { modulus: vec![0xff; size], exponent: 65537 };
        for size in [0, 1, 2, 10] {
            assert_eq!(
                key(size).encrypt(b"", |_| Ok(())),
                Err(CryptoError::PasswordTooLong { max_bytes: 0 }),
                "{size}"
            );
        }
        assert_eq!(key(11).encrypt(b"x", |_| Ok(())), Err(CryptoError::PasswordTooLong { max_bytes: 0 }));
        // 11 bytes hold an empty message; a source of zeros only is no source.
        assert_eq!(key(11).encrypt(b"", |_| Ok(())), Err(CryptoError::NoRandomness));
    }

    #[test]
    fn the_final_subtraction_is_taken_exactly_when_the_product_reaches_n() {
        // n = 2^64 − 59 (odd; two limbs, least significant first).
        let n = Modulus::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc5]);
        let n_limbs = n.limbs.clone();
        let one = n.montgomery_form(&[1]);
        // (n − 1)·(n − 1) ≡ 1 and 1·1 = 1: back from Montgomery form both are 1.
        let minus_one = n.montgomery_form(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc4]);
        assert_eq!(n.to_bytes(&n.mul(&minus_one, &minus_one), 8), vec![0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(n.to_bytes(&n.mul(&one, &one), 8), vec![0, 0, 0, 0, 0, 0, 0, 1]);
        // 3^5 mod n = 243, and every result is below n.
        let three = n.montgomery_form(&[3]);
        let r = n.pow(&three, 5);
        assert!(less_than(&r, &n_limbs));
        assert_eq!(n.to_bytes(&r, 8), vec![0, 0, 0, 0, 0, 0, 0, 243]);
        assert!(!subtract(&mut [5, 0], &[4, 0]) && subtract(&mut [4, 0], &[5, 0]), "the borrow out of the top");
    }
}
