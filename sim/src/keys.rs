//! The agents' RSA key pairs. Generating 2048-bit keys for 10,000 agents at
//! start would take minutes, so the world draws from a fixed pool of eight
//! pairs (made once with `openssl genrsa 2048`, kept in sim/keys/); agent i
//! uses pair i mod 8, so neighbouring agents never share a key.

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};

const PEMS: [&str; 8] = [
    include_str!("../keys/agent-0.pem"),
    include_str!("../keys/agent-1.pem"),
    include_str!("../keys/agent-2.pem"),
    include_str!("../keys/agent-3.pem"),
    include_str!("../keys/agent-4.pem"),
    include_str!("../keys/agent-5.pem"),
    include_str!("../keys/agent-6.pem"),
    include_str!("../keys/agent-7.pem"),
];

pub struct KeyPool {
    keys: Vec<KeyPair>,
}

pub struct KeyPair {
    private: RsaPrivateKey,
    /// Upper-case hex modulus, as v1 sends `ModulusHex`.
    pub modulus_hex: String,
    /// Hex exponent (`10001` = 65537).
    pub exponent_hex: String,
}

impl KeyPool {
    pub fn load() -> Result<KeyPool, String> {
        let keys = PEMS
            .iter()
            .enumerate()
            .map(|(i, pem)| {
                let private = RsaPrivateKey::from_pkcs1_pem(pem).map_err(|e| format!("keys/agent-{i}.pem: {e}"))?;
                let modulus_hex = hex_upper(&private.n().to_bytes_be());
                let exponent_hex = hex_upper(&private.e().to_bytes_be()).trim_start_matches('0').to_string();
                Ok(KeyPair { private, modulus_hex, exponent_hex })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(KeyPool { keys })
    }

    pub fn get(&self, index: usize) -> &KeyPair {
        &self.keys[index % self.keys.len()]
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl KeyPair {
    /// Decrypts an `EncryptedPassword` (hex of an RSAES-PKCS1-v1_5 ciphertext).
    pub fn decrypt_hex(&self, hex: &str) -> Result<String, &'static str> {
        let bytes = from_hex(hex.trim()).ok_or("it is not hex")?;
        let plain = self
            .private
            .decrypt(Pkcs1v15Encrypt, &bytes)
            .map_err(|_| "it was not encrypted with this agent's public key")?;
        String::from_utf8(plain).map_err(|_| "it does not decrypt to text")
    }

    /// Encrypts like the console does (used by the sim's own tests).
    pub fn encrypt_hex(&self, plain: &str) -> String {
        let mut rng = rsa::rand_core::OsRng;
        let public = self.private.to_public_key();
        let ct = public.encrypt(&mut rng, Pkcs1v15Encrypt, plain.as_bytes()).unwrap_or_default();
        hex_lower(&ct)
    }
}

fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || text.is_empty() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|p| u8::from_str_radix(p, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_loads_eight_distinct_2048_bit_keys() {
        let pool = KeyPool::load().expect("keys load");
        assert_eq!(pool.len(), 8);
        assert_eq!(pool.get(0).modulus_hex.len(), 512);
        assert_eq!(pool.get(0).exponent_hex, "10001");
        assert_ne!(pool.get(0).modulus_hex, pool.get(1).modulus_hex);
    }

    #[test]
    fn round_trip_and_wrong_key() {
        let pool = KeyPool::load().expect("keys load");
        let ct = pool.get(3).encrypt_hex("demo-passphrase");
        assert_eq!(ct.len(), 512);
        assert_eq!(pool.get(3).decrypt_hex(&ct).as_deref(), Ok("demo-passphrase"));
        assert!(pool.get(4).decrypt_hex(&ct).is_err());
        assert!(pool.get(3).decrypt_hex("zz").is_err());
    }
}
