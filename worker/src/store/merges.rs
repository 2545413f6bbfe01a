//! Merges in D1 (CONTRACT §9, "Merge"; migration 0011): the rows a merge reads, the one batch that
//! writes it (guards, records for unmerge, the rows' moves, dedupe and search, every history row), and
//! the batch of an unmerge that restores what one merged contact brought.

use std::collections::BTreeSet;

use serde::Serialize;
use worker::D1PreparedStatement;

use super::audit::{Audit, Written};
use super::contacts::{audit_document, subject, Contact, ContactChange, Update};
use super::match_index::DedupeRows;
use super::sub_resources::{DocRow, ROW, ROW_JSON};
use super::{int, text, Store, StoreResult};
use crate::domain::merge::{Fate, RowFate};

/// The tables whose rows a merge moves.
pub const TABLES: [&str; 3] = ["addresses", "banks", "relations"];

/// A contact's rows, and the relations pointing at it, as `id:version` in order (a JSON array): what
/// the merge read. The batch compares it with the rows as they are, so that a row written in between
/// fails the merge as a stale read would (a row's write does not always change its contact's version).
const FINGERPRINT: &str = "(SELECT coalesce(json_group_array(k), '[]') FROM (\
     SELECT id || ':' || version AS k FROM addresses WHERE tenant_id = ?1 AND contact_id = ?2 \
     UNION SELECT id || ':' || version FROM banks WHERE tenant_id = ?1 AND contact_id = ?2 \
     UNION SELECT id || ':' || version FROM relations WHERE tenant_id = ?1 \
       AND (contact_id = ?2 OR related_contact_id = ?2) ORDER BY 1))";

/// Fails the batch (version NULL) unless contact ?2 is at version ?3 with its rows as read (?4).
fn guard_sql() -> String {
    format!(
        "UPDATE contacts SET version = CASE WHEN version = ?3 AND {FINGERPRINT} = ?4 THEN version ELSE NULL END \
         WHERE tenant_id = ?1 AND id = ?2"
    )
}

/// The fingerprint of contact `id` from the rows read (`FINGERPRINT` in Rust).
pub fn fingerprint(id: &str, rows: &[&[DocRow]]) -> StoreResult<String> {
    let keys: BTreeSet<String> = rows
        .iter()
        .flat_map(|table| table.iter())
        .filter(|r| r.contact_id == id || related(r) == id)
        .map(|r| format!("{}:{}", r.id, r.version))
        .collect();
    Ok(serde_json::to_string(&keys)?)
}

fn related(row: &DocRow) -> String {
    serde_json::from_str::<serde_json::Value>(&row.doc)
        .ok()
        .and_then(|d| d.get("related_contact")?.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One merged contact as the merge writes it.
pub struct Merged<'a> {
    pub contact: &'a Contact,
    /// Its history row.
    pub audit_id: &'a str,
}

/// Everything one merge writes.
pub struct MergeWrite<'a> {
    pub merge_id: &'a str,
    pub survivor: &'a Contact,
    pub merged: &'a [Merged<'a>],
    pub change: &'a ContactChange,
    pub dedupe: &'a DedupeRows,
    pub fates: &'a [RowFate],
    /// `(contact id, version, fingerprint)` of the survivor and each merged contact, as read.
    pub guards: &'a [(String, i64, String)],
    /// The survivor's history row; the merged contacts' share its action, actor, time and remarks.
    pub audit: &'a Audit<'a>,
}

#[derive(Serialize)]
struct Fated<'a> {
    id: &'a str,
    merged: &'a str,
    action: &'static str,
}

fn ids_json(fates: &[RowFate], table: &str, of: &[Fate]) -> StoreResult<String> {
    let ids: Vec<&str> = fates
        .iter()
        .filter(|f| f.table == table && of.contains(&f.fate))
        .map(|f| f.id.as_str())
        .collect();
    Ok(serde_json::to_string(&ids)?)
}

const IN_IDS: &str = "tenant_id = ?1 AND id IN (SELECT value FROM json_each(?2))";

impl Store {
    /// The rows of `contacts` (the survivor and those merged into it) in each of [`TABLES`], and the
    /// relations of other contacts pointing at any of them, in one round trip.
    pub async fn merge_rows(&self, contacts: &[String]) -> StoreResult<[Vec<DocRow>; 4]> {
        let ids = text(&serde_json::to_string(contacts)?);
        let owned = |table: &str| {
            format!(
                "SELECT {ROW} FROM {table} WHERE tenant_id = ?1 AND contact_id IN (SELECT value FROM json_each(?2)) \
                 ORDER BY created_at, id"
            )
        };
        let incoming = format!(
            "SELECT {ROW} FROM relations WHERE tenant_id = ?1 \
             AND related_contact_id IN (SELECT value FROM json_each(?2)) \
             AND contact_id NOT IN (SELECT value FROM json_each(?2)) ORDER BY created_at, id"
        );
        let mut statements = Vec::new();
        for sql in TABLES.iter().map(|t| owned(t)).chain([incoming]) {
            statements.push(self.prepare(&sql, std::slice::from_ref(&ids))?);
        }
        let results = self.read_batch(statements).await?;
        let mut out: [Vec<DocRow>; 4] = Default::default();
        for (slot, result) in out.iter_mut().zip(results.iter()) {
            *slot = result.results::<DocRow>()?;
        }
        Ok(out)
    }

    /// Writes a merge in one batch (see the module); a record changed since it was read fails it whole
    /// with `StoreError::Stale`.
    pub async fn merge(&self, m: &MergeWrite<'_>) -> StoreResult<Written<Contact>> {
        let survivor = m.survivor.id.as_str();
        let (at, actor) = (text(m.audit.at), text(m.audit.actor));
        let document = audit_document();
        let mut batch = Vec::new();
        for (id, version, print) in m.guards {
            batch.push(self.prepare(&guard_sql(), &[text(id), int(*version), text(print)])?);
        }
        for merged in m.merged {
            let audit = Audit {
                id: merged.audit_id,
                material: false,
                ..*m.audit
            };
            batch.push(self.audit_insert(&subject(&document), &audit, &merged.contact.id, true)?);
        }
        // As a contact reads back (`parse_contact`): with the `namespace_id` its API document leaves out.
        let mut before = serde_json::to_value(m.survivor)?;
        if let Some(doc) = before.as_object_mut() {
            doc.insert("namespace_id".into(), m.survivor.namespace_id.clone().into());
        }
        let before = before.to_string();
        for (position, merged) in m.merged.iter().enumerate() {
            let c = merged.contact;
            batch.push(self.prepare(
                "INSERT INTO contact_merges (tenant_id, merged_id, merge_id, survivor_id, position, \
                 survivor_before, survivor_version, merged_version, at, actor) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                &[
                    text(&c.id),
                    text(m.merge_id),
                    text(survivor),
                    int(position as i64),
                    text(&before),
                    int(m.survivor.version + 1),
                    int(c.version + 1),
                    at.clone(),
                    actor.clone(),
                ],
            )?);
        }
        batch.extend(self.record_rows(m.fates)?);
        batch.extend(self.move_rows(m.fates, survivor, m.audit)?);
        for merged in m.merged {
            let id = &merged.contact.id;
            batch.extend(self.unfile(id)?);
            batch.push(self.search_index_hide(id)?);
            batch.push(self.prepare(
                "UPDATE contacts SET version = CASE WHEN version = ?3 THEN version + 1 ELSE NULL END, \
                 merged_into = ?4, updated_at = ?5, updated_by = ?6 WHERE tenant_id = ?1 AND id = ?2",
                &[
                    text(id),
                    int(merged.contact.version),
                    text(survivor),
                    at.clone(),
                    actor.clone(),
                ],
            )?);
            batch.push(self.audit_after(&subject(&document), merged.audit_id, id)?);
        }
        batch.extend(self.update_statements(&Update {
            id: survivor,
            version: m.survivor.version,
            change: m.change,
            dedupe: m.dedupe,
            audit: m.audit,
        })?);
        self.run_write(batch, &document, m.audit.id, survivor).await
    }

    /// Each fated row as it is before the merge, under the merged contact it is restored with.
    fn record_rows(&self, fates: &[RowFate]) -> StoreResult<Vec<D1PreparedStatement>> {
        let mut out = Vec::new();
        for table in TABLES {
            let fated: Vec<Fated> = fates
                .iter()
                .filter(|f| f.table == table)
                .map(|f| Fated {
                    id: &f.id,
                    merged: &f.merged_id,
                    action: f.fate.as_str(),
                })
                .collect();
            if fated.is_empty() {
                continue;
            }
            // In the subquery, `id` is the table's (json_each has an `id` column of its own).
            let sql = format!(
                "INSERT INTO contact_merge_rows (tenant_id, merged_id, row_table, row_id, action, row) \
                 SELECT ?1, json_extract(f.value, '$.merged'), '{table}', json_extract(f.value, '$.id'), \
                 json_extract(f.value, '$.action'), \
                 (SELECT {ROW_JSON} FROM {table} WHERE tenant_id = ?1 AND id = json_extract(f.value, '$.id')) \
                 FROM json_each(?2) f"
            );
            out.push(self.prepare(&sql, &[text(&serde_json::to_string(&fated)?)])?);
        }
        Ok(out)
    }

    /// The rows' fates: duplicates and relations between the merged contacts deleted, extra primary
    /// accounts demoted (before they move: the survivor keeps one), rows moved, relations repointed.
    fn move_rows(
        &self,
        fates: &[RowFate],
        survivor: &str,
        audit: &Audit<'_>,
    ) -> StoreResult<Vec<D1PreparedStatement>> {
        let (at, actor) = (text(audit.at), text(audit.actor));
        let stamp = "version = version + 1, updated_at = ?4, updated_by = ?5";
        let mut out = Vec::new();
        for table in TABLES {
            let gone = ids_json(fates, table, &[Fate::Dropped, Fate::Removed])?;
            out.push(self.prepare(&format!("DELETE FROM {table} WHERE {IN_IDS}"), &[text(&gone)])?);
        }
        let demoted = ids_json(fates, "banks", &[Fate::Demoted])?;
        out.push(self.prepare(
            &format!("UPDATE banks SET doc = json_set(doc, '$.is_primary', json('false')) WHERE {IN_IDS}"),
            &[text(&demoted)],
        )?);
        for table in TABLES {
            let moved = ids_json(fates, table, &[Fate::Moved, Fate::Demoted])?;
            out.push(self.prepare(
                &format!("UPDATE {table} SET contact_id = ?3, {stamp} WHERE {IN_IDS}"),
                &[text(&moved), text(survivor), at.clone(), actor.clone()],
            )?);
        }
        let repointed = ids_json(fates, "relations", &[Fate::Repointed])?;
        out.push(self.prepare(
            &format!(
                "UPDATE relations SET doc = json_set(doc, '$.related_contact', ?3), {stamp} WHERE {IN_IDS}"
            ),
            &[text(&repointed), text(survivor), at, actor],
        )?);
        Ok(out)
    }
}
