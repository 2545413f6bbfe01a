//! What a caller is shown of stored personal data: the one place that decides (CONTRACT §9, "Personal
//! data"). Without `pii:read` every identifying value is masked (`crego_validation::identifiers::mask`);
//! with it, sealed values are shown in clear and each one shown is noted for the access record. An
//! Aadhaar number or VID is only ever its mask. Every response that carries a contact, its props, a
//! bank account or a history entry passes through here: the contact routes, the props routes, expand,
//! lists, dedupe results, the bank routes and the history.

use crego_validation::identifiers::{mask, mask_identifier, Protection, ACCOUNT_NUMBER};
use crego_validation::IdentifierKind;
use serde_json::Value;

use super::protect::ACCOUNT_TOKEN;
use super::Pii;
use crate::error::ApiError;
use crate::store::contacts::{Contact, PropRow};

impl Pii {
    /// A prop's value as this caller sees it. `masked_already`: the row has a token, so a never-stored
    /// kind holds its mask (a row from before migration 0009 holds the number, masked here).
    fn shown_prop(
        &self,
        contact_id: &str,
        field: &str,
        key: &str,
        value: &str,
        masked_already: bool,
    ) -> Result<String, ApiError> {
        let Some(kind) = IdentifierKind::from_alias(key) else {
            return Ok(value.to_string());
        };
        match kind.protection() {
            Protection::Clear => Ok(value.to_string()),
            Protection::NeverStored if masked_already => Ok(value.to_string()),
            Protection::NeverStored => Ok(mask(kind, value)),
            Protection::Encrypted => {
                let clear = self.open(value)?;
                if self.reveals() {
                    self.note(contact_id, format!("{field}.{key}"));
                    Ok(clear)
                } else {
                    Ok(mask(kind, &clear))
                }
            }
        }
    }

    /// A bank account's stored number as this caller sees it.
    fn shown_account(&self, contact_id: &str, field: String, stored: &str) -> Result<String, ApiError> {
        let clear = self.open(stored)?;
        if self.reveals() {
            self.note(contact_id, field);
            return Ok(clear);
        }
        Ok(mask_identifier(ACCOUNT_NUMBER, &clear).unwrap_or_default())
    }

    /// Props of contact `contact_id` as this caller sees them.
    pub fn show_props(&self, contact_id: &str, props: &mut [PropRow]) -> Result<(), ApiError> {
        for p in props {
            p.value = self.shown_prop(contact_id, "props", &p.key, &p.value, p.token.is_some())?;
            p.token = None;
        }
        Ok(())
    }

    pub fn show_contact(&self, contact: &mut Contact) -> Result<(), ApiError> {
        self.show_props(&contact.id.clone(), &mut contact.props)
    }

    pub fn show_contacts(&self, contacts: &mut [Contact]) -> Result<(), ApiError> {
        contacts.iter_mut().try_for_each(|c| self.show_contact(c))
    }

    /// A bank account as the API shows it (`account_number`, `contact_id`, `id` at its top level).
    pub fn show_account(&self, account: &mut Value) -> Result<(), ApiError> {
        let contact = text_at(account, "contact_id");
        let id = text_at(account, "id");
        if let Some(number) = account.get_mut(ACCOUNT_NUMBER) {
            if let Some(stored) = number.as_str() {
                *number = Value::from(self.shown_account(
                    &contact,
                    format!("banks.{id}.account_number"),
                    stored,
                )?);
            }
        }
        Ok(())
    }

    /// History entries of contact `contact_id`: the documents before and after each write, as stored
    /// (contacts with their props, bank accounts with their numbers), shown as the caller may see them.
    pub fn show_history(&self, contact_id: &str, entries: &mut [Value]) -> Result<(), ApiError> {
        for entry in entries {
            let object_type = text_at(entry, "object_type");
            let object_id = text_at(entry, "object_id");
            for side in ["before", "after"] {
                let Some(doc) = entry.get_mut(side).filter(|d| d.is_object()) else {
                    continue;
                };
                match object_type.as_str() {
                    "contact" => self.show_stored_props(contact_id, doc)?,
                    "bank" => self.show_stored_account(contact_id, &object_id, doc)?,
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// A contact document as the audit log keeps it: its props with their tokens.
    fn show_stored_props(&self, contact_id: &str, doc: &mut Value) -> Result<(), ApiError> {
        let Some(props) = doc.get_mut("props").and_then(Value::as_array_mut) else {
            return Ok(());
        };
        for prop in props {
            let Some(map) = prop.as_object_mut() else { continue };
            let masked_already = map.remove("token").is_some_and(|t| !t.is_null());
            let key = map
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if let Some(value) = map.get("value").and_then(Value::as_str) {
                let shown = self.shown_prop(contact_id, "history.props", &key, value, masked_already)?;
                map.insert("value".into(), Value::from(shown));
            }
        }
        Ok(())
    }

    /// A bank account's row as the audit log keeps it: its fields in `doc`, with the number's token.
    fn show_stored_account(&self, contact_id: &str, id: &str, row: &mut Value) -> Result<(), ApiError> {
        let Some(doc) = row.get_mut("doc").and_then(Value::as_object_mut) else {
            return Ok(());
        };
        doc.remove(ACCOUNT_TOKEN);
        if let Some(stored) = doc.get(ACCOUNT_NUMBER).and_then(Value::as_str) {
            let field = format!("history.banks.{id}.account_number");
            let shown = self.shown_account(contact_id, field, stored)?;
            doc.insert(ACCOUNT_NUMBER.into(), Value::from(shown));
        }
        Ok(())
    }
}

fn text_at(v: &Value, field: &str) -> String {
    v.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}
