//! Encrypting a vault passphrase for `EncryptedPassword`: RSAES-PKCS1-v1_5
//! with the agent's public key (hex modulus + hex exponent), output as
//! lower-case hex, exactly as Rackspace's own reference script does
//! (API-REFERENCE §8). WebCrypto has no PKCS#1 v1.5 encryption, hence `rsa`.

use rsa::{BigUint, Pkcs1v15Encrypt, RsaPublicKey};
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
        }
    }
}

fn parse_hex(what: &str, hex: &str) -> Result<BigUint, CryptoError> {
    let digits: String = hex.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(CryptoError::BadKey(format!("{what} is not hex")));
    }
    BigUint::parse_bytes(digits.as_bytes(), 16).ok_or_else(|| CryptoError::BadKey(format!("{what} is not hex")))
}

/// The public key from v1 `ModulusHex`/`ExponentHex` (or v2 `modulus`/`exponent`).
pub fn public_key(modulus_hex: &str, exponent_hex: &str) -> Result<RsaPublicKey, CryptoError> {
    let n = parse_hex("the modulus", modulus_hex)?;
    let e = parse_hex("the exponent", exponent_hex)?;
    RsaPublicKey::new(n, e).map_err(|e| CryptoError::BadKey(e.to_string()))
}

/// Encrypts `password` for the agent; the caller drops the plain text at once.
pub fn encrypt_password(modulus_hex: &str, exponent_hex: &str, password: &str) -> Result<String, CryptoError> {
    if password.is_empty() {
        return Err(CryptoError::EmptyPassword);
    }
    let key = public_key(modulus_hex, exponent_hex)?;
    let max_bytes = rsa::traits::PublicKeyParts::size(&key).saturating_sub(11);
    if password.len() > max_bytes {
        return Err(CryptoError::PasswordTooLong { max_bytes });
    }
    let mut rng = rand_core::OsRng;
    let cipher =
        key.encrypt(&mut rng, Pkcs1v15Encrypt, password.as_bytes()).map_err(|e| CryptoError::BadKey(e.to_string()))?;
    Ok(cipher.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    use rsa::RsaPrivateKey;

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
        let long = "x".repeat(300);
        assert_eq!(encrypt_password(&n, &e, &long), Err(CryptoError::PasswordTooLong { max_bytes: 245 }));
        assert!(!CryptoError::BadKey("k".into()).to_string().is_empty());
    }
}
