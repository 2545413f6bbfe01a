//! The SQL shared by a contact's addresses, banks and relations: rows that keep their fields as one JSON
//! document (see migration 0003). One set of statements serves the three tables, each described by its
//! [`SubKind`] (`addresses.rs`, `banks.rs`, `relations.rs`); each write is one batch with its audit row.

use crego_validation::RelationType;
use serde::Deserialize;
use serde_json::{Map, Value};
use worker::D1PreparedStatement;

use super::approval::MaterialTo;
use super::audit::{approval_of, Audit, Subject, Written};
use super::filter::{every_tag, tags_json, Where};
use super::{int, opt_int, text, Store, StoreError, StoreResult, Unique};
use crate::domain::time::CreatedRange;

/// One table of a contact's sub-resources, and what the API makes of it.
#[derive(Debug, Clone, Copy)]
pub struct SubKind {
    /// The table; also the resource's path segment and its name in `expand` (`addresses`, ...).
    pub table: &'static str,
    /// `object_type` in the audit log.
    pub object_type: &'static str,
    /// The name the API gives the owning contact's id (`contact_id`, or `contact` for relations).
    pub contact_field: &'static str,
    /// The document's fields in response order; a field the document lacks is shown as `null`.
    pub fields: &'static [&'static str],
    /// Fields `search` looks in (case-insensitive substring).
    pub search: &'static [&'static str],
    /// What a client is told when a write would break one of the table's unique indexes.
    pub unique: &'static [Unique],
    /// A unique index that only a concurrent write can break (as [`super::StoreError::is_unique`]
    /// names it): its failure is a lost race, not the client's conflict.
    pub race: Option<&'static str>,
    /// How many a contact may have (`limits`), so that a contact with its records embedded stays
    /// within a bounded answer.
    pub per_contact: usize,
    /// Whether dedupe files the owner under each row's pincode: every write refiles it in its batch.
    pub pincode_keys: bool,
}

/// A stored row, before it is shaped for the API.
#[derive(Debug, Clone, Deserialize)]
pub struct DocRow {
    pub id: String,
    pub contact_id: String,
    pub doc: String,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

impl DocRow {
    /// The resource as the API shows it: id, tenant, owner, every field (null when absent), metadata.
    pub fn to_api(&self, kind: &SubKind, tenant_id: &str) -> StoreResult<Value> {
        let doc: Map<String, Value> = serde_json::from_str(&self.doc)?;
        let mut out = Map::new();
        out.insert("id".into(), Value::from(self.id.as_str()));
        out.insert("tenant_id".into(), Value::from(tenant_id));
        out.insert(kind.contact_field.into(), Value::from(self.contact_id.as_str()));
        for field in kind.fields {
            out.insert((*field).into(), doc.get(*field).cloned().unwrap_or(Value::Null));
        }
        out.insert("version".into(), Value::from(self.version));
        out.insert("created_at".into(), Value::from(self.created_at.as_str()));
        out.insert("created_by".into(), Value::from(self.created_by.as_str()));
        out.insert("updated_at".into(), Value::from(self.updated_at.as_str()));
        out.insert(
            "updated_by".into(),
            self.updated_by.as_deref().map_or(Value::Null, Value::from),
        );
        Ok(Value::Object(out))
    }
}

pub(super) const ROW: &str = "id, contact_id, doc, version, created_at, created_by, updated_at, updated_by";
/// The row as JSON, for the audit log's before/after.
pub(super) const ROW_JSON: &str =
    "json_object('id', id, 'contact_id', contact_id, 'doc', json(doc), 'version', version, \
     'created_at', created_at, 'created_by', created_by, 'updated_at', updated_at, 'updated_by', updated_by)";

/// The list filters of a sub-resource table, already checked.
#[derive(Default)]
pub struct DocFilter {
    pub contact_id: Option<String>,
    pub related_contact_id: Option<String>,
    pub relation_type: Option<RelationType>,
    /// A case-insensitive substring of any of the kind's `search` fields (`instr`, not `LIKE`: D1
    /// refuses LIKE patterns over 50 bytes, and `search` may be 100 characters).
    pub search: Option<String>,
    pub tags: Vec<String>,
    pub created: CreatedRange,
}

impl Store {
    pub async fn document(&self, kind: &SubKind, id: &str) -> StoreResult<Option<DocRow>> {
        Ok(self.read_back(kind, id)?.first(None).await?)
    }

    /// The documents of many contacts at once (for `expand`), oldest first.
    pub async fn documents_of(&self, kind: &SubKind, contact_ids_json: &str) -> StoreResult<Vec<DocRow>> {
        let sql = format!(
            "SELECT {ROW} FROM {} WHERE tenant_id = ?1 AND contact_id IN (SELECT value FROM json_each(?2)) \
             ORDER BY created_at, id",
            kind.table
        );
        Ok(self
            .prepare(&sql, &[text(contact_ids_json)])?
            .all()
            .await?
            .results::<DocRow>()?)
    }

    pub async fn list_documents(
        &self,
        kind: &SubKind,
        filter: &DocFilter,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<DocRow>)> {
        let mut w = Where::tenant("tenant_id");
        if let Some(c) = &filter.contact_id {
            w.and("contact_id = {}", c);
        }
        if let Some(r) = &filter.related_contact_id {
            w.and("related_contact_id = {}", r);
        }
        if let Some(t) = filter.relation_type {
            w.and("type = {}", t.as_str());
        }
        if let Some(fragment) = &filter.search {
            // lower() and LIKE both fold ASCII only, so this is the LIKE '%...%' it replaces.
            let any: Vec<String> = kind
                .search
                .iter()
                .map(|f| format!("instr(lower(json_extract(doc, '$.{f}')), lower({{}})) > 0"))
                .collect();
            w.and(&format!("({})", any.join(" OR ")), fragment);
        }
        if !filter.tags.is_empty() {
            w.and(
                &every_tag("json_extract(doc, '$.tags')"),
                &tags_json(&filter.tags)?,
            );
        }
        w.created("created_at", &filter.created);
        self.newest_first(kind.table, ROW, &w, limit, offset).await
    }

    fn read_back(&self, kind: &SubKind, id: &str) -> StoreResult<D1PreparedStatement> {
        let sql = format!(
            "SELECT {ROW} FROM {} WHERE tenant_id = ?1 AND id = ?2",
            kind.table
        );
        self.prepare(&sql, &[text(id)])
    }

    /// Inserts a document; `before` statements (e.g. clearing another primary account) run first in the
    /// same batch, and a material write changes its contact in it too. No row when the contact already
    /// has `kind.per_contact` of them or was merged into another (nor any change to the contact: it is
    /// found through the row).
    pub async fn insert_document(
        &self,
        kind: &SubKind,
        id: &str,
        contact_id: &str,
        doc_json: &str,
        before: Vec<D1PreparedStatement>,
        audit: &Audit<'_>,
    ) -> StoreResult<Written<Option<DocRow>>> {
        // Counted in the insert itself, so concurrent creates cannot pass the limit together; nor is a row
        // given to a contact a merge has just folded into another (CONTRACT §9, "Merge").
        let sql = format!(
            "INSERT INTO {0} (tenant_id, id, contact_id, doc, version, created_at, created_by, updated_at, \
             updated_by) SELECT ?1, ?2, ?3, json(?4), 1, ?5, ?6, ?5, NULL \
             WHERE (SELECT COUNT(*) FROM {0} WHERE tenant_id = ?1 AND contact_id = ?3) < ?7 \
             AND NOT EXISTS (SELECT 1 FROM contacts WHERE tenant_id = ?1 AND id = ?3 AND merged_into IS NOT NULL)",
            kind.table
        );
        let from = from(kind);
        let mut batch = before;
        batch.push(self.prepare(
            &sql,
            &[
                text(id),
                text(contact_id),
                text(doc_json),
                text(audit.at),
                text(audit.actor),
                int(kind.per_contact as i64),
            ],
        )?);
        batch.extend(self.refile(kind, id, false)?);
        batch.push(self.audit_insert(&subject(kind, &from), audit, id, false)?);
        batch.extend(self.contact_change(kind, id, audit)?);
        self.run_doc_write(kind, &from, batch, audit.id, id).await
    }

    /// The statements that refile the owner's dedupe keys around a write of row `id` (none unless the
    /// kind has `pincode_keys`).
    fn refile(&self, kind: &SubKind, id: &str, deleting: bool) -> StoreResult<Vec<D1PreparedStatement>> {
        match kind.pincode_keys {
            true => self.pincode_keys(id, deleting),
            false => Ok(Vec::new()),
        }
    }

    /// Applies a JSON merge patch to a document (`None` when it does not exist) that was read at version
    /// `expected`: a document at another version fails with `StoreError::Stale`.
    pub async fn patch_document(
        &self,
        kind: &SubKind,
        id: &str,
        patch_json: &str,
        before: Vec<D1PreparedStatement>,
        audit: &Audit<'_>,
        expected: i64,
    ) -> StoreResult<Written<Option<DocRow>>> {
        // A field sent as an object (address `codes`) replaces the stored one, where a JSON merge patch
        // would merge the two maps: a first patch (?7) removes each such field (`{"codes": null}`).
        let removed: Map<String, Value> = serde_json::from_str::<Map<String, Value>>(patch_json)?
            .into_iter()
            .filter(|(_, v)| v.is_object())
            .map(|(k, _)| (k, Value::Null))
            .collect();
        let sql = format!(
            "UPDATE {} SET doc = json_patch(json_patch(doc, ?7), ?3), updated_at = ?4, updated_by = ?5, \
             version = CASE WHEN version = ?6 THEN version + 1 ELSE NULL END \
             WHERE tenant_id = ?1 AND id = ?2",
            kind.table
        );
        let from = from(kind);
        let mut batch = before;
        batch.push(self.audit_insert(&subject(kind, &from), audit, id, true)?);
        batch.push(self.prepare(
            &sql,
            &[
                text(id),
                text(patch_json),
                text(audit.at),
                text(audit.actor),
                int(expected),
                text(&serde_json::to_string(&removed)?),
            ],
        )?);
        batch.extend(self.refile(kind, id, false)?);
        batch.extend(self.contact_change(kind, id, audit)?);
        self.run_doc_write(kind, &from, batch, audit.id, id).await
    }

    /// Deletes a document (at version `expected`, when set: another fails with `StoreError::Stale`) with
    /// its audit row and, when material, its contact's change; whether it was deleted.
    pub async fn delete_document(
        &self,
        kind: &SubKind,
        id: &str,
        audit: &Audit<'_>,
        expected: Option<i64>,
    ) -> StoreResult<Written<bool>> {
        // The version guard fails the whole batch, so neither the audit row nor the contact's change
        // lands for a delete that does not happen.
        let guard = format!(
            "UPDATE {} SET version = CASE WHEN ?3 IS NULL OR version = ?3 THEN version ELSE NULL END \
             WHERE tenant_id = ?1 AND id = ?2",
            kind.table
        );
        let delete = format!("DELETE FROM {} WHERE tenant_id = ?1 AND id = ?2", kind.table);
        let mut batch = vec![
            self.prepare(&guard, &[text(id), opt_int(expected)])?,
            self.audit_insert(&subject(kind, &from(kind)), audit, id, true)?,
        ];
        // Before the delete: the contact is found through the row, and its keys refiled without it.
        batch.extend(self.contact_change(kind, id, audit)?);
        batch.extend(self.refile(kind, id, true)?);
        batch.push(self.prepare(&delete, &[text(id)])?);
        batch.push(self.audit_approval(audit.id)?);
        let results = self.batch(batch).await?;
        let [.., deleted, approval] = results.as_slice() else {
            return Err(StoreError::Decode(
                "a delete batch answered too few results".into(),
            ));
        };
        let changes = deleted.meta()?.and_then(|m| m.changes).unwrap_or(0);
        Ok(Written {
            value: changes > 0,
            approval: approval_of(approval)?,
        })
    }

    /// A material write's change to the contact that owns row `id` (see `approval::MaterialTo`).
    fn contact_change(
        &self,
        kind: &SubKind,
        id: &str,
        audit: &Audit<'_>,
    ) -> StoreResult<Option<D1PreparedStatement>> {
        audit
            .material
            .then(|| self.material_change(MaterialTo::OwnerOf(kind.table, id), audit.actor, audit.at))
            .transpose()
    }

    /// Ends a write batch with the audit row's `after`, its approval effect and a read of the row as
    /// stored, and runs it.
    async fn run_doc_write(
        &self,
        kind: &SubKind,
        from: &str,
        mut batch: Vec<D1PreparedStatement>,
        audit_id: &str,
        id: &str,
    ) -> StoreResult<Written<Option<DocRow>>> {
        batch.push(self.audit_after(&subject(kind, from), audit_id, id)?);
        batch.push(self.audit_approval(audit_id)?);
        batch.push(self.read_back(kind, id)?);
        let results = self.batch(batch).await?;
        let [.., approval, read] = results.as_slice() else {
            return Err(StoreError::Decode(
                "a write batch answered too few results".into(),
            ));
        };
        Ok(Written {
            value: read.results::<DocRow>()?.into_iter().next(),
            approval: approval_of(approval)?,
        })
    }
}

fn from(kind: &SubKind) -> String {
    format!("FROM {}", kind.table)
}

/// What the audit log keeps of a sub-resource: its row, the document inside it.
fn subject<'a>(kind: &SubKind, from: &'a str) -> Subject<'a> {
    Subject {
        object_type: kind.object_type,
        document: ROW_JSON,
        from,
        tenant_column: "tenant_id",
        id_column: "id",
        contact_column: "contact_id",
    }
}
