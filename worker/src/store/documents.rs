//! A contact's addresses, banks and relations: rows that keep their fields as one JSON document (see
//! migration 0003). One set of statements serves the three tables; each write is one batch with its
//! audit row.

use serde::Deserialize;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use worker::D1PreparedStatement;

use super::{int, opt_int, text, Store, StoreResult};

/// One table of contact documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocKind {
    pub table: &'static str,
    /// `object_type` in the audit log.
    pub object_type: &'static str,
    /// The name the API gives the owning contact's id (`contact_id`, or `contact` for relations).
    pub contact_field: &'static str,
    /// The document's fields in response order; a field the document lacks is shown as `null`.
    pub fields: &'static [&'static str],
    /// Fields `search` looks in (case-insensitive substring).
    pub search: &'static [&'static str],
}

pub const ADDRESSES: DocKind = DocKind {
    table: "addresses",
    object_type: "address",
    contact_field: "contact_id",
    fields: &[
        "address_line",
        "city",
        "state",
        "pincode",
        "country",
        "coords",
        "codes",
        "tags",
    ],
    search: &["address_line", "city", "state", "country", "pincode"],
};

pub const BANKS: DocKind = DocKind {
    table: "banks",
    object_type: "bank",
    contact_field: "contact_id",
    fields: &[
        "account_number",
        "ifsc",
        "account_holder_name",
        "bank_name",
        "branch",
        "account_type",
        "is_primary",
        "verification_status",
        "tags",
    ],
    search: &["bank_name", "account_holder_name", "ifsc"],
};

pub const RELATIONS: DocKind = DocKind {
    table: "relations",
    object_type: "relation",
    contact_field: "contact",
    fields: &["type", "related_contact"],
    search: &[],
};

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
    pub fn to_api(&self, kind: &DocKind, tenant_id: &str) -> StoreResult<Value> {
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

const ROW: &str = "id, contact_id, doc, version, created_at, created_by, updated_at, updated_by";
/// The row as JSON, for the audit log's before/after.
const ROW_JSON: &str =
    "json_object('id', id, 'contact_id', contact_id, 'doc', json(doc), 'version', version, \
     'created_at', created_at, 'created_by', created_by, 'updated_at', updated_at, 'updated_by', updated_by)";

/// The list filters of a documents table, already checked.
#[derive(Default)]
pub struct DocFilter {
    pub contact_id: Option<String>,
    pub related_contact_id: Option<String>,
    pub relation_type: Option<&'static str>,
    /// A case-insensitive substring of any of the kind's `search` fields (`instr`, not `LIKE`: D1
    /// refuses LIKE patterns over 50 bytes, and `search` may be 100 characters).
    pub search: Option<String>,
    pub tags: Vec<String>,
    pub created_after: Option<String>,
    pub created_before: Option<String>,
}

/// The audit row of a write.
pub struct DocAudit<'a> {
    pub id: &'a str,
    pub action: &'static str,
    pub actor: &'a str,
    pub at: &'a str,
}

impl Store {
    pub async fn document(&self, kind: &DocKind, id: &str) -> StoreResult<Option<DocRow>> {
        let sql = format!(
            "SELECT {ROW} FROM {} WHERE tenant_id = ?1 AND id = ?2",
            kind.table
        );
        Ok(self.prepare(&sql, &[text(id)])?.first(None).await?)
    }

    /// The documents of many contacts at once (for `expand`), oldest first.
    pub async fn documents_of(&self, kind: &DocKind, contact_ids_json: &str) -> StoreResult<Vec<DocRow>> {
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
        kind: &DocKind,
        filter: &DocFilter,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<DocRow>)> {
        let mut sql = String::from("WHERE tenant_id = ?1");
        let mut args: Vec<JsValue> = Vec::new();
        let mut and = |condition: String, arg: &str| {
            args.push(text(arg));
            sql.push_str(" AND ");
            sql.push_str(&condition.replace("{}", &format!("?{}", args.len() + 1)));
        };
        if let Some(c) = &filter.contact_id {
            and("contact_id = {}".into(), c);
        }
        if let Some(r) = &filter.related_contact_id {
            and("related_contact_id = {}".into(), r);
        }
        if let Some(t) = filter.relation_type {
            and("type = {}".into(), t);
        }
        if let Some(fragment) = &filter.search {
            // lower() and LIKE both fold ASCII only, so this is the LIKE '%...%' it replaces.
            let any: Vec<String> = kind
                .search
                .iter()
                .map(|f| format!("instr(lower(json_extract(doc, '$.{f}')), lower({{}})) > 0"))
                .collect();
            and(format!("({})", any.join(" OR ")), fragment);
        }
        for tag in &filter.tags {
            and(
                "EXISTS (SELECT 1 FROM json_each(doc, '$.tags') WHERE value = {})".into(),
                tag,
            );
        }
        if let Some(after) = &filter.created_after {
            and("created_at >= {}".into(), after);
        }
        if let Some(before) = &filter.created_before {
            and("created_at <= {}".into(), before);
        }
        let table = kind.table;
        let count = self.prepare(&format!("SELECT COUNT(*) AS n FROM {table} {sql}"), &args)?;
        let page_sql = format!(
            "SELECT {ROW} FROM {table} {sql} ORDER BY created_at DESC, id DESC LIMIT ?{} OFFSET ?{}",
            args.len() + 2,
            args.len() + 3
        );
        let mut page_args = args.clone();
        page_args.push(int(limit as i64));
        page_args.push(int(offset as i64));
        let page = self.prepare(&page_sql, &page_args)?;
        let (n, rows) = self.count_and_page::<DocRow>(count, page).await?;
        Ok((n, rows))
    }

    fn doc_audit(
        &self,
        kind: &DocKind,
        audit: &DocAudit<'_>,
        id: &str,
        before: bool,
    ) -> StoreResult<D1PreparedStatement> {
        let before = if before { ROW_JSON } else { "NULL" };
        let sql = format!(
            "INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, before, after) \
             SELECT ?1, ?2, '{}', id, ?3, ?4, ?5, NULL, {before}, NULL FROM {} WHERE tenant_id = ?1 AND id = ?6",
            kind.object_type, kind.table
        );
        self.prepare(
            &sql,
            &[
                text(audit.id),
                text(audit.action),
                text(audit.actor),
                text(audit.at),
                text(id),
            ],
        )
    }

    fn doc_audit_after(&self, kind: &DocKind, audit_id: &str, id: &str) -> StoreResult<D1PreparedStatement> {
        let sql = format!(
            "UPDATE audit_log SET after = (SELECT {ROW_JSON} FROM {} WHERE tenant_id = ?1 AND id = ?3) \
             WHERE tenant_id = ?1 AND id = ?2",
            kind.table
        );
        self.prepare(&sql, &[text(audit_id), text(id)])
    }

    fn read_back(&self, kind: &DocKind, id: &str) -> StoreResult<D1PreparedStatement> {
        let sql = format!(
            "SELECT {ROW} FROM {} WHERE tenant_id = ?1 AND id = ?2",
            kind.table
        );
        self.prepare(&sql, &[text(id)])
    }

    /// Inserts a document; `before` statements (e.g. clearing another primary account) run first in the
    /// same batch.
    pub async fn insert_document(
        &self,
        kind: &DocKind,
        id: &str,
        contact_id: &str,
        doc_json: &str,
        before: Vec<D1PreparedStatement>,
        audit: &DocAudit<'_>,
    ) -> StoreResult<Option<DocRow>> {
        let sql = format!(
            "INSERT INTO {} (tenant_id, id, contact_id, doc, version, created_at, created_by, updated_at, \
             updated_by) VALUES (?1, ?2, ?3, json(?4), 1, ?5, ?6, ?5, NULL)",
            kind.table
        );
        let mut batch = before;
        batch.push(self.prepare(
            &sql,
            &[
                text(id),
                text(contact_id),
                text(doc_json),
                text(audit.at),
                text(audit.actor),
            ],
        )?);
        batch.push(self.doc_audit(kind, audit, id, false)?);
        batch.push(self.doc_audit_after(kind, audit.id, id)?);
        batch.push(self.read_back(kind, id)?);
        self.run_doc_write(batch).await
    }

    /// Applies a JSON merge patch to a document (`None` when it does not exist); with `expected` set, a
    /// document at another version fails with `StoreError::Stale`.
    pub async fn patch_document(
        &self,
        kind: &DocKind,
        id: &str,
        patch_json: &str,
        before: Vec<D1PreparedStatement>,
        audit: &DocAudit<'_>,
        expected: Option<i64>,
    ) -> StoreResult<Option<DocRow>> {
        let sql = format!(
            "UPDATE {} SET doc = json_patch(doc, ?3), updated_at = ?4, updated_by = ?5, \
             version = CASE WHEN ?6 IS NULL OR version = ?6 THEN version + 1 ELSE NULL END \
             WHERE tenant_id = ?1 AND id = ?2",
            kind.table
        );
        let mut batch = before;
        batch.push(self.doc_audit(kind, audit, id, true)?);
        batch.push(self.prepare(
            &sql,
            &[
                text(id),
                text(patch_json),
                text(audit.at),
                text(audit.actor),
                opt_int(expected),
            ],
        )?);
        batch.push(self.doc_audit_after(kind, audit.id, id)?);
        batch.push(self.read_back(kind, id)?);
        self.run_doc_write(batch).await
    }

    /// Deletes a document (at version `expected`, when set) with its audit row; whether it was deleted.
    pub async fn delete_document(
        &self,
        kind: &DocKind,
        id: &str,
        audit: &DocAudit<'_>,
        expected: Option<i64>,
    ) -> StoreResult<bool> {
        let delete = format!(
            "DELETE FROM {} WHERE tenant_id = ?1 AND id = ?2 AND (?3 IS NULL OR version = ?3)",
            kind.table
        );
        let results = self
            .batch(vec![
                self.doc_audit(kind, audit, id, true)?,
                self.prepare(&delete, &[text(id), opt_int(expected)])?,
            ])
            .await?;
        let changes = match results.get(1) {
            Some(r) => r.meta()?.and_then(|m| m.changes).unwrap_or(0),
            None => 0,
        };
        Ok(changes > 0)
    }

    /// Clears `is_primary` on a contact's other bank accounts: the first statement of a batch that sets it.
    pub fn clear_other_primaries(
        &self,
        contact_id: &str,
        except_id: &str,
        audit: &DocAudit<'_>,
    ) -> StoreResult<D1PreparedStatement> {
        self.prepare(
            "UPDATE banks SET doc = json_set(doc, '$.is_primary', json('false')), version = version + 1, \
             updated_at = ?4, updated_by = ?5 WHERE tenant_id = ?1 AND contact_id = ?2 AND is_primary = 1 \
             AND id <> ?3",
            &[
                text(contact_id),
                text(except_id),
                text(audit.at),
                text(audit.actor),
            ],
        )
    }

    async fn run_doc_write(&self, batch: Vec<D1PreparedStatement>) -> StoreResult<Option<DocRow>> {
        let results = self.batch(batch).await?;
        Ok(match results.last() {
            Some(r) => r.results::<DocRow>()?.into_iter().next(),
            None => None,
        })
    }
}
