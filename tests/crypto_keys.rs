//! domain::crypto checked against the `rsa` crate: what it encrypts, `rsa`
//! decrypts, for the simulator's eight agent keys and 2048-, 2052-, 3072-
//! and 4096-bit test keys with the exponents 65537, 65539 and 2^32 + 15,
//! at every edge of the password's length; its arithmetic equals `rsa`'s big-number modpow on random odd moduli; keys
//! that must be refused are, with the sentence the user reads; and no text
//! as a key makes it panic. The keys in tests/keys/ are test-only (made once
//! with `openssl genpkey`).
#![cfg(not(target_arch = "wasm32"))]

use backup_console::api::reply::decode;
use backup_console::api::types::AgentV1;
use backup_console::domain::crypto::{encrypt_password, CryptoError, PublicKey, MAX_EXPONENT, MIN_EXPONENT};
use proptest::prelude::*;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Encrypt, RsaPrivateKey};

/// (PEM, bits, exponent): the simulator's agent keys and the test keys.
const KEYS: [(&str, usize, u64); 15] = [
    (include_str!("../sim/keys/agent-0.pem"), 2048, 65537),
    (include_str!("../sim/keys/agent-1.pem"), 2048, 65537),
    (include_str!("../sim/keys/agent-2.pem"), 2048, 65537),
    (include_str!("../sim/keys/agent-3.pem"), 2048, 65537),
    (include_str!("../sim/keys/agent-4.pem"), 2048, 65537),
    (include_str!("../sim/keys/agent-5.pem"), 2048, 65537),
    (include_str!("../sim/keys/agent-6.pem"), 2048, 65537),
    (include_str!("../sim/keys/agent-7.pem"), 2048, 65537),
    (include_str!("keys/test-2048-e65539.pem"), 2048, 65539),
    (include_str!("keys/test-2048-e4294967311.pem"), 2048, (1 << 32) + 15),
    (include_str!("keys/test-2052-e65537.pem"), 2052, 65537),
    (include_str!("keys/test-3072-e65537.pem"), 3072, 65537),
    (include_str!("keys/test-3072-e4294967311.pem"), 3072, (1 << 32) + 15),
    (include_str!("keys/test-4096-e65537.pem"), 4096, 65537),
    (include_str!("keys/test-4096-e65539.pem"), 4096, 65539),
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Lower-case hex, as the console sends it, back to bytes.
fn unhex(s: &str) -> Vec<u8> {
    assert!(s.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')), "lower-case hex: {s:.40}");
    s.as_bytes()
        .chunks(2)
        .map(|p| std::str::from_utf8(p).ok().and_then(|d| u8::from_str_radix(d, 16).ok()).unwrap_or(0))
        .collect()
}

/// The private key and its public half as the API sends it (upper-case hex).
fn pair(pem: &str) -> (RsaPrivateKey, String, String) {
    let private = RsaPrivateKey::from_pkcs1_pem(pem).expect("test key parses");
    let (n, e) = (hex(&private.n().to_bytes_be()), hex(&private.e().to_bytes_be()));
    (private, n, e)
}

/// The sentence of a refused key, or a failure naming what happened instead.
fn refusal(modulus: &str, exponent: &str) -> String {
    match encrypt_password(modulus, exponent, "pw") {
        Err(CryptoError::BadKey(why)) => why,
        other => panic!("{modulus:.20}… / {exponent:?} was not refused as a bad key: {other:?}"),
    }
}

#[test]
fn every_key_size_and_exponent_decrypts_what_was_encrypted_at_every_length_edge() {
    for (pem, bits, exponent) in KEYS {
        let (private, n, e) = pair(pem);
        assert_eq!(
            (private.n().bits(), private.e()),
            (bits, &BigUint::from(exponent)),
            "the key is what its name says"
        );
        let k = private.size();
        let max = k - 11;
        let ascii = |len: usize| -> String { (0..len).map(|i| char::from(b'!' + (i * 7 % 90) as u8)).collect() };
        // The limit is in bytes: "é" takes two.
        let accented = "é".repeat(max / 2) + &"e".repeat(max % 2);
        for password in [ascii(1), ascii(2), ascii(max - 1), ascii(max), accented] {
            let cipher = encrypt_password(&n, &e, &password).expect("encrypts");
            assert_eq!(cipher.len(), 2 * k, "{bits}-bit key, {} bytes", password.len());
            let plain = private.decrypt(Pkcs1v15Encrypt, &unhex(&cipher)).expect("decrypts");
            assert_eq!(plain, password.as_bytes(), "{bits}-bit key, e = {exponent}, {} bytes", password.len());
        }
        let too_long = Err(CryptoError::PasswordTooLong { max_bytes: max });
        assert_eq!(encrypt_password(&n, &e, &ascii(max + 1)), too_long);
        assert_eq!(encrypt_password(&n, &e, &("é".repeat(max / 2) + "ee")), too_long, "{max} + 1 or 2 bytes");
        assert_eq!(encrypt_password(&n, &e, ""), Err(CryptoError::EmptyPassword));
        // Lower case, wrapped with spaces and newlines, leading zeros: the same key.
        let wrapped: String = n
            .to_lowercase()
            .chars()
            .enumerate()
            .flat_map(|(i, c)| if i % 60 == 59 { vec![c, ' ', '\n'] } else { vec![c] })
            .collect();
        let key = PublicKey::from_hex(&wrapped, &format!(" 00{} ", e.to_lowercase())).expect("the key");
        assert_eq!(key.size(), k);
        let fixed = |buf: &mut [u8]| {
            buf.fill(0x5a);
            Ok(())
        };
        let cipher = key.encrypt(b"pw", fixed).expect("encrypts");
        assert_eq!(private.decrypt(Pkcs1v15Encrypt, &cipher).expect("decrypts"), b"pw");
    }
}

#[test]
fn ciphertexts_are_randomised_and_zero_padding_bytes_are_drawn_again() {
    let (private, n, e) = pair(KEYS[0].0);
    let one = encrypt_password(&n, &e, "correct horse").expect("encrypts");
    assert_ne!(one, encrypt_password(&n, &e, "correct horse").expect("encrypts"));
    let key = PublicKey::from_hex(&n, &e).expect("the key");
    // A source that gives zeros half the time, then one that fails.
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
    assert!(calls.get() > 300, "every zero was drawn again");
    assert_eq!(key.encrypt(b"pw", |_| Err(CryptoError::NoRandomness)), Err(CryptoError::NoRandomness));
}

#[test]
fn the_docs_example_keys_are_refused_with_the_sentence_on_the_screen() {
    // 1024 and 1032 bits, even moduli, exponents 0x9528 and 0x82374 (even).
    let list = include_str!("fixtures/v1-get-list-all-agents-for-this-user-v1.0-tenant-id-user-agents.json");
    let agents: Vec<AgentV1> = decode(list, "agent list").expect("the docs' list decodes");
    let keys: Vec<_> = agents.iter().filter_map(|a| a.public_key.clone()).collect();
    assert_eq!(keys.len(), 2);
    let shown: Vec<String> = keys
        .iter()
        .map(|k| encrypt_password(&k.modulus_hex, &k.exponent_hex, "pw").map_err(|e| e.to_string()).unwrap_err())
        .collect();
    let then = "The agent's key is wrong: reinstall the agent or contact support. The password was not sent.";
    assert_eq!(
        shown,
        [1024, 1032]
            .map(|bits| format!("The agent's public key is {bits} bits; at least 2048 bits are needed. {then}"))
    );
}

#[test]
fn keys_no_agent_should_have_are_refused_naming_their_size() {
    let (_, n, _) = pair(KEYS[0].0);
    let odd_2048 = format!("8{}1", "0".repeat(510));
    let odd_4096 = format!("{}1", "F".repeat(1023));
    let cases: [(&str, &str, &str); 21] = [
        (&"F".repeat(256), "10001", "The agent's public key is 1024 bits; at least 2048 bits are needed."),
        (&"F".repeat(128), "10001", "The agent's public key is 512 bits; at least 2048 bits are needed."),
        (
            &format!("7{}", "F".repeat(511)),
            "10001",
            "The agent's public key is 2047 bits; at least 2048 bits are needed.",
        ),
        (
            &format!("1{}1", "0".repeat(1023)),
            "10001",
            "The agent's public key is 4097 bits; at most 4096 bits are supported.",
        ),
        (&n, "3", "The agent's 2048-bit public key has the exponent 3; at least 65537 is needed."),
        (&n, "1", "The agent's 2048-bit public key has the exponent 1; at least 65537 is needed."),
        (&n, "FFFF", "The agent's 2048-bit public key has the exponent 65535; at least 65537 is needed."),
        (&n, "10000", "The agent's 2048-bit public key has the exponent 65536, which is even; RSA needs an odd one."),
        (&n, "10002", "The agent's 2048-bit public key has the exponent 65538, which is even; RSA needs an odd one."),
        (&n, "00", "The agent's 2048-bit public key has the exponent 0, which is even; RSA needs an odd one."),
        (&n, "200000001", "The agent's 2048-bit public key has a 34-bit exponent; at most 2^33 − 1 is supported."),
        (
            &n,
            &format!("1{}1", "0".repeat(40)),
            "The agent's 2048-bit public key has a 165-bit exponent; at most 2^33 − 1 is supported.",
        ),
        (&n, " ", "The agent's 2048-bit public key has no exponent."),
        (&n, "１０００１", "The agent's 2048-bit public key has an exponent that is not hexadecimal."),
        (&odd_2048, "0x10001", "The agent's 2048-bit public key has an exponent that is not hexadecimal."),
        ("", "10001", "The agent's public key has no modulus."),
        (" \n\t", "10001", "The agent's public key has no modulus."),
        ("0000", "10001", "The agent's public key has a modulus of zero."),
        ("xyz", "10001", "The agent's public key has a modulus that is not hexadecimal."),
        ("１２", "10001", "The agent's public key has a modulus that is not hexadecimal."),
        (
            &format!("{}E", &n[..n.len() - 1]),
            "10001",
            "The agent's 2048-bit public key has an even modulus, which no RSA key has.",
        ),
    ];
    for (modulus, exponent, sentence) in cases {
        assert_eq!(refusal(modulus, exponent), sentence, "{modulus:.20}… / {exponent}");
        assert!(matches!(encrypt_password(modulus, exponent, ""), Err(CryptoError::BadKey(_))), "before the password");
    }
    // The bounds themselves are accepted.
    for (modulus, exponent) in [(odd_2048.as_str(), "10001"), (&odd_4096, "1FFFFFFFF"), (&n, "10003")] {
        assert!(PublicKey::from_hex(modulus, exponent).is_ok(), "{modulus:.20}… / {exponent}");
    }
}

/// Odd moduli of 2048 to 4096 bits, including the shapes where carries and
/// the final subtraction matter most (all ones, a lone top bit).
fn modulus() -> impl Strategy<Value = Vec<u8>> {
    (2048usize..=4096, prop::collection::vec(any::<u8>(), 64), 0..4u8).prop_map(|(bits, random, shape)| {
        let len = bits.div_ceil(8);
        let mut n: Vec<u8> = match shape {
            0 => vec![0xff; len],
            1 => (0..len).map(|i| 0xff * u8::from(i % 61 == 7)).collect(),
            _ => random.iter().cycle().enumerate().map(|(i, b)| b ^ (i / 64) as u8).take(len).collect(),
        };
        let top_bit = 1u8 << ((bits - 1) % 8);
        n[0] = n[0] & (top_bit - 1) | top_bit;
        n[len - 1] |= 1;
        n
    })
}

/// Text that is nearly a key: hex with whitespace, zeros, stray characters.
fn keyish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-fA-F \n\u{3000}]{0,1100}",
        "[0 \t]{0,40}",
        "[0-9a-fA-F]{500,1030}[１é\u{301}xX-]?",
        "[0-9a-f]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_arithmetic_equals_rsas_modpow(
        n in modulus(),
        e in (MIN_EXPONENT / 2..=MAX_EXPONENT / 2).prop_map(|h| 2 * h + 1),
        message in prop::collection::vec(any::<u8>(), 1..=245),
        fill in 1..=255u8,
    ) {
        let key = PublicKey::from_hex(&hex(&n), &format!("{e:x}")).expect("a valid key");
        let cipher = key.encrypt(&message, |buf| { buf.fill(fill); Ok(()) }).expect("encrypts");
        let k = n.len();
        let mut block = vec![0u8; k];
        block[1] = 2;
        block[2..k - message.len() - 1].fill(fill);
        block[k - message.len()..].copy_from_slice(&message);
        let power = BigUint::from_bytes_be(&block).modpow(&BigUint::from(e), &BigUint::from_bytes_be(&n)).to_bytes_be();
        let expected: Vec<u8> = std::iter::repeat_n(0, k - power.len()).chain(power).collect();
        prop_assert_eq!(cipher, expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn any_text_as_a_key_is_a_key_or_a_refusal_never_a_panic(modulus in keyish(), exponent in keyish(), password in ".{0,3}") {
        match encrypt_password(&modulus, &exponent, &password) {
            Ok(cipher) => prop_assert!(cipher.len() >= 512 && cipher.len() <= 1024),
            Err(CryptoError::BadKey(why)) => prop_assert!(why.starts_with("The ") && why.ends_with('.'), "{}", why),
            Err(e) => prop_assert!(matches!(e, CryptoError::EmptyPassword), "{:?}", e),
        }
    }
}
