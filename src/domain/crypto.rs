//! Encrypting a vault passphrase for `EncryptedPassword`: RSAES-PKCS1-v1_5
//! with the agent's public key (hex modulus + hex exponent), output as
//! lower-case hex, exactly as Rackspace's own reference script does
//! (API-REFERENCE §8). WebCrypto has no PKCS#1 v1.5 encryption.
//!
//! Only public-key encryption is needed, so this is a small, self-contained
//! implementation (the `rsa` crate was ~17 KB gzip of the bundle; the tests
//! decrypt with it). Nothing here handles a private key: timing reveals no
//! secret but the message length, which the ciphertext's use reveals anyway.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// The key from the API cannot be used (not hex, too small, …).
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
                "The agent's public key from the API cannot be used ({why}), so the password was not sent. Refresh the agent and try again."
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

/// Hex digits (whitespace ignored, as the API wraps long moduli) → bytes,
/// big-endian, leading zero bytes dropped.
fn parse_hex(what: &str, hex: &str) -> Result<Vec<u8>, CryptoError> {
    let digits: Vec<u8> = hex
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()
        .ok_or_else(|| CryptoError::BadKey(format!("{what} is not hex")))?;
    if digits.is_empty() {
        return Err(CryptoError::BadKey(format!("{what} is not hex")));
    }
    // An odd count of digits starts with a half byte.
    let mut bytes = Vec::with_capacity(digits.len() / 2 + 1);
    let odd = digits.len() % 2;
    if odd == 1 {
        bytes.push(digits[0]);
    }
    bytes.extend(digits[odd..].chunks(2).map(|p| p[0] << 4 | p[1]));
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    Ok(bytes.split_off(first))
}

/// An RSA public key, checked the way the `rsa` crate checks one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// The modulus, big-endian, no leading zeros.
    modulus: Vec<u8>,
    exponent: u64,
}

impl PublicKey {
    /// The key from v1 `ModulusHex`/`ExponentHex` (or v2 `modulus`/`exponent`).
    pub fn from_hex(modulus_hex: &str, exponent_hex: &str) -> Result<PublicKey, CryptoError> {
        let modulus = parse_hex("the modulus", modulus_hex)?;
        let exponent = parse_hex("the exponent", exponent_hex)?;
        let bits = modulus.len() * 8 - modulus.first().map_or(8, |b| b.leading_zeros() as usize);
        if !(512..=4096).contains(&bits) {
            return Err(CryptoError::BadKey(format!("a {bits}-bit modulus; 512 to 4096 bits are usable")));
        }
        if modulus.last().is_some_and(|b| b % 2 == 0) {
            return Err(CryptoError::BadKey("an even modulus".into()));
        }
        let exponent = (exponent.len() <= 5)
            .then(|| exponent.iter().fold(0u64, |e, b| e << 8 | u64::from(*b)))
            .filter(|e| *e >= 3 && *e < 1 << 33 && e % 2 == 1)
            .ok_or_else(|| CryptoError::BadKey("the exponent is not an odd number from 3 to 2^33".into()))?;
        Ok(PublicKey { modulus, exponent })
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
        if message.len() > k - 11 {
            return Err(CryptoError::PasswordTooLong { max_bytes: k - 11 });
        }
        let mut block = vec![0u8; k];
        block[1] = 2;
        let padding = &mut block[2..k - message.len() - 1];
        fill_random(padding)?;
        for b in padding.iter_mut() {
            // Zero bytes are not allowed in PS; redraw each until it is not.
            while *b == 0 {
                let mut one = [0u8];
                fill_random(&mut one)?;
                *b = one[0];
            }
        }
        block[k - message.len()..].copy_from_slice(message);
        let n = Modulus::new(&self.modulus);
        Ok(n.to_bytes(&n.pow(&n.montgomery_form(&block), self.exponent), k))
    }
}

/// Arithmetic modulo an odd n in Montgomery form: 32-bit limbs, least
/// significant first; R = 2^(32·limbs).
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
        let mut inv: u32 = 1;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(limbs[0].wrapping_mul(inv)));
        }
        // R² mod n by doubling 1 (2·32·limbs times), reducing as it goes.
        let mut r_squared = vec![0u32; limbs.len()];
        r_squared[0] = 1;
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
        let mut x = limbs_of(big_endian);
        x.resize(self.limbs.len(), 0);
        self.mul(&x, &self.r_squared)
    }

    /// Back from Montgomery form, as `len` big-endian bytes.
    fn to_bytes(&self, x: &[u32], len: usize) -> Vec<u8> {
        let mut one = vec![0u32; self.limbs.len()];
        one[0] = 1;
        let plain = self.mul(x, &one);
        let mut out: Vec<u8> = plain.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
        out.split_off(out.len() - len)
    }

    /// x^e (Montgomery form in and out), square-and-multiply from the top bit.
    fn pow(&self, x: &[u32], e: u64) -> Vec<u32> {
        let mut acc = x.to_vec();
        for bit in (0..63 - e.leading_zeros()).rev() {
            acc = self.mul(&acc, &acc);
            if e >> bit & 1 == 1 {
                acc = self.mul(&acc, x);
            }
        }
        acc
    }

    /// Montgomery multiplication a·b·R⁻¹ mod n (CIOS), for a, b < n.
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
        // t < 2n: one subtraction at most.
        let overflow = t[s] != 0;
        t.truncate(s);
        if overflow || !less_than(&t, n) {
            subtract(&mut t, n);
        }
        t
    }
}

/// Big-endian bytes → little-endian 32-bit limbs.
fn limbs_of(big_endian: &[u8]) -> Vec<u32> {
    big_endian.rchunks(4).map(|c| c.iter().fold(0u32, |l, b| l << 8 | u32::from(*b))).collect()
}

fn less_than(a: &[u32], b: &[u32]) -> bool {
    a.iter().rev().cmp(b.iter().rev()) == std::cmp::Ordering::Less
}

/// a −= b (mod 2^(32·len)); callers ensure a ≥ b or want the wrap.
fn subtract(a: &mut [u32], b: &[u32]) {
    let mut borrow = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(*y);
        let (d2, b2) = d1.overflowing_sub(u32::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
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

/// Encrypts `password` for the agent; the caller drops the plain text at once.
pub fn encrypt_password(modulus_hex: &str, exponent_hex: &str, password: &str) -> Result<String, CryptoError> {
    if password.is_empty() {
        return Err(CryptoError::EmptyPassword);
    }
    let key = PublicKey::from_hex(modulus_hex, exponent_hex)?;
    let cipher = key.encrypt(password.as_bytes(), browser_random)?;
    Ok(cipher.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};

    /// A known key pair: the simulator's first agent key.
    fn known_pair() -> (RsaPrivateKey, String, String) {
        let private =
            RsaPrivateKey::from_pkcs1_pem(include_str!("../../sim/keys/agent-0.pem")).expect("test key parses");
        let hex = |b: Vec<u8>| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
        let n = hex(private.n().to_bytes_be());
        let e = hex(private.e().to_bytes_be());
        (private, n, e)
    }

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0)).collect()
    }

    #[test]
    fn round_trip_with_a_known_key_pair() {
        let (private, n, e) = known_pair();
        let hex = encrypt_password(&n, &e, "correct horse").expect("encrypts");
        assert_eq!(hex.len(), 512, "2048-bit key gives 512 hex characters");
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        let plain = private.decrypt(Pkcs1v15Encrypt, &unhex(&hex)).expect("decrypts");
        assert_eq!(plain, b"correct horse");
        // PKCS#1 v1.5 is randomised: the same password never gives the same hex.
        assert_ne!(hex, encrypt_password(&n, &e, "correct horse").unwrap_or_default());
    }

    #[test]
    fn wrapped_moduli_and_the_exponent_as_the_api_sends_them() {
        let (private, n, _) = known_pair();
        let wrapped: String =
            n.chars().enumerate().flat_map(|(i, c)| if i % 60 == 59 { vec![c, ' '] } else { vec![c] }).collect();
        let hex = encrypt_password(&wrapped, "10001", "pw").expect("encrypts");
        assert_eq!(private.decrypt(Pkcs1v15Encrypt, &unhex(&hex)).unwrap_or_default(), b"pw");
    }

    #[test]
    fn bad_keys_and_passwords_are_refused_with_reasons() {
        let (_, n, e) = known_pair();
        assert_eq!(encrypt_password(&n, &e, ""), Err(CryptoError::EmptyPassword));
        assert!(matches!(encrypt_password("xyz", "10001", "pw"), Err(CryptoError::BadKey(_))));
        assert!(matches!(encrypt_password(&n, "", "pw"), Err(CryptoError::BadKey(_))));
        let long = "x".repeat(246);
        assert_eq!(encrypt_password(&n, &e, &long), Err(CryptoError::PasswordTooLong { max_bytes: 245 }));
        assert!(encrypt_password(&n, &e, &"x".repeat(245)).is_ok(), "245 bytes fit a 2048-bit key");
        assert!(!CryptoError::BadKey("k".into()).to_string().is_empty());
        let small = "C".repeat(126) + "D";
        assert!(
            matches!(encrypt_password(&small, "10001", "pw"), Err(CryptoError::BadKey(why)) if why.contains("508-bit"))
        );
        let even = format!("{}E", &n[..n.len() - 1]);
        assert!(matches!(encrypt_password(&even, "10001", "pw"), Err(CryptoError::BadKey(_))));
        for bad_exponent in ["1", "2", "10000", "200000001"] {
            assert!(matches!(encrypt_password(&n, bad_exponent, "pw"), Err(CryptoError::BadKey(_))), "{bad_exponent}");
        }
    }

    #[test]
    fn every_simulator_key_decrypts_what_was_encrypted_at_every_length() {
        let keys: [&str; 8] = [
            include_str!("../../sim/keys/agent-0.pem"),
            include_str!("../../sim/keys/agent-1.pem"),
            include_str!("../../sim/keys/agent-2.pem"),
            include_str!("../../sim/keys/agent-3.pem"),
            include_str!("../../sim/keys/agent-4.pem"),
            include_str!("../../sim/keys/agent-5.pem"),
            include_str!("../../sim/keys/agent-6.pem"),
            include_str!("../../sim/keys/agent-7.pem"),
        ];
        for pem in keys {
            let private = RsaPrivateKey::from_pkcs1_pem(pem).expect("test key parses");
            let hex = |b: Vec<u8>| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
            let (n, e) = (hex(private.n().to_bytes_be()), hex(private.e().to_bytes_be()));
            let max = private.size() - 11;
            for len in [1, 2, 7, 31, 100, max - 1, max] {
                let password: String = (0..len).map(|i| char::from(b'!' + (i * 7 % 90) as u8)).collect();
                let cipher = encrypt_password(&n, &e, &password).expect("encrypts");
                assert_eq!(cipher.len(), 2 * private.size());
                let plain = private.decrypt(Pkcs1v15Encrypt, &unhex(&cipher)).expect("decrypts");
                assert_eq!(plain, password.as_bytes(), "length {len}");
            }
        }
    }

    #[test]
    fn hex_digits_become_big_endian_bytes() {
        assert_eq!(parse_hex("x", "10001"), Ok(vec![0x01, 0x00, 0x01]));
        assert_eq!(parse_hex("x", "00 0a Ff"), Ok(vec![0x0a, 0xff]));
        assert!(parse_hex("x", "").is_err());
        assert!(parse_hex("x", "12g4").is_err());
    }

    #[test]
    fn the_padding_has_no_zero_bytes_even_when_the_random_source_gives_them() {
        let (private, n, e) = known_pair();
        let key = PublicKey::from_hex(&n, &e).expect("key");
        // A source that gives zeros half the time.
        let calls = std::cell::Cell::new(0u32);
        let flaky = |buf: &mut [u8]| {
            for b in buf.iter_mut() {
                calls.set(calls.get() + 1);
                *b = if calls.get().is_multiple_of(2) { 0 } else { calls.get() as u8 | 1 };
            }
            Ok(())
        };
        let cipher = key.encrypt(b"pw", flaky).expect("encrypts");
        assert_eq!(private.decrypt(Pkcs1v15Encrypt, &cipher).expect("decrypts"), b"pw");
        let failing = |_: &mut [u8]| Err(CryptoError::NoRandomness);
        assert_eq!(key.encrypt(b"pw", failing), Err(CryptoError::NoRandomness));
    }
}
