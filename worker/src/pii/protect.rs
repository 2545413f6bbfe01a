//! What a write stores of an identifying value (CONTRACT §9, "Personal data"): an Aadhaar number or a VID
//! as its mask and token (the number itself never), a value of another protected kind sealed with its
//! token, a bank account's number sealed with its token. Tokens feed the identifier index and the
//! unique indexes; a value restated as it is stored keeps its stored form, so it is no change.

use crego_validation::identifiers::{
    is_never_stored_mask, mask, mask_identifier, Protection, ACCOUNT_NUMBER,
};
use crego_validation::{code, FieldError, IdentifierKind, Prop};
use serde_json::{Map, Value};

use super::crypto::{is_sealed, open, seal, token};
use super::Pii;
use crate::error::ApiError;
use crate::store::contacts::PropRow;

/// The field of a bank account's document that holds its number's token (migration 0009).
pub const ACCOUNT_TOKEN: &str = "account_token";

impl Pii {
    /// A sealed `clear`, or a 500: no random nonce, no write (never a clear one instead).
    pub fn seal(&self, clear: &str) -> Result<String, ApiError> {
        seal(self.keys()?, &self.tenant, clear)
            .ok_or_else(|| ApiError::Internal("no random nonce to seal a value with".into()))
    }

    /// The clear value of a sealed `stored` (a value from before migration 0009 is its own clear value).
    pub fn open(&self, stored: &str) -> Result<String, ApiError> {
        match is_sealed(stored) {
            true => open(self.keys()?, &self.tenant, stored).map_err(|e| ApiError::Internal(e.to_string())),
            false => Ok(stored.to_string()),
        }
    }

    /// The token of a value of `kind`, normalised.
    pub fn token(&self, kind: &str, normalized: &str) -> Result<String, ApiError> {
        Ok(token(self.keys()?, &self.tenant, kind, normalized))
    }

    /// The stored rows of checked props (`props[i]` of the body). A prop whose key names a protected
    /// kind is stored as the kind says; one equal to a `current` prop (same key and type, and the same
    /// token, or the same clear value when it is no valid identifier, or the mask a caller was shown of
    /// it) keeps the stored row as it is.
    pub fn protect_props(&self, props: &[Prop], current: &[PropRow]) -> Result<Vec<PropRow>, ApiError> {
        props
            .iter()
            .enumerate()
            .map(|(i, p)| self.protect_prop(p, current, &format!("props[{i}].value")))
            .collect()
    }

    fn protect_prop(&self, prop: &Prop, current: &[PropRow], field: &str) -> Result<PropRow, ApiError> {
        let row = |value: String, token: Option<String>| PropRow {
            key: prop.key.clone(),
            value,
            kind: prop.kind,
            token,
        };
        let Some(kind) = IdentifierKind::from_alias(&prop.key) else {
            return Ok(row(prop.value.clone(), None));
        };
        let protection = kind.protection();
        if protection == Protection::Clear {
            return Ok(row(prop.value.clone(), None));
        }
        let same = current.iter().find(|c| c.key == prop.key && c.kind == prop.kind);
        if is_never_stored_mask(kind, &prop.value) {
            // Sent back as read: it stands for the number stored, and can stand for no other.
            return match same.filter(|s| s.value == prop.value) {
                Some(same) => Ok(same.clone()),
                None => Err(ApiError::Field(FieldError {
                    field: field.to_string(),
                    code: code::PATTERN,
                    message:
                        "a masked number stands for the one stored: send the whole number to set another"
                            .into(),
                })),
            };
        }
        let token = kind
            .normalize(&prop.value)
            .map(|n| self.token(kind.as_str(), &n))
            .transpose()?;
        if let Some(same) = same {
            let unchanged = match &token {
                Some(t) => same.token.as_ref() == Some(t),
                // Not a valid identifier: the clear values are compared, or the mask shown of it.
                None => {
                    is_sealed(&same.value) && {
                        let clear = self.open(&same.value)?;
                        clear == prop.value || mask(kind, &clear) == prop.value
                    }
                }
            };
            if unchanged {
                return Ok(same.clone());
            }
        }
        match protection {
            // Checked valid by the validation crate: it always has a token.
            Protection::NeverStored => Ok(row(mask(kind, &prop.value), token)),
            _ => Ok(row(self.seal(&prop.value)?, token)),
        }
    }

    /// Whether `sent` is the mask a caller is shown of the account number `current` stores.
    pub fn is_mask_of_account(&self, current: &Map<String, Value>, sent: &str) -> Result<bool, ApiError> {
        let Some(stored) = current.get(ACCOUNT_NUMBER).and_then(Value::as_str) else {
            return Ok(false);
        };
        if !sent.starts_with('X') {
            return Ok(false);
        }
        Ok(mask_identifier(ACCOUNT_NUMBER, &self.open(stored)?).as_deref() == Some(sent))
    }

    /// A bank account's document or merge patch as stored: a clear `account_number` sealed, with its
    /// token beside it. In a patch, a number restated as `current` holds it is dropped (no change).
    /// Whether the write changes the account's number.
    pub fn protect_account(
        &self,
        doc: &mut Value,
        current: Option<&Map<String, Value>>,
    ) -> Result<bool, ApiError> {
        let Some(doc) = doc.as_object_mut() else {
            return Ok(false);
        };
        let Some(number) = doc
            .get(ACCOUNT_NUMBER)
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Ok(false);
        };
        let token = self.token(ACCOUNT_NUMBER, &number)?;
        if let Some(current) = current {
            if self.is_mask_of_account(current, &number)? {
                // Sent back as read.
                doc.remove(ACCOUNT_NUMBER);
                return Ok(false);
            }
            let stored_token = current.get(ACCOUNT_TOKEN).and_then(Value::as_str);
            let stored = current.get(ACCOUNT_NUMBER).and_then(Value::as_str);
            let same = match (stored_token, stored) {
                (Some(t), _) => t == token,
                // Written before migration 0009: the clear number.
                (None, Some(clear)) => !is_sealed(clear) && clear == number,
                (None, None) => false,
            };
            if same {
                doc.remove(ACCOUNT_NUMBER);
                return Ok(false);
            }
        }
        doc.insert(ACCOUNT_NUMBER.into(), Value::from(self.seal(&number)?));
        doc.insert(ACCOUNT_TOKEN.into(), Value::from(token));
        Ok(true)
    }
}
