//! Dedupe's indexes, written in the batch of every contact write and every address write (migration
//! 0010): the identifier index (`contact_identifiers`), the blocking keys (`contact_match_keys`), the
//! tenant's name-word counts (`contact_name_words`), and on the contact row its name's folds and codes.
//! A contact's `p:` keys are spelled here in SQL from its codes and its addresses' pincodes, so an
//! address write and a rename each refile them from what the batch itself leaves in place.

use serde::Serialize;
use worker::D1PreparedStatement;

use super::{opt_text, text, Store, StoreResult};
use crate::domain::matching::identifiers::Identifier;
use crate::domain::matching::index::Filing;

/// The rows of a contact's write, each `None` when what it follows does not change.
#[derive(Debug, Default)]
pub struct DedupeRows {
    /// The identifier index rows `[{kind, value, prop_key}]`, when the props change.
    pub identifiers_json: Option<String>,
    /// When the name or the type changes.
    pub name: Option<NameRows>,
    /// The `n:` and `d:` keys, when the name, the type or the props change.
    pub keys_json: Option<String>,
}

/// What the contact row keeps of its name for dedupe.
#[derive(Debug)]
pub struct NameRows {
    /// `domain::dedupe::name_key` (migration 0006).
    pub key: String,
    /// The folds of its words, and the codes its keys are made of (JSON arrays).
    pub words_json: String,
    pub codes_json: String,
}

impl DedupeRows {
    /// The rows of a filing: the name's when `name_key` is given, the keys' when `keys`, the
    /// identifiers' when `identifiers`.
    pub fn of(
        filing: &Filing,
        name_key: Option<String>,
        keys: bool,
        identifiers: bool,
    ) -> StoreResult<DedupeRows> {
        let json = |v: &[String]| serde_json::to_string(v);
        Ok(DedupeRows {
            identifiers_json: identifiers.then(|| index_rows(&filing.identifiers)).transpose()?,
            name: name_key
                .map(|key| -> StoreResult<NameRows> {
                    Ok(NameRows {
                        key,
                        words_json: json(&filing.words)?,
                        codes_json: json(&filing.codes)?,
                    })
                })
                .transpose()?,
            keys_json: keys.then(|| json(&filing.keys)).transpose()?,
        })
    }
}

/// One row of the identifier index, and one identifier looked up in it.
#[derive(Serialize)]
struct IndexRow<'a> {
    kind: &'static str,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    prop_key: Option<&'a str>,
}

/// The form an identifier's value takes in the index: the one place it is computed, for the rows
/// written and for the values looked up (issue 16 makes it a keyed token of the normalised value).
fn indexed(id: &Identifier) -> String {
    id.value.clone()
}

/// The index rows of a contact's identifiers, as JSON for [`INSERT_IDENTIFIERS`].
pub fn index_rows(ids: &[Identifier]) -> StoreResult<String> {
    let rows: Vec<IndexRow> = ids
        .iter()
        .map(|id| IndexRow {
            kind: id.kind.as_str(),
            value: indexed(id),
            prop_key: Some(&id.prop_key),
        })
        .collect();
    Ok(serde_json::to_string(&rows)?)
}

/// The identifiers a request looks up, as JSON `[{kind, value}]`, in the order given.
pub fn lookup_rows(ids: &[&Identifier]) -> StoreResult<String> {
    let rows: Vec<IndexRow> = ids
        .iter()
        .map(|id| IndexRow {
            kind: id.kind.as_str(),
            value: indexed(id),
            prop_key: None,
        })
        .collect();
    Ok(serde_json::to_string(&rows)?)
}

const INSERT_IDENTIFIERS: &str =
    "INSERT OR IGNORE INTO contact_identifiers (tenant_id, kind, value, contact_id, prop_key) \
     SELECT ?1, json_extract(value, '$.kind'), json_extract(value, '$.value'), ?2, \
     json_extract(value, '$.prop_key') FROM json_each(?3)";
const DELETE_IDENTIFIERS: &str = "DELETE FROM contact_identifiers WHERE tenant_id = ?1 AND contact_id = ?2";
const INSERT_KEYS: &str = "INSERT OR IGNORE INTO contact_match_keys (tenant_id, key, contact_id) \
     SELECT ?1, value, ?2 FROM json_each(?3)";
const DELETE_KEYS: &str = "DELETE FROM contact_match_keys WHERE tenant_id = ?1 AND contact_id = ?2";
/// +1 for each word (`WHERE true` lets SQLite read `ON CONFLICT` as the upsert's).
const COUNT_WORDS: &str = "INSERT INTO contact_name_words (tenant_id, word, contacts) \
     SELECT ?1, value, 1 FROM json_each(?2) WHERE true \
     ON CONFLICT (tenant_id, word) DO UPDATE SET contacts = contacts + 1";
/// -1 for each word the contact's row holds: before the row is rewritten, in the same batch.
pub(super) const UNCOUNT_WORDS: &str = "UPDATE contact_name_words SET contacts = contacts - 1 \
     WHERE tenant_id = ?1 AND word IN (SELECT value FROM json_each(\
       (SELECT name_words FROM contacts WHERE tenant_id = ?1 AND id = ?2)))";

/// -1 for each word of the contact's name and for the tenant's count (the word ''), as a delete would.
const UNCOUNT_CONTACT: &str = "UPDATE contact_name_words SET contacts = contacts - 1 \
     WHERE tenant_id = ?1 AND word IN (SELECT value FROM json_each(\
       (SELECT name_words FROM contacts WHERE tenant_id = ?1 AND id = ?2)) UNION SELECT '')";

/// The contact whose `p:` keys are refiled: contact `?2` itself, or the owner of address `?2` (at
/// version `?3`, or at any when `?3` is null: a delete that will not happen refiles nothing).
const CONTACT: &str = "?2";
const OWNER_OF_ADDRESS: &str = "(SELECT contact_id FROM addresses WHERE tenant_id = ?1 AND id = ?2)";

fn delete_pincode_keys(contact: &str) -> String {
    format!(
        "DELETE FROM contact_match_keys WHERE tenant_id = ?1 AND contact_id = {contact} \
         AND substr(key, 1, 2) = 'p:'"
    )
}

/// `p:<code>|<pincode>` for each of the contact's codes and each of its addresses' pincodes (but the
/// address `?2` when it is being deleted): `blocking::match_keys` spells them the same way.
fn insert_pincode_keys(contact: &str, deleting: bool) -> String {
    let except = if deleting { "AND a.id IS NOT ?2" } else { "" };
    format!(
        "INSERT OR IGNORE INTO contact_match_keys (tenant_id, key, contact_id) \
         SELECT c.tenant_id, 'p:' || code.value || '|' || json_extract(a.doc, '$.pincode'), c.id \
         FROM contacts c JOIN json_each(c.name_codes) code \
         JOIN addresses a INDEXED BY addresses_tenant_contact ON a.tenant_id = c.tenant_id AND a.contact_id = c.id \
         WHERE c.tenant_id = ?1 AND c.id = {contact} AND json_extract(a.doc, '$.pincode') IS NOT NULL {except}"
    )
}

impl Store {
    /// The index statements of a contact's write that go before its row is written (the old words
    /// taken back), and those that go after it (everything else, which may read the new row).
    pub fn dedupe_rows(
        &self,
        contact_id: &str,
        rows: &DedupeRows,
        created: bool,
    ) -> StoreResult<(Vec<D1PreparedStatement>, Vec<D1PreparedStatement>)> {
        let id = text(contact_id);
        let (mut before, mut after) = (Vec::new(), Vec::new());
        if let Some(ids) = &rows.identifiers_json {
            if !created {
                after.push(self.prepare(DELETE_IDENTIFIERS, std::slice::from_ref(&id))?);
            }
            after.push(self.prepare(INSERT_IDENTIFIERS, &[id.clone(), text(ids)])?);
        }
        if let Some(name) = &rows.name {
            if created {
                // The tenant's contacts are counted under the word ''.
                let mut words: Vec<String> = serde_json::from_str(&name.words_json)?;
                words.push(String::new());
                after.push(self.prepare(COUNT_WORDS, &[text(&serde_json::to_string(&words)?)])?);
            } else {
                before.push(self.prepare(UNCOUNT_WORDS, std::slice::from_ref(&id))?);
                after.push(self.prepare(COUNT_WORDS, &[text(&name.words_json)])?);
            }
        }
        if let Some(keys) = &rows.keys_json {
            if !created {
                after.push(self.prepare(DELETE_KEYS, std::slice::from_ref(&id))?);
                after.push(self.prepare(&insert_pincode_keys(CONTACT, false), std::slice::from_ref(&id))?);
            }
            after.push(self.prepare(INSERT_KEYS, &[id, text(keys)])?);
        }
        Ok((before, after))
    }

    /// A contact leaves dedupe (a merge): its identifiers and keys go, and it is no longer counted
    /// among the tenant's contacts nor under its name's words.
    pub fn unfile(&self, contact_id: &str) -> StoreResult<Vec<D1PreparedStatement>> {
        let id = [text(contact_id)];
        Ok(vec![
            self.prepare(UNCOUNT_CONTACT, &id)?,
            self.prepare(DELETE_IDENTIFIERS, &id)?,
            self.prepare(DELETE_KEYS, &id)?,
        ])
    }

    /// The `p:` keys of contact `contact_id` from the addresses it owns when the statement runs.
    pub fn pincode_keys_of(&self, contact_id: &str) -> StoreResult<D1PreparedStatement> {
        self.prepare(&insert_pincode_keys(CONTACT, false), &[text(contact_id)])
    }

    /// Refiles the `p:` keys of the owner of address `address_id` from its addresses: after the
    /// address is created or patched, or (`deleting`) before it is deleted, leaving it out. (A delete
    /// refused by `If-Match` fails its whole batch, these statements with it.)
    pub fn pincode_keys(&self, address_id: &str, deleting: bool) -> StoreResult<Vec<D1PreparedStatement>> {
        let args = [text(address_id)];
        Ok(vec![
            self.prepare(&delete_pincode_keys(OWNER_OF_ADDRESS), &args)?,
            self.prepare(&insert_pincode_keys(OWNER_OF_ADDRESS, deleting), &args)?,
        ])
    }
}

/// The name columns a contact's insert or update binds: key, words, codes (all `None` to leave them).
pub fn name_columns(rows: &DedupeRows) -> [wasm_bindgen::JsValue; 3] {
    let name = rows.name.as_ref();
    [
        opt_text(name.map(|n| n.key.as_str())),
        opt_text(name.map(|n| n.words_json.as_str())),
        opt_text(name.map(|n| n.codes_json.as_str())),
    ]
}
