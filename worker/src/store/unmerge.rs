//! Unmerge in D1 (CONTRACT §9, "Merge"; migration 0011): the record a merge kept of one merged contact,
//! and the one batch that restores what that contact brought to its survivor, from the record.

use serde::Deserialize;
use worker::D1PreparedStatement;

use super::audit::{Audit, Written};
use super::contacts::{audit_document, subject, Contact, ContactChange, Update};
use super::match_index::DedupeRows;
use super::merges::TABLES;
use super::{int, text, Store, StoreResult};

/// What a merge kept of one merged contact (a row of `contact_merges`).
#[derive(Debug, Clone, Deserialize)]
pub struct MergeRecord {
    pub merged_id: String,
    pub merge_id: String,
    pub survivor_id: String,
    /// The survivor's document as the merge read it.
    pub survivor_before: String,
    /// The versions the merge (or a later unmerge of a sibling) left.
    pub survivor_version: i64,
    pub merged_version: i64,
}

const RECORD: &str =
    "SELECT merged_id, merge_id, survivor_id, survivor_before, survivor_version, merged_version \
     FROM contact_merges WHERE tenant_id = ?1";

/// How many of the rows merged contact ?2 brought to its survivor (moved, demoted, repointed) are no
/// longer as the merge left them: edited, deleted, or moved again since (the merge stamped each one
/// version up from the recorded row). A relation's write does not change its contact's version, so the
/// contacts' versions alone would miss it, and unmerge would restore a row that is not what it moved.
const CHANGED_ROWS: &str = "(SELECT COUNT(*) FROM contact_merge_rows r WHERE r.tenant_id = ?1 \
     AND r.merged_id = ?2 AND r.action IN ('moved', 'demoted', 'repointed') \
     AND NOT EXISTS (SELECT 1 FROM addresses t WHERE r.row_table = 'addresses' AND t.tenant_id = ?1 \
       AND t.id = r.row_id AND t.version = json_extract(r.row, '$.version') + 1) \
     AND NOT EXISTS (SELECT 1 FROM banks t WHERE r.row_table = 'banks' AND t.tenant_id = ?1 \
       AND t.id = r.row_id AND t.version = json_extract(r.row, '$.version') + 1) \
     AND NOT EXISTS (SELECT 1 FROM relations t WHERE r.row_table = 'relations' AND t.tenant_id = ?1 \
       AND t.id = r.row_id AND t.version = json_extract(r.row, '$.version') + 1))";

/// The ids of one merged contact's rows of `{table}` that the merge gave one of `{actions}`.
fn recorded_ids(table: &str, actions: &str) -> String {
    format!(
        "SELECT row_id FROM contact_merge_rows WHERE tenant_id = ?1 AND merged_id = ?2 \
         AND row_table = '{table}' AND action IN ({actions})"
    )
}

/// Everything one unmerge writes.
pub struct UnmergeWrite<'a> {
    pub record: &'a MergeRecord,
    pub survivor: &'a Contact,
    pub merged: &'a Contact,
    /// The survivor's change: its values merged again without this contact.
    pub change: &'a ContactChange,
    pub dedupe: &'a DedupeRows,
    /// How dedupe files the merged contact again (all of its rows).
    pub merged_dedupe: &'a DedupeRows,
    /// The survivor's history row; the merged contact's is `merged_audit_id`, with the same action.
    pub audit: &'a Audit<'a>,
    pub merged_audit_id: &'a str,
}

impl Store {
    /// The record of merged contact `id`, while its merge stands.
    pub async fn merge_record(&self, id: &str) -> StoreResult<Option<MergeRecord>> {
        let sql = format!("{RECORD} AND merged_id = ?2");
        Ok(self.prepare(&sql, &[text(id)])?.first(None).await?)
    }

    /// The contacts still merged by merge `merge_id`, in the order it named them.
    pub async fn merge_siblings(&self, merge_id: &str) -> StoreResult<Vec<MergeRecord>> {
        let sql = format!("{RECORD} AND merge_id = ?2 ORDER BY position");
        Ok(self.prepare(&sql, &[text(merge_id)])?.all().await?.results()?)
    }

    /// Whether a row merged contact `id` brought to its survivor has changed since the merge.
    pub async fn rows_changed_since_merge(&self, id: &str) -> StoreResult<bool> {
        #[derive(Deserialize)]
        struct Count {
            n: i64,
        }
        let sql = format!("SELECT {CHANGED_ROWS} AS n");
        let count: Option<Count> = self.prepare(&sql, &[text(id)])?.first(None).await?;
        Ok(count.is_some_and(|c| c.n > 0))
    }

    /// Undoes one merged contact's merge in one batch; a record changed since it was read fails it
    /// whole with `StoreError::Stale`.
    pub async fn unmerge(&self, u: &UnmergeWrite<'_>) -> StoreResult<Written<Contact>> {
        let (merged, survivor) = (u.merged.id.as_str(), u.survivor.id.as_str());
        let (at, actor) = (text(u.audit.at), text(u.audit.actor));
        let document = audit_document();
        let merged_audit = Audit {
            id: u.merged_audit_id,
            material: false,
            ..*u.audit
        };
        // A row changed between the check and this batch fails it (version NULL), as a stale read would.
        let guard = format!(
            "UPDATE contacts SET version = CASE WHEN {CHANGED_ROWS} = 0 THEN version ELSE NULL END \
             WHERE tenant_id = ?1 AND id = ?2"
        );
        let mut batch = vec![
            self.prepare(&guard, &[text(merged)])?,
            self.audit_insert(&subject(&document), &merged_audit, merged, true)?,
        ];
        batch.extend(self.restore_rows(merged, &at, &actor)?);
        batch.push(self.prepare(
            "UPDATE contacts SET version = CASE WHEN version = ?3 THEN version + 1 ELSE NULL END, \
             merged_into = NULL, updated_at = ?4, updated_by = ?5 WHERE tenant_id = ?1 AND id = ?2",
            &[text(merged), int(u.merged.version), at.clone(), actor.clone()],
        )?);
        let (_, refiled) = self.dedupe_rows(merged, u.merged_dedupe, true)?;
        batch.extend(refiled);
        batch.push(self.pincode_keys_of(merged)?);
        batch.push(self.search_index_update(merged)?);
        for table in ["contact_merge_rows", "contact_merges"] {
            let sql = format!("DELETE FROM {table} WHERE tenant_id = ?1 AND merged_id = ?2");
            batch.push(self.prepare(&sql, &[text(merged)])?);
        }
        batch.extend(self.update_statements(&Update {
            id: survivor,
            version: u.survivor.version,
            change: u.change,
            dedupe: u.dedupe,
            audit: u.audit,
        })?);
        // The siblings of the same merge stay undoable: the survivor's new version is theirs too.
        batch.push(self.prepare(
            "UPDATE contact_merges SET survivor_version = ?3 + 1 \
             WHERE tenant_id = ?1 AND merge_id = ?2 AND survivor_version = ?3",
            &[text(&u.record.merge_id), int(u.survivor.version)],
        )?);
        batch.push(self.audit_after(&subject(&document), u.merged_audit_id, merged)?);
        self.run_write(batch, &document, u.audit.id, survivor).await
    }

    /// The merged contact's rows as they were: moved ones back (a demoted account primary again),
    /// dropped and removed ones inserted again as recorded, repointed relations pointing at it again.
    fn restore_rows(
        &self,
        merged: &str,
        at: &wasm_bindgen::JsValue,
        actor: &wasm_bindgen::JsValue,
    ) -> StoreResult<Vec<D1PreparedStatement>> {
        let args = [text(merged), at.clone(), actor.clone()];
        let stamp = "version = version + 1, updated_at = ?3, updated_by = ?4";
        let mut out = Vec::new();
        for table in TABLES {
            let moved = recorded_ids(table, "'moved', 'demoted'");
            out.push(self.prepare(
                &format!(
                    "UPDATE {table} SET contact_id = ?2, {stamp} WHERE tenant_id = ?1 AND id IN ({moved})"
                ),
                &args,
            )?);
            out.push(self.prepare(
                &format!(
                    "INSERT INTO {table} (tenant_id, id, contact_id, doc, version, created_at, created_by, \
                     updated_at, updated_by) SELECT ?1, json_extract(row, '$.id'), json_extract(row, '$.contact_id'), \
                     json_extract(row, '$.doc'), json_extract(row, '$.version'), json_extract(row, '$.created_at'), \
                     json_extract(row, '$.created_by'), json_extract(row, '$.updated_at'), \
                     json_extract(row, '$.updated_by') FROM contact_merge_rows WHERE tenant_id = ?1 \
                     AND merged_id = ?2 AND row_table = '{table}' AND action IN ('dropped', 'removed')"
                ),
                &args[..1],
            )?);
        }
        let demoted = recorded_ids("banks", "'demoted'");
        out.push(self.prepare(
            &format!("UPDATE banks SET doc = json_set(doc, '$.is_primary', json('true')) WHERE tenant_id = ?1 AND id IN ({demoted})"),
            &args[..1],
        )?);
        let repointed = recorded_ids("relations", "'repointed'");
        out.push(self.prepare(
            &format!(
                "UPDATE relations SET doc = json_set(doc, '$.related_contact', ?2), {stamp} \
                 WHERE tenant_id = ?1 AND id IN ({repointed})"
            ),
            &args,
        )?);
        Ok(out)
    }
}
