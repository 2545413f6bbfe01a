//! Bringing stored personal data to the current keys (`POST /pii/convert/`, CONTRACT §9 "Personal
//! data"): a value written in clear before migration 0009 is sealed or masked, one sealed with an older
//! key is sealed again with the newest, a token of an older token key is made again from the clear
//! value; props, bank account numbers and the documents of history entries alike. What is already
//! current is returned unchanged, so converting twice changes nothing.

use crego_validation::identifiers::{mask, Protection, ACCOUNT_NUMBER};
use crego_validation::IdentifierKind;
use serde_json::{Map, Value};

use super::crypto::{is_sealed, key_id};
use super::protect::ACCOUNT_TOKEN;
use super::Pii;
use crate::error::ApiError;
use crate::store::contacts::PropRow;

impl Pii {
    /// A sealed value under the newest key: `stored` itself when it already is.
    fn sealed_now(&self, stored: &str) -> Result<String, ApiError> {
        if is_sealed(stored) && key_id(stored) == Some(self.keys()?.newest().id.as_str()) {
            return Ok(stored.to_string());
        }
        self.seal(&self.open(stored)?)
    }

    /// Whether a token was made with the current token key.
    fn token_is_current(&self, token: &str) -> Result<bool, ApiError> {
        let id = &self.keys()?.token_id;
        Ok(token
            .strip_prefix(id.as_str())
            .is_some_and(|rest| rest.starts_with(':')))
    }

    /// A prop `(key, value, token)` under the current keys.
    fn converted_prop(
        &self,
        key: &str,
        value: &str,
        token: Option<&str>,
    ) -> Result<(String, Option<String>), ApiError> {
        let Some(kind) = IdentifierKind::from_alias(key) else {
            return Ok((value.to_string(), token.map(str::to_string)));
        };
        match kind.protection() {
            Protection::Clear => Ok((value.to_string(), None)),
            // The mask and its token: the number is gone, so a token of an older key stays as it is.
            Protection::NeverStored if token.is_some() => Ok((value.to_string(), token.map(str::to_string))),
            // Written in clear before 0009; an invalid number is masked and has no token.
            Protection::NeverStored => {
                let token = kind
                    .normalize(value)
                    .map(|n| self.token(kind.as_str(), &n))
                    .transpose()?;
                Ok((mask(kind, value), token))
            }
            Protection::Encrypted => {
                let token = match token {
                    Some(t) if self.token_is_current(t)? => Some(t.to_string()),
                    _ => {
                        let clear = self.open(value)?;
                        kind.normalize(&clear)
                            .map(|n| self.token(kind.as_str(), &n))
                            .transpose()?
                    }
                };
                Ok((self.sealed_now(value)?, token))
            }
        }
    }

    /// Stored props under the current keys.
    pub fn convert_props(&self, rows: &[PropRow]) -> Result<Vec<PropRow>, ApiError> {
        rows.iter()
            .map(|r| {
                let (value, token) = self.converted_prop(&r.key, &r.value, r.token.as_deref())?;
                Ok(PropRow {
                    value,
                    token,
                    ..r.clone()
                })
            })
            .collect()
    }

    /// A bank account's document under the current keys.
    pub fn convert_account(&self, doc: &mut Map<String, Value>) -> Result<(), ApiError> {
        let Some(stored) = doc
            .get(ACCOUNT_NUMBER)
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Ok(());
        };
        let token = match doc.get(ACCOUNT_TOKEN).and_then(Value::as_str) {
            Some(t) if self.token_is_current(t)? => t.to_string(),
            _ => self.token(ACCOUNT_NUMBER, &self.open(&stored)?)?,
        };
        doc.insert(ACCOUNT_NUMBER.into(), Value::from(self.sealed_now(&stored)?));
        doc.insert(ACCOUNT_TOKEN.into(), Value::from(token));
        Ok(())
    }

    /// A history document (`object_type` `contact` or `bank`, as the audit log keeps it) under the
    /// current keys.
    pub fn convert_document(&self, object_type: &str, doc: &mut Value) -> Result<(), ApiError> {
        match object_type {
            "contact" => {
                let Some(props) = doc.get_mut("props").and_then(Value::as_array_mut) else {
                    return Ok(());
                };
                for prop in props.iter_mut().filter_map(Value::as_object_mut) {
                    let key = prop
                        .get("key")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    let Some(value) = prop.get("value").and_then(Value::as_str).map(str::to_string) else {
                        continue;
                    };
                    let token = prop.get("token").and_then(Value::as_str).map(str::to_string);
                    let (value, token) = self.converted_prop(&key, &value, token.as_deref())?;
                    prop.insert("value".into(), Value::from(value));
                    prop.insert("token".into(), token.map_or(Value::Null, Value::from));
                }
                Ok(())
            }
            "bank" => match doc.get_mut("doc").and_then(Value::as_object_mut) {
                Some(fields) => self.convert_account(fields),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pii::crypto::open;
    use crate::pii::keys::Keyring;
    use crego_validation::PropType;

    const OLD: &str = "k1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    const NEW: &str = "k2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const TOKEN: &str = "t1:dG9rZW4ta2V5LW9mLWF0LWxlYXN0LTMyLWJ5dGVzLi4=";

    fn pii(keys: &str) -> Pii {
        Pii::new(Keyring::read(Some(keys), Some(TOKEN)), "tenant", false)
    }

    fn prop(key: &str, value: &str, token: Option<String>) -> PropRow {
        PropRow {
            key: key.into(),
            value: value.into(),
            kind: PropType::Text,
            token,
        }
    }

    #[test]
    fn clear_values_from_before_0009_are_masked_or_sealed_with_their_tokens() {
        let p = pii(NEW);
        let rows = p
            .convert_props(&[
                prop("aadhaar", "2341 2341 2346", None),
                prop("pan_no", "ABCPK1234L", None),
                prop("city", "Pune", None),
            ])
            .unwrap_or_default();
        assert_eq!(rows[0].value, "XXXX XXXX 2346");
        assert_eq!(rows[0].token, p.token("aadhaar", "234123412346").ok());
        assert!(rows[1].value.starts_with("enc:v1:k2:"));
        assert_eq!(rows[1].token, p.token("pan", "ABCPK1234L").ok());
        assert_eq!(rows[2], prop("city", "Pune", None));
        assert_eq!(
            p.convert_props(&rows).unwrap_or_default(),
            rows,
            "converting twice changes nothing"
        );
    }

    #[test]
    fn values_sealed_with_an_older_key_are_sealed_again_with_the_newest() {
        let before = pii(OLD);
        let sealed = before.seal("9876543210").unwrap_or_default();
        let token = before.token("mobile", "9876543210").ok();
        let after = pii(&format!("{NEW},{OLD}"));
        let rows = after
            .convert_props(&[prop("mobile", &sealed, token.clone())])
            .unwrap_or_default();
        assert!(rows[0].value.starts_with("enc:v1:k2:"), "{}", rows[0].value);
        assert_eq!(rows[0].token, token);
        let keys = Keyring::read(Some(NEW), Some(TOKEN)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(open(&keys, "tenant", &rows[0].value).as_deref(), Ok("9876543210"));

        let mut account = serde_json::json!({"account_number": "123456789012", "ifsc": "SBIN0001234"});
        let fields = account.as_object_mut().unwrap_or_else(|| panic!("an object"));
        after.convert_account(fields).unwrap_or_default();
        assert!(fields["account_number"]
            .as_str()
            .is_some_and(|v| v.starts_with("enc:v1:k2:")));
        assert_eq!(
            fields["account_token"].as_str(),
            after.token("account_number", "123456789012").ok().as_deref()
        );
    }
}
