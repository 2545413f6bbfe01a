//! Contacts in D1: one query reads a contact with its props (SQLite's JSON functions build the whole
//! document), and every write is one batch with its side rows (props, identifiers, name blocks, the
//! search index) and its audit row, so a failure leaves nothing half-written.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use worker::D1PreparedStatement;

use super::{int, opt_text, text, Store, StoreError, StoreResult};

/// A contact as the API shows it (CONTRACT §3). `namespace_id` is internal.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contact {
    pub id: String,
    pub tenant_id: String,
    /// The namespace's name.
    pub namespace: String,
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub namespace_id: String,
    pub name: String,
    #[serde(rename = "type")]
    #[schema(value_type = crego_validation::ContactType)]
    pub kind: String,
    #[schema(value_type = crego_validation::ContactStatus)]
    pub status: String,
    pub ref_id: Option<String>,
    pub tags: Vec<String>,
    pub refs: Map<String, Value>,
    pub props: Vec<PropRow>,
    pub rm_id: Option<String>,
    pub branch_id: Option<String>,
    #[schema(value_type = crate::schema::ApprovalStatus)]
    pub approval_status: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub rejected_by: Option<String>,
    pub rejected_at: Option<String>,
    pub rejection_reason: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PropRow {
    pub key: String,
    pub value: String,
    #[serde(rename = "type")]
    #[schema(value_type = crego_validation::PropType)]
    pub kind: String,
}

/// The document of contact `c` (joined with its namespace `n`), props sorted by key.
pub const CONTACT_JSON: &str = "json_object('id', c.id, 'tenant_id', c.tenant_id, 'namespace', n.name, \
     'namespace_id', c.namespace_id, 'name', c.name, 'type', c.type, 'status', c.status, 'ref_id', c.ref_id, \
     'tags', json(c.tags), 'refs', json(c.refs), \
     'props', (SELECT json_group_array(json_object('key', p.key, 'value', p.value, 'type', p.type)) \
       FROM (SELECT key, value, type FROM contact_props p WHERE p.tenant_id = c.tenant_id \
       AND p.contact_id = c.id ORDER BY key) p), \
     'rm_id', c.rm_id, 'branch_id', c.branch_id, 'approval_status', c.approval_status, \
     'approved_by', c.approved_by, 'approved_at', c.approved_at, 'rejected_by', c.rejected_by, \
     'rejected_at', c.rejected_at, 'rejection_reason', c.rejection_reason, 'version', c.version, \
     'created_at', c.created_at, 'created_by', c.created_by, 'updated_at', c.updated_at, \
     'updated_by', c.updated_by)";

/// The contact document as the API shows it (without the internal `namespace_id`), for the audit trail.
fn audit_json() -> String {
    format!("json_remove({CONTACT_JSON}, '$.namespace_id')")
}

pub const CONTACT_FROM: &str =
    "FROM contacts c JOIN namespaces n ON n.tenant_id = c.tenant_id AND n.id = c.namespace_id";

/// `name_key` (?14) is written with the name, in the same statement (dedupe reads it, migration 0006).
const INSERT_CONTACT: &str =
    "INSERT INTO contacts (tenant_id, id, namespace_id, name, type, status, ref_id, \
     tags, refs, rm_id, branch_id, approval_status, version, created_at, created_by, updated_at, updated_by, \
     name_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending', 1, ?12, ?13, ?12, NULL, ?14)";

/// Side rows from a JSON array bound as one parameter: one statement whatever the number of rows.
const INSERT_PROPS: &str = "INSERT INTO contact_props (tenant_id, contact_id, key, value, type) \
     SELECT ?1, ?2, json_extract(value, '$.key'), json_extract(value, '$.value'), json_extract(value, '$.type') \
     FROM json_each(?3)";
const DELETE_PROPS: &str = "DELETE FROM contact_props WHERE tenant_id = ?1 AND contact_id = ?2";
const INSERT_IDENTIFIERS: &str =
    "INSERT INTO contact_identifiers (tenant_id, kind, value, contact_id, prop_key) \
     SELECT ?1, json_extract(value, '$.kind'), json_extract(value, '$.value'), ?2, \
     json_extract(value, '$.prop_key') FROM json_each(?3)";
const DELETE_IDENTIFIERS: &str = "DELETE FROM contact_identifiers WHERE tenant_id = ?1 AND contact_id = ?2";
const INSERT_BLOCKS: &str = "INSERT OR IGNORE INTO contact_name_blocks (tenant_id, block, contact_id) \
     SELECT ?1, value, ?2 FROM json_each(?3)";
const DELETE_BLOCKS: &str = "DELETE FROM contact_name_blocks WHERE tenant_id = ?1 AND contact_id = ?2";
/// The search index rows of a new contact (migrations 0005, 0006): the tenant's number (once), the
/// contact's key, then its trigram row.
const INSERT_SEARCH_TENANT: &str = "INSERT OR IGNORE INTO contact_search_tenants (tenant_id) VALUES (?1)";
/// The key is the next rowid of the tenant's range (its contacts in the order they were written), and
/// carries the contact's created_at and the latest created_at of the tenant so far, which a search page
/// needs (see migration 0006). Read after INSERT_CONTACT, so created_at is what was stored. A range holds
/// 2^32 - 1 contacts, beyond what a D1 database can store for one tenant.
const INSERT_SEARCH_KEY: &str = "INSERT INTO contact_search_keys \
     (rowid, tenant_id, contact_id, created_at, created_max) \
     SELECT coalesce(last.rowid, t.tenant_no * 4294967296) + 1, c.tenant_id, c.id, c.created_at, \
     max(c.created_at, coalesce(last.created_max, '')) \
     FROM contact_search_tenants t CROSS JOIN contacts c ON c.tenant_id = t.tenant_id AND c.id = ?2 \
     LEFT JOIN contact_search_keys last ON last.rowid = (SELECT rowid FROM contact_search_keys \
     WHERE rowid BETWEEN t.tenant_no * 4294967296 AND t.tenant_no * 4294967296 + 4294967295 \
     ORDER BY rowid DESC LIMIT 1) \
     WHERE t.tenant_id = ?1";
const INSERT_SEARCH_ROW: &str = "INSERT INTO contact_search (rowid, name, ref_id) \
     SELECT rowid, ?3, ?4 FROM contact_search_keys WHERE tenant_id = ?1 AND contact_id = ?2";
/// Copies name and ref_id from the updated contact row, so the index holds what was stored.
const UPDATE_SEARCH_ROW: &str = "UPDATE contact_search SET \
     name = (SELECT name FROM contacts WHERE tenant_id = ?1 AND id = ?2), \
     ref_id = (SELECT ref_id FROM contacts WHERE tenant_id = ?1 AND id = ?2) \
     WHERE rowid = (SELECT rowid FROM contact_search_keys WHERE tenant_id = ?1 AND contact_id = ?2)";
const RAISE_CONTACT_COUNTER: &str =
    "UPDATE namespaces SET contact_counter = MAX(contact_counter, ?3) WHERE tenant_id = ?1 AND id = ?2";

/// A write based on a stale read sets `version` to NULL, which fails the NOT NULL constraint and rolls
/// the whole batch back (see migration 0002). `?3` is the version the change was based on.
const UPDATE_CONTACT: &str = "UPDATE contacts SET \
     version = CASE WHEN version = ?3 THEN version + 1 ELSE NULL END, \
     name = COALESCE(?4, name), status = COALESCE(?5, status), type = COALESCE(?6, type), \
     tags = COALESCE(?7, tags), refs = COALESCE(?8, refs), \
     rm_id = CASE WHEN ?9 THEN ?10 ELSE rm_id END, branch_id = CASE WHEN ?11 THEN ?12 ELSE branch_id END, \
     ref_id = CASE WHEN ?13 THEN ?14 ELSE ref_id END, approval_status = COALESCE(?15, approval_status), \
     approved_by = COALESCE(?16, approved_by), approved_at = COALESCE(?17, approved_at), \
     rejected_by = COALESCE(?18, rejected_by), rejected_at = COALESCE(?19, rejected_at), \
     rejection_reason = COALESCE(?20, rejection_reason), updated_at = ?21, updated_by = ?22, \
     name_key = COALESCE(?23, name_key) \
     WHERE tenant_id = ?1 AND id = ?2";

/// A new contact, checked and resolved (namespace id, ref id).
pub struct NewContactRow<'a> {
    pub id: &'a str,
    pub namespace_id: &'a str,
    pub name: &'a str,
    /// `domain::dedupe::name_key(name)`.
    pub name_key: &'a str,
    pub kind: &'a str,
    pub status: &'a str,
    pub ref_id: Option<&'a str>,
    pub tags_json: String,
    pub refs_json: String,
    pub rm_id: Option<&'a str>,
    pub branch_id: Option<&'a str>,
    pub at: &'a str,
    pub actor: &'a str,
}

/// Side rows recomputed from the contact's props and name, as JSON arrays.
pub struct SideRows {
    /// `[{key, value, type}]`, replacing all props when `Some`.
    pub props_json: Option<String>,
    /// `[{kind, value, prop_key}]`, rewritten with the props.
    pub identifiers_json: Option<String>,
    /// `["kum|raj", ...]`, rewritten when the name changes.
    pub blocks_json: Option<String>,
}

/// A change to an existing contact; `None` leaves a field alone.
#[derive(Default)]
pub struct ContactChange<'a> {
    pub name: Option<&'a str>,
    /// `domain::dedupe::name_key` of `name`, whenever `name` is set.
    pub name_key: Option<&'a str>,
    pub status: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub tags_json: Option<String>,
    pub refs_json: Option<String>,
    pub rm_id: Option<Option<&'a str>>,
    pub branch_id: Option<Option<&'a str>>,
    pub ref_id: Option<Option<&'a str>>,
    pub approval_status: Option<&'a str>,
    pub approved_by: Option<&'a str>,
    pub approved_at: Option<&'a str>,
    pub rejected_by: Option<&'a str>,
    pub rejected_at: Option<&'a str>,
    pub rejection_reason: Option<&'a str>,
}

/// The audit row of a write.
pub struct Audit<'a> {
    pub id: &'a str,
    pub action: &'a str,
    pub actor: &'a str,
    pub at: &'a str,
    pub remarks: Option<&'a str>,
}

#[derive(Deserialize)]
struct Doc {
    j: String,
}

pub fn parse_contact(doc: &str) -> StoreResult<Contact> {
    Ok(serde_json::from_str(doc)?)
}

impl Store {
    pub async fn contact(&self, id: &str) -> StoreResult<Option<Contact>> {
        let sql = format!("SELECT {CONTACT_JSON} AS j {CONTACT_FROM} WHERE c.tenant_id = ?1 AND c.id = ?2");
        let doc: Option<Doc> = self.prepare(&sql, &[text(id)])?.first(None).await?;
        doc.map(|d| parse_contact(&d.j)).transpose()
    }

    /// Whether the tenant has this contact (sub-resources check their owner with it).
    pub async fn contact_exists(&self, id: &str) -> StoreResult<bool> {
        #[derive(Deserialize)]
        struct One {
            #[allow(dead_code)]
            one: i64,
        }
        let row: Option<One> = self
            .prepare(
                "SELECT 1 AS one FROM contacts WHERE tenant_id = ?1 AND id = ?2",
                &[text(id)],
            )?
            .first(None)
            .await?;
        Ok(row.is_some())
    }

    /// Contacts by id, in no particular order (ids not in the tenant are skipped).
    pub async fn contacts_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Contact>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {CONTACT_JSON} AS j {CONTACT_FROM} WHERE c.tenant_id = ?1 AND c.id IN (SELECT value FROM json_each(?2))"
        );
        let ids_json = serde_json::to_string(ids)?;
        let docs = self
            .prepare(&sql, &[text(&ids_json)])?
            .all()
            .await?
            .results::<Doc>()?;
        docs.iter().map(|d| parse_contact(&d.j)).collect()
    }

    fn audit_insert(
        &self,
        audit: &Audit<'_>,
        contact_id: &str,
        with_before: bool,
    ) -> StoreResult<D1PreparedStatement> {
        let before = if with_before {
            audit_json()
        } else {
            "NULL".to_string()
        };
        let sql = format!(
            "INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, before, after) \
             SELECT ?1, ?2, 'contact', c.id, ?3, ?4, ?5, ?6, {before}, NULL {CONTACT_FROM} \
             WHERE c.tenant_id = ?1 AND c.id = ?7"
        );
        self.prepare(
            &sql,
            &[
                text(audit.id),
                text(audit.action),
                text(audit.actor),
                text(audit.at),
                opt_text(audit.remarks),
                text(contact_id),
            ],
        )
    }

    /// The audit row's `after`, and the contact as stored: the last two statements of every write.
    fn audit_after_and_read(
        &self,
        audit_id: &str,
        contact_id: &str,
    ) -> StoreResult<[D1PreparedStatement; 2]> {
        let after = format!(
            "UPDATE audit_log SET after = (SELECT {} {CONTACT_FROM} WHERE c.tenant_id = ?1 \
             AND c.id = ?3) WHERE tenant_id = ?1 AND id = ?2",
            audit_json()
        );
        let read = format!("SELECT {CONTACT_JSON} AS j {CONTACT_FROM} WHERE c.tenant_id = ?1 AND c.id = ?2");
        Ok([
            self.prepare(&after, &[text(audit_id), text(contact_id)])?,
            self.prepare(&read, &[text(contact_id)])?,
        ])
    }

    fn side_rows(
        &self,
        contact_id: &str,
        side: &SideRows,
        replace: bool,
    ) -> StoreResult<Vec<D1PreparedStatement>> {
        let mut out = Vec::new();
        let id = text(contact_id);
        if let Some(props) = &side.props_json {
            if replace {
                out.push(self.prepare(DELETE_PROPS, std::slice::from_ref(&id))?);
            }
            out.push(self.prepare(INSERT_PROPS, &[id.clone(), text(props)])?);
        }
        if let Some(identifiers) = &side.identifiers_json {
            if replace {
                out.push(self.prepare(DELETE_IDENTIFIERS, std::slice::from_ref(&id))?);
            }
            out.push(self.prepare(INSERT_IDENTIFIERS, &[id.clone(), text(identifiers)])?);
        }
        if let Some(blocks) = &side.blocks_json {
            if replace {
                out.push(self.prepare(DELETE_BLOCKS, std::slice::from_ref(&id))?);
            }
            out.push(self.prepare(INSERT_BLOCKS, &[id.clone(), text(blocks)])?);
        }
        Ok(out)
    }

    /// Inserts a contact with its side rows and audit row in one batch; `drawn` is the ref number the
    /// counter object issued for it, written back to the namespace in the same batch.
    pub async fn insert_contact(
        &self,
        row: &NewContactRow<'_>,
        side: &SideRows,
        drawn: Option<i64>,
        audit: &Audit<'_>,
    ) -> StoreResult<Contact> {
        let mut batch = vec![self.prepare(
            INSERT_CONTACT,
            &[
                text(row.id),
                text(row.namespace_id),
                text(row.name),
                text(row.kind),
                text(row.status),
                opt_text(row.ref_id),
                text(&row.tags_json),
                text(&row.refs_json),
                opt_text(row.rm_id),
                opt_text(row.branch_id),
                text(row.at),
                text(row.actor),
                text(row.name_key),
            ],
        )?];
        batch.push(self.prepare(INSERT_SEARCH_TENANT, &[])?);
        batch.push(self.prepare(INSERT_SEARCH_KEY, &[text(row.id)])?);
        batch.push(self.prepare(
            INSERT_SEARCH_ROW,
            &[text(row.id), text(row.name), opt_text(row.ref_id)],
        )?);
        batch.extend(self.side_rows(row.id, side, false)?);
        if let Some(n) = drawn {
            batch.push(self.prepare(RAISE_CONTACT_COUNTER, &[text(row.namespace_id), int(n + 1)])?);
        }
        batch.push(self.audit_insert(audit, row.id, false)?);
        batch.extend(self.audit_after_and_read(audit.id, row.id)?);
        self.run_write(batch).await
    }

    /// Applies a change made from a read at `version`, with its side rows and audit row, in one batch.
    /// A concurrent write in between makes the batch fail with `StoreError::Stale`.
    pub async fn update_contact(
        &self,
        id: &str,
        version: i64,
        change: &ContactChange<'_>,
        side: &SideRows,
        audit: &Audit<'_>,
        at: &str,
    ) -> StoreResult<Contact> {
        let flag = |set: bool| JsValue::from_bool(set);
        let update = self.prepare(
            UPDATE_CONTACT,
            &[
                text(id),
                int(version),
                opt_text(change.name),
                opt_text(change.status),
                opt_text(change.kind),
                opt_text(change.tags_json.as_deref()),
                opt_text(change.refs_json.as_deref()),
                flag(change.rm_id.is_some()),
                opt_text(change.rm_id.flatten()),
                flag(change.branch_id.is_some()),
                opt_text(change.branch_id.flatten()),
                flag(change.ref_id.is_some()),
                opt_text(change.ref_id.flatten()),
                opt_text(change.approval_status),
                opt_text(change.approved_by),
                opt_text(change.approved_at),
                opt_text(change.rejected_by),
                opt_text(change.rejected_at),
                opt_text(change.rejection_reason),
                text(at),
                text(audit.actor),
                opt_text(change.name_key),
            ],
        )?;
        let mut batch = vec![self.audit_insert(audit, id, true)?, update];
        if change.name.is_some() || change.ref_id.is_some() {
            batch.push(self.prepare(UPDATE_SEARCH_ROW, &[text(id)])?);
        }
        batch.extend(self.side_rows(id, side, true)?);
        batch.extend(self.audit_after_and_read(audit.id, id)?);
        self.run_write(batch).await
    }

    /// Runs a write batch whose last statement reads the contact back.
    async fn run_write(&self, batch: Vec<D1PreparedStatement>) -> StoreResult<Contact> {
        let results = self.batch(batch).await?;
        let docs = match results.last() {
            Some(r) => r.results::<Doc>()?,
            None => Vec::new(),
        };
        match docs.first() {
            Some(d) => parse_contact(&d.j),
            None => Err(StoreError::Decode("the written contact was not read back".into())),
        }
    }
}
