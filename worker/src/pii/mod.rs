//! Personal data as the store keeps it and as each caller sees it (CONTRACT §9, "Personal data";
//! docs/PII.md). The kinds and their masks are the validation crate's (`Protection`, `mask`); here:
//!
//! - `keys`: the encryption keys and the token key, from the Worker's secrets;
//! - `crypto`: sealing (AES-256-GCM) and tokens (HMAC-SHA256), in their stored formats;
//! - `protect`: what a write stores of a prop or a bank account number (sealed, or masked, and its token);
//! - `matching`: what dedupe reads of stored values (opened in memory) and its index as tokens;
//! - `convert`: stored data brought to the current keys (values from before 0009, older keys);
//! - `view`: what a caller is shown of a stored value: masked, or in clear with `pii:read`, every value
//!   shown in clear recorded, in the same request, for `GET /contacts/{id}/pii-access/`.
//!
//! One [`Pii`] per request holds the keys, the caller's right to read in clear, and what it was shown.

pub mod convert;
pub mod crypto;
pub mod keys;
pub mod matching;
pub mod protect;
pub mod view;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::error::ApiError;
use keys::Keyring;

/// Reading identifying values in clear (every such read is recorded).
pub const READ_SCOPE: &str = "pii:read";
/// Reading the record of clear reads, `GET /contacts/{id}/pii-access/`.
pub const AUDIT_SCOPE: &str = "pii:audit";
/// Converting a tenant's stored personal data to the current keys, `POST /pii/convert/`.
pub const ADMIN_SCOPE: &str = "pii:admin";

/// The personal data side of one request.
pub struct Pii {
    keys: Result<Keyring, String>,
    tenant: String,
    reveal: bool,
    /// Contact id → the fields shown to this caller in clear.
    revealed: RefCell<BTreeMap<String, BTreeSet<String>>>,
}

impl Pii {
    /// `reveal`: the caller holds [`READ_SCOPE`].
    pub fn new(keys: Result<Keyring, String>, tenant: &str, reveal: bool) -> Pii {
        Pii {
            keys,
            tenant: tenant.to_string(),
            reveal,
            revealed: RefCell::new(BTreeMap::new()),
        }
    }

    /// The keys, or the operator error that makes them unusable (500, logged; the cause names no key).
    pub fn keys(&self) -> Result<&Keyring, ApiError> {
        self.keys
            .as_ref()
            .map_err(|e| ApiError::Internal(format!("personal data keys: {e}")))
    }

    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// Whether this caller sees identifying values in clear.
    pub fn reveals(&self) -> bool {
        self.reveal
    }

    /// Notes that `field` of contact `contact_id` was shown in clear.
    fn note(&self, contact_id: &str, field: String) {
        self.revealed
            .borrow_mut()
            .entry(contact_id.to_string())
            .or_default()
            .insert(field);
    }

    /// What this request showed in clear so far, by contact, each contact's fields sorted.
    pub fn shown_in_clear(&self) -> Vec<(String, Vec<String>)> {
        self.revealed
            .borrow()
            .iter()
            .map(|(contact, fields)| (contact.clone(), fields.iter().cloned().collect()))
            .collect()
    }
}
