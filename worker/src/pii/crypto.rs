//! Sealing a value (AES-256-GCM, RustCrypto's `aes-gcm`) and its lookup token (HMAC-SHA256), in the
//! formats the store keeps (docs/PII.md):
//!
//! - sealed: `enc:v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`, a random 96-bit nonce per value,
//!   the tenant as associated data (a value copied into another tenant's rows does not open there);
//! - token: `<key id>:<base64url(HMAC-SHA256(key, tenant ‖ 0 ‖ kind ‖ 0 ‖ normalised value))>`: equal
//!   values of a tenant have equal tokens, so the identifier index and the unique indexes compare them.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::keys::Keyring;

/// Every sealed value starts so.
pub const SEALED_PREFIX: &str = "enc:v1:";
const NONCE_BYTES: usize = 12;
const AAD_CONTEXT: &[u8] = b"crego-pii-v1\0";

/// Why a stored value cannot be opened: never the value itself.
#[derive(Debug, PartialEq, Eq)]
pub enum OpenError {
    /// It is not in the sealed format.
    Malformed,
    /// It names a key id no longer configured.
    UnknownKey(String),
    /// The tag does not verify (another tenant's value, a wrong key, a changed byte).
    Rejected(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Malformed => write!(f, "a stored value is not in the sealed format"),
            OpenError::UnknownKey(id) => write!(
                f,
                "a stored value is sealed with key {id}, which is not configured"
            ),
            OpenError::Rejected(id) => write!(f, "a stored value sealed with key {id} does not verify"),
        }
    }
}

fn aad(tenant: &str) -> Vec<u8> {
    [AAD_CONTEXT, tenant.as_bytes()].concat()
}

/// AES-256-GCM with an explicit nonce: the primitive, kept apart so that the published vectors test it.
fn encrypt(cipher: &Aes256Gcm, nonce: &[u8; NONCE_BYTES], msg: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    cipher
        .encrypt(Nonce::from_slice(nonce), Payload { msg, aad })
        .ok()
}

/// Seals `clear` for `tenant` with the newest key, or `None` when no random nonce could be drawn.
pub fn seal(keys: &Keyring, tenant: &str, clear: &str) -> Option<String> {
    let key = keys.newest();
    let mut nonce = [0u8; NONCE_BYTES];
    getrandom::fill(&mut nonce).ok()?;
    let sealed = encrypt(&key.cipher, &nonce, clear.as_bytes(), &aad(tenant))?;
    let body = URL_SAFE_NO_PAD.encode([&nonce[..], &sealed].concat());
    Some(format!("{SEALED_PREFIX}{}:{body}", key.id))
}

/// Whether `stored` is in the sealed format (a value written before migration 0009 is not).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

/// The id of the key that sealed `stored`.
pub fn key_id(stored: &str) -> Option<&str> {
    stored
        .strip_prefix(SEALED_PREFIX)?
        .split_once(':')
        .map(|(id, _)| id)
}

/// The clear value of `stored`, sealed for `tenant` by any configured key.
pub fn open(keys: &Keyring, tenant: &str, stored: &str) -> Result<String, OpenError> {
    let (id, body) = stored
        .strip_prefix(SEALED_PREFIX)
        .and_then(|rest| rest.split_once(':'))
        .ok_or(OpenError::Malformed)?;
    let key = keys
        .by_id(id)
        .ok_or_else(|| OpenError::UnknownKey(id.to_string()))?;
    let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| OpenError::Malformed)?;
    if bytes.len() < NONCE_BYTES {
        return Err(OpenError::Malformed);
    }
    let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
    let payload = Payload {
        msg: sealed,
        aad: &aad(tenant),
    };
    let clear = key
        .cipher
        .decrypt(Nonce::from_slice(nonce), payload)
        .map_err(|_| OpenError::Rejected(id.to_string()))?;
    String::from_utf8(clear).map_err(|_| OpenError::Rejected(id.to_string()))
}

/// HMAC-SHA256, the primitive (RFC 2104), kept apart so that the published vectors test it.
fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return [0; 32],
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// The lookup token of `normalized`, a value of `kind` (an identifier kind's name, `account_number`),
/// in `tenant`.
pub fn token(keys: &Keyring, tenant: &str, kind: &str, normalized: &str) -> String {
    let mac = hmac_sha256(
        &keys.token_key,
        &[
            tenant.as_bytes(),
            b"\0",
            kind.as_bytes(),
            b"\0",
            normalized.as_bytes(),
        ],
    );
    format!("{}:{}", keys.token_id, URL_SAFE_NO_PAD.encode(mac))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes_gcm::KeyInit;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or_default())
            .collect()
    }

    fn keys() -> Keyring {
        Keyring::read(
            Some("k2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,k1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="),
            Some("t1:dG9rZW4ta2V5LW9mLWF0LWxlYXN0LTMyLWJ5dGVzLi4="),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    // The GCM specification's test cases 13 to 16 (McGrew and Viega, "The Galois/Counter Mode of
    // Operation", 2005, appendix B: the 256-bit key cases), as NIST's GCM validation uses them.
    #[test]
    fn aes_256_gcm_gives_the_published_test_vectors() {
        let k15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
        let p15 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
        let c15 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
        let cases: [(&str, &str, &str, &str, &str, &str); 4] = [
            (
                &"00".repeat(32),
                &"00".repeat(12),
                "",
                "",
                "",
                "530f8afbc74536b9a963b4f1c4cb738b",
            ),
            (
                &"00".repeat(32),
                &"00".repeat(12),
                &"00".repeat(16),
                "",
                "cea7403d4d606b6e074ec5d3baf39d18",
                "d0d1c8a799996bf0265b98b5d48ab919",
            ),
            (
                k15,
                "cafebabefacedbaddecaf888",
                p15,
                "",
                c15,
                "b094dac5d93471bdec1a502270e3cc6c",
            ),
            (
                k15,
                "cafebabefacedbaddecaf888",
                &p15[..120],
                "feedfacedeadbeeffeedfacedeadbeefabaddad2",
                &c15[..120],
                "76fc6ece0f4e1768cddf8853bb2d551b",
            ),
        ];
        for (key, iv, plain, aad, cipher_text, tag) in cases {
            let cipher = Aes256Gcm::new_from_slice(&hex(key)).unwrap_or_else(|e| panic!("{e}"));
            let nonce: [u8; 12] = hex(iv).try_into().unwrap_or_default();
            let sealed = encrypt(&cipher, &nonce, &hex(plain), &hex(aad)).unwrap_or_default();
            assert_eq!(sealed, hex(&format!("{cipher_text}{tag}")), "key {key}, iv {iv}");
        }
    }

    // RFC 4231, test cases 1, 2 and 6 (a key shorter than, and one longer than, SHA-256's block).
    #[test]
    fn hmac_sha256_gives_the_rfc_4231_test_vectors() {
        let cases: [(Vec<u8>, &[u8], &str); 3] = [
            (
                vec![0x0b; 20],
                b"Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                vec![0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
        ];
        for (key, data, mac) in cases {
            assert_eq!(hmac_sha256(&key, &[data]).to_vec(), hex(mac));
        }
    }

    #[test]
    fn a_sealed_value_opens_in_its_tenant_and_nowhere_else() {
        let keys = keys();
        let sealed = seal(&keys, "tenant-a", "ABCPK1234L").unwrap_or_default();
        assert!(sealed.starts_with("enc:v1:k2:"), "{sealed}");
        assert!(!sealed.contains("ABCPK1234L"));
        assert_eq!(key_id(&sealed), Some("k2"));
        assert_eq!(open(&keys, "tenant-a", &sealed).as_deref(), Ok("ABCPK1234L"));
        assert_eq!(
            open(&keys, "tenant-b", &sealed),
            Err(OpenError::Rejected("k2".into()))
        );
        // A fresh nonce each time: equal values do not seal alike (the tokens compare them).
        assert_ne!(seal(&keys, "tenant-a", "ABCPK1234L").unwrap_or_default(), sealed);
    }

    #[test]
    fn a_value_sealed_by_an_older_key_still_opens_and_a_retired_key_is_named() {
        let keys = keys();
        let old = Keyring::read(
            Some("k1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="),
            Some("t1:dG9rZW4ta2V5LW9mLWF0LWxlYXN0LTMyLWJ5dGVzLi4="),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let sealed = seal(&old, "t", "9876543210").unwrap_or_default();
        assert_eq!(open(&keys, "t", &sealed).as_deref(), Ok("9876543210"));
        let newer = seal(&keys, "t", "9876543210").unwrap_or_default();
        assert_eq!(open(&old, "t", &newer), Err(OpenError::UnknownKey("k2".into())));
        assert_eq!(open(&keys, "t", "ABCPK1234L"), Err(OpenError::Malformed));
        assert_eq!(open(&keys, "t", "enc:v1:k2:@@"), Err(OpenError::Malformed));
    }

    #[test]
    fn tokens_are_equal_for_equal_values_of_a_kind_in_a_tenant_only() {
        let keys = keys();
        let t = |tenant, kind, v| token(&keys, tenant, kind, v);
        assert_eq!(t("a", "pan", "ABCPK1234L"), t("a", "pan", "ABCPK1234L"));
        assert!(t("a", "pan", "ABCPK1234L").starts_with("t1:"));
        assert_ne!(t("a", "pan", "ABCPK1234L"), t("b", "pan", "ABCPK1234L"));
        assert_ne!(t("a", "pan", "ABCPK1234L"), t("a", "gstin", "ABCPK1234L"));
        assert_ne!(t("a", "pan", "ABCPK1234L"), t("a", "pan", "ABCPK1234M"));
    }
}
