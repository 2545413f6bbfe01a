//! The keys of personal data, read from two Worker secrets once per request (`config.rs`): the
//! encryption keys, newest first (the first seals, every one still opens what it sealed), and the key
//! of the lookup tokens. A missing, short or malformed key is an operator error: the routes that need
//! one answer 500 (logged), and nothing is ever written in clear instead.

use aes_gcm::{Aes256Gcm, KeyInit};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

/// `PII_ENCRYPTION_KEYS`: `id:base64` entries, comma-separated, newest first; each key 32 bytes.
pub const ENCRYPTION_VAR: &str = "PII_ENCRYPTION_KEYS";
/// `PII_TOKEN_KEY`: one `id:base64` entry of at least 32 bytes.
pub const TOKEN_VAR: &str = "PII_TOKEN_KEY";

const AES_256_KEY_BYTES: usize = 32;
const MIN_TOKEN_KEY_BYTES: usize = 32;
const MAX_KEY_ID_CHARS: usize = 16;

/// One encryption key and its id (written into every value it seals).
#[derive(Clone)]
pub struct SealKey {
    pub id: String,
    pub cipher: Aes256Gcm,
}

/// The keys of personal data.
#[derive(Clone)]
pub struct Keyring {
    /// Newest first: `sealing[0]` seals.
    pub sealing: Vec<SealKey>,
    pub token_id: String,
    pub token_key: Vec<u8>,
}

impl Keyring {
    /// The keys from the two secrets' values, or what is wrong with them (never the key material).
    pub fn read(encryption: Option<&str>, token: Option<&str>) -> Result<Keyring, String> {
        let encryption = encryption.filter(|v| !v.trim().is_empty());
        let encryption = encryption.ok_or_else(|| format!("{ENCRYPTION_VAR} is not set"))?;
        let mut sealing: Vec<SealKey> = Vec::new();
        for entry in encryption.split(',') {
            let (id, key) = entry_of(ENCRYPTION_VAR, entry)?;
            if key.len() != AES_256_KEY_BYTES {
                return Err(format!(
                    "{ENCRYPTION_VAR}: key {id} is {} bytes, not {AES_256_KEY_BYTES}",
                    key.len()
                ));
            }
            if sealing.iter().any(|k| k.id == id) {
                return Err(format!("{ENCRYPTION_VAR}: key id {id} is listed twice"));
            }
            let cipher =
                Aes256Gcm::new_from_slice(&key).map_err(|_| format!("{ENCRYPTION_VAR}: key {id}"))?;
            sealing.push(SealKey { id, cipher });
        }
        let token = token.filter(|v| !v.trim().is_empty());
        let (token_id, token_key) =
            entry_of(TOKEN_VAR, token.ok_or_else(|| format!("{TOKEN_VAR} is not set"))?)?;
        if token_key.len() < MIN_TOKEN_KEY_BYTES {
            return Err(format!("{TOKEN_VAR} is shorter than {MIN_TOKEN_KEY_BYTES} bytes"));
        }
        Ok(Keyring {
            sealing,
            token_id,
            token_key,
        })
    }

    /// The key that seals new values.
    pub fn newest(&self) -> &SealKey {
        // `read` refuses an empty list: split always yields one entry, and each must parse.
        &self.sealing[0]
    }

    pub fn by_id(&self, id: &str) -> Option<&SealKey> {
        self.sealing.iter().find(|k| k.id == id)
    }

    /// The keys that data written now is under, `<encryption key id>/<token key id>`: a contact whose
    /// `pii_keys` differs is converted by `POST /pii/convert/` (CONTRACT §9, "Personal data").
    pub fn epoch(&self) -> String {
        format!("{}/{}", self.newest().id, self.token_id)
    }
}

/// `id:base64` → the id and the key's bytes. Ids are short and plain, since they are stored with
/// every value.
fn entry_of(var: &str, entry: &str) -> Result<(String, Vec<u8>), String> {
    let (id, key) = entry
        .trim()
        .split_once(':')
        .ok_or_else(|| format!("{var}: each key is `id:base64`"))?;
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if id.is_empty() || id.len() > MAX_KEY_ID_CHARS || !id.chars().all(plain) {
        return Err(format!(
            "{var}: a key id is 1 to {MAX_KEY_ID_CHARS} letters, digits, - or _"
        ));
    }
    let key = key.trim();
    let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(key).ok())
        .ok_or_else(|| format!("{var}: key {id} is not base64"))?;
    Ok((id.to_string(), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const K2: &str = "k2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8";
    const T1: &str = "t1:dG9rZW4ta2V5LW9mLWF0LWxlYXN0LTMyLWJ5dGVzLi4=";

    fn err(encryption: Option<&str>, token: Option<&str>) -> String {
        Keyring::read(encryption, token).err().unwrap_or_default()
    }

    #[test]
    fn keys_are_read_newest_first_with_their_ids() {
        let ring = Keyring::read(Some(&format!("{K2}, {K1}")), Some(T1)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ring.newest().id, "k2");
        assert!(ring.by_id("k1").is_some());
        assert!(ring.by_id("k3").is_none());
        assert_eq!(ring.epoch(), "k2/t1");
    }

    #[test]
    fn a_missing_short_or_malformed_key_is_an_operator_error_that_names_no_key_material() {
        assert_eq!(err(None, Some(T1)), "PII_ENCRYPTION_KEYS is not set");
        assert_eq!(err(Some(" "), Some(T1)), "PII_ENCRYPTION_KEYS is not set");
        assert_eq!(err(Some(K1), None), "PII_TOKEN_KEY is not set");
        assert!(err(Some("k1:AAECAwQ="), Some(T1)).contains("is 5 bytes, not 32"));
        assert!(err(Some(K1), Some("t1:c2hvcnQ=")).contains("shorter than 32 bytes"));
        assert!(err(Some("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), Some(T1)).contains("id:base64"));
        assert!(err(Some("k 1:AAEC"), Some(T1)).contains("key id"));
        assert!(err(Some("k1:!!"), Some(T1)).contains("not base64"));
        assert!(err(Some(&format!("{K1},{K1}")), Some(T1)).contains("listed twice"));
        assert!(!err(Some("k1:AAECAwQ="), Some(T1)).contains("AAECAwQ"));
    }
}
