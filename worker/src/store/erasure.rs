//! Erasing a contact's personal data (CONTRACT §9, "Erasure and retention"), in one batch with its
//! `erase` history entry: what identifies the person goes (name, tags, refs, the rejection reason, its
//! props, addresses, bank accounts and its own relations, the identifier tokens, blocking keys, name
//! words and codes that let dedupe and search find it, and the documents and remarks of its history
//! entries); what the lender must still account for stays (its id, ref id, namespace, timestamps, who approved it, the history's who,
//! when and what, each entry's version). Relations of other contacts that name it keep only its id.
//! The contacts merged into it are the same person: they are erased with it, and the records that let a
//! merge be undone (which hold the rows as they were) go.

use worker::D1PreparedStatement;

use super::audit::{Audit, Written};
use super::contacts::{audit_document, subject, Contact};
use super::match_index::UNCOUNT_WORDS;
use super::{int, text, Store, StoreResult};

/// The contact, without its personal data: `version = NULL` when it moved since the read at ?4 (the
/// NOT NULL constraint then rolls the batch back, `StoreError::Stale`).
const ERASE_CONTACT: &str =
    "UPDATE contacts SET name = '', tags = '[]', refs = '{}', rejection_reason = NULL, \
     name_key = '', name_words = '[]', name_codes = '[]', erased_at = ?3, updated_at = ?3, updated_by = ?5, \
     version = CASE WHEN version = ?4 THEN version + 1 ELSE NULL END \
     WHERE tenant_id = ?1 AND id = ?2";

/// Each history entry keeps who, when and what, and of its documents only the id and version (an
/// approval's `covered_version` reads the version), except the erasure's own entry (?3).
const SCRUB_HISTORY: &str = "UPDATE audit_log SET remarks = NULL, \
     before = CASE WHEN before IS NULL THEN NULL ELSE json_object('id', json_extract(before, '$.id'), \
       'version', json_extract(before, '$.version')) END, \
     after = CASE WHEN after IS NULL THEN NULL ELSE json_object('id', json_extract(after, '$.id'), \
       'version', json_extract(after, '$.version')) END \
     WHERE tenant_id = ?1 AND contact_id IN (SELECT id FROM contacts WHERE tenant_id = ?1 AND (id = ?2 OR merged_into = ?2)) \
     AND id <> ?3";

/// The contacts merged into it, as `ERASE_CONTACT` leaves it (they refuse writes: no version to guard).
const ERASE_MERGED: &str =
    "UPDATE contacts SET name = '', tags = '[]', refs = '{}', rejection_reason = NULL, \
     name_key = '', name_words = '[]', name_codes = '[]', erased_at = ?3, updated_at = ?3, updated_by = ?4, \
     version = version + 1 WHERE tenant_id = ?1 AND merged_into = ?2 AND erased_at IS NULL";

/// What would undo a merge into it or of it: the survivor's document before it and the rows it moved.
const FORGET_MERGES: [&str; 2] = [
    "DELETE FROM contact_merge_rows WHERE tenant_id = ?1 AND merged_id IN \
     (SELECT merged_id FROM contact_merges WHERE tenant_id = ?1 AND (survivor_id = ?2 OR merged_id = ?2))",
    "DELETE FROM contact_merges WHERE tenant_id = ?1 AND (survivor_id = ?2 OR merged_id = ?2)",
];

/// The rows of the contact and of those merged into it that hold personal data or find it by it.
const ERASED_ROWS: &[(&str, &str)] = &[
    ("contact_props", "contact_id"),
    ("contact_identifiers", "contact_id"),
    ("contact_match_keys", "contact_id"),
    ("addresses", "contact_id"),
    ("banks", "contact_id"),
    ("relations", "contact_id"),
];

/// The search index keeps the contact's key (the tenant's ranges depend on it) but matches nothing.
const UNSEARCHABLE: &str = "UPDATE contact_search SET name = '', ref_id = NULL \
     WHERE rowid = (SELECT rowid FROM contact_search_keys WHERE tenant_id = ?1 AND contact_id = ?2)";

impl Store {
    /// Erases contact `id`, read at `version`, recording `audit` (`erase`, no `before`: it would hold
    /// what is erased).
    pub async fn erase_contact(
        &self,
        id: &str,
        version: i64,
        audit: &Audit<'_>,
    ) -> StoreResult<Written<Contact>> {
        let document = audit_document();
        let mut batch: Vec<D1PreparedStatement> = vec![
            self.audit_insert(&subject(&document), audit, id, false)?,
            self.prepare(SCRUB_HISTORY, &[text(id), text(audit.id)])?,
            // Before the row forgets its words: the tenant's counts of them.
            self.prepare(UNCOUNT_WORDS, &[text(id)])?,
            self.prepare(
                ERASE_CONTACT,
                &[text(id), text(audit.at), int(version), text(audit.actor)],
            )?,
            self.prepare(UNSEARCHABLE, &[text(id)])?,
            self.prepare(ERASE_MERGED, &[text(id), text(audit.at), text(audit.actor)])?,
        ];
        for (table, column) in ERASED_ROWS {
            let sql = format!(
                "DELETE FROM {table} WHERE tenant_id = ?1 AND {column} IN \
                 (SELECT id FROM contacts WHERE tenant_id = ?1 AND (id = ?2 OR merged_into = ?2))"
            );
            batch.push(self.prepare(&sql, &[text(id)])?);
        }
        for sql in FORGET_MERGES {
            batch.push(self.prepare(sql, &[text(id)])?);
        }
        self.run_write(batch, &document, audit.id, id).await
    }
}
