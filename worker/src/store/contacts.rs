//! Contacts in D1: one query reads a contact with its props (SQLite's JSON functions build the whole
//! document), and every write is one batch with its side rows (props, dedupe's indexes
//! (`match_index.rs`), the search index) and its audit row, so a failure leaves nothing half-written.

use crego_validation::{ApprovalStatus, ContactStatus, ContactType, PropType};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use worker::D1PreparedStatement;

use super::approval::MaterialTo;
use super::audit::{approval_of, Audit, Subject, Written};
use super::match_index::{name_columns, DedupeRows};
use super::{int, opt_text, text, Doc, One, Store, StoreError, StoreResult, Unique};
use crate::domain::approval::user_key;

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
    pub kind: ContactType,
    pub status: ContactStatus,
    pub ref_id: Option<String>,
    pub tags: Vec<String>,
    pub refs: Map<String, Value>,
    pub props: Vec<PropRow>,
    pub rm_id: Option<String>,
    pub branch_id: Option<String>,
    /// Where the contact is in the maker-checker workflow.
    pub approval_status: ApprovalStatus,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub rejected_by: Option<String>,
    pub rejected_at: Option<String>,
    pub rejection_reason: Option<String>,
    /// The version the approval in force covered (the one its checker read); `null` unless approved.
    pub approved_version: Option<i64>,
    /// The version the rejection in force covered; `null` unless rejected.
    pub rejected_version: Option<i64>,
    /// Who created the contact or made a material change since its last approval (each `sub` trimmed and
    /// lower-cased): none of them may approve or reject it. An approval empties it. (Absent from the
    /// history's documents written before migration 0008.)
    #[serde(default)]
    #[schema(required = false)]
    pub makers: Vec<String>,
    /// Erasure is refused while it is `true` (CONTRACT §9, "Erasure and retention"). (Absent from the
    /// history's documents written before migration 0009.)
    #[serde(default)]
    #[schema(required = false)]
    pub legal_hold: bool,
    /// The day the customer relationship ended (`YYYY-MM-DD`); the retention period runs from it.
    #[serde(default)]
    #[schema(required = false)]
    pub relationship_ended_at: Option<String>,
    /// When the contact's personal data was erased; `null` unless erased.
    #[serde(default)]
    #[schema(required = false)]
    pub erased_at: Option<String>,
    /// The contact this one was merged into (CONTRACT §9, "Merge"): it then refuses writes and is in no
    /// list, search or dedupe answer. `null` while it stands on its own. (Absent from the history's
    /// documents written before migration 0011.)
    #[serde(default)]
    #[schema(required = false)]
    pub merged_into: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PropRow {
    pub key: String,
    /// As stored: an identifying value sealed or masked (`pii::protect`); as shown: `pii::view`'s.
    pub value: String,
    #[serde(rename = "type")]
    pub kind: PropType,
    /// The keyed token of an identifying value (`pii::protect`); never shown.
    #[serde(default, skip_serializing)]
    #[schema(ignore)]
    pub token: Option<String>,
}

/// A contact's `object_type` in the audit log.
pub const OBJECT_TYPE: &str = "contact";

/// `ref_id` is unique in its namespace.
pub const REF_ID: Unique = Unique {
    index: "contacts.ref_id",
    field: "ref_id",
    message: "another contact of this namespace has this ref_id",
};
pub const UNIQUE: &[Unique] = &[REF_ID];

/// The document of contact `c` (joined with its namespace `n`), props sorted by key.
pub const CONTACT_JSON: &str = "json_object('id', c.id, 'tenant_id', c.tenant_id, 'namespace', n.name, \
     'namespace_id', c.namespace_id, 'name', c.name, 'type', c.type, 'status', c.status, 'ref_id', c.ref_id, \
     'tags', json(c.tags), 'refs', json(c.refs), \
     'props', (SELECT json_group_array(json_object('key', p.key, 'value', p.value, 'type', p.type, \
       'token', p.token)) FROM (SELECT key, value, type, token FROM contact_props p WHERE p.tenant_id = c.tenant_id \
       AND p.contact_id = c.id ORDER BY key) p), \
     'rm_id', c.rm_id, 'branch_id', c.branch_id, 'approval_status', c.approval_status, \
     'approved_by', c.approved_by, 'approved_at', c.approved_at, 'rejected_by', c.rejected_by, \
     'rejected_at', c.rejected_at, 'rejection_reason', c.rejection_reason, \
     'approved_version', c.approved_version, 'rejected_version', c.rejected_version, \
     'makers', json(c.makers), 'legal_hold', json(CASE WHEN c.legal_hold THEN 'true' ELSE 'false' END), \
     'relationship_ended_at', c.relationship_ended_at, 'erased_at', c.erased_at, 'merged_into', c.merged_into, \
     'version', c.version, \
     'created_at', c.created_at, 'created_by', c.created_by, 'updated_at', c.updated_at, \
     'updated_by', c.updated_by)";

pub const CONTACT_FROM: &str =
    "FROM contacts c JOIN namespaces n ON n.tenant_id = c.tenant_id AND n.id = c.namespace_id";

/// `name_key`, `name_words` and `name_codes` (?14, ?15, ?16) are written with the name, in the same
/// statement (dedupe reads them, migrations 0006 and 0010). ?17 is the approval status a new contact
/// starts in; ?18 its makers, the creator; ?19 the keys its personal data is written under (`pii_keys`,
/// migration 0009).
const INSERT_CONTACT: &str =
    "INSERT INTO contacts (tenant_id, id, namespace_id, name, type, status, ref_id, \
     tags, refs, rm_id, branch_id, approval_status, version, created_at, created_by, updated_at, updated_by, \
     name_key, name_words, name_codes, makers, pii_keys) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?17, 1, ?12, ?13, ?12, NULL, ?14, ?15, ?16, \
     json_array(?18), ?19)";

/// Side rows from a JSON array bound as one parameter: one statement whatever the number of rows.
const INSERT_PROPS: &str = "INSERT INTO contact_props (tenant_id, contact_id, key, value, type, token) \
     SELECT ?1, ?2, json_extract(value, '$.key'), json_extract(value, '$.value'), json_extract(value, '$.type'), \
     json_extract(value, '$.token') FROM json_each(?3)";
const DELETE_PROPS: &str = "DELETE FROM contact_props WHERE tenant_id = ?1 AND contact_id = ?2";
const RAISE_CONTACT_COUNTER: &str =
    "UPDATE namespaces SET contact_counter = MAX(contact_counter, ?3) WHERE tenant_id = ?1 AND id = ?2";

/// A write based on a stale read sets `version` to NULL, which fails the NOT NULL constraint and rolls
/// the whole batch back (see migration 0002). `?3` is the version the change was based on.
///
/// Setting the approval status (?15) rewrites its stamps: `approved_*` are the writer (?18), the time
/// (?17) and the version read (?3) when it is `approved`, and NULL otherwise; `rejected_*` likewise, with
/// the reason ?16. An approval empties `makers` (the four-eyes rule starts again from it).
const UPDATE_CONTACT: &str = "UPDATE contacts SET \
     version = CASE WHEN version = ?3 THEN version + 1 ELSE NULL END, \
     name = COALESCE(?4, name), status = COALESCE(?5, status), type = COALESCE(?6, type), \
     tags = COALESCE(?7, tags), refs = COALESCE(?8, refs), \
     rm_id = CASE WHEN ?9 THEN ?10 ELSE rm_id END, branch_id = CASE WHEN ?11 THEN ?12 ELSE branch_id END, \
     ref_id = CASE WHEN ?13 THEN ?14 ELSE ref_id END, approval_status = COALESCE(?15, approval_status), \
     approved_by = CASE WHEN ?15 IS NULL THEN approved_by WHEN ?15 = 'approved' THEN ?18 END, \
     approved_at = CASE WHEN ?15 IS NULL THEN approved_at WHEN ?15 = 'approved' THEN ?17 END, \
     approved_version = CASE WHEN ?15 IS NULL THEN approved_version WHEN ?15 = 'approved' THEN ?3 END, \
     rejected_by = CASE WHEN ?15 IS NULL THEN rejected_by WHEN ?15 = 'rejected' THEN ?18 END, \
     rejected_at = CASE WHEN ?15 IS NULL THEN rejected_at WHEN ?15 = 'rejected' THEN ?17 END, \
     rejected_version = CASE WHEN ?15 IS NULL THEN rejected_version WHEN ?15 = 'rejected' THEN ?3 END, \
     rejection_reason = CASE WHEN ?15 IS NULL THEN rejection_reason WHEN ?15 = 'rejected' THEN ?16 END, \
     makers = CASE WHEN ?15 = 'approved' THEN '[]' ELSE makers END, \
     updated_at = ?17, updated_by = ?18, name_key = COALESCE(?19, name_key), \
     name_words = COALESCE(?20, name_words), name_codes = COALESCE(?21, name_codes), \
     legal_hold = COALESCE(?22, legal_hold), \
     relationship_ended_at = CASE WHEN ?23 THEN ?24 ELSE relationship_ended_at END \
     WHERE tenant_id = ?1 AND id = ?2";

/// Where a contact stands: merged into another, erased (`Store::contact_standing`).
#[derive(Debug, Deserialize)]
pub struct Standing {
    pub merged_into: Option<String>,
    erased_flag: i64,
}

impl Standing {
    pub fn erased(&self) -> bool {
        self.erased_flag != 0
    }
}

/// A new contact, checked and resolved (namespace id, ref id).
pub struct NewContactRow<'a> {
    pub id: &'a str,
    pub namespace_id: &'a str,
    pub name: &'a str,
    pub kind: ContactType,
    pub status: ContactStatus,
    pub ref_id: Option<&'a str>,
    pub tags: &'a [String],
    pub refs: &'a Map<String, Value>,
    pub props: &'a [PropRow],
    pub rm_id: Option<&'a str>,
    pub branch_id: Option<&'a str>,
    /// The keys its personal data is written under (`pii::keys::Keyring::epoch`).
    pub pii_keys: Option<&'a str>,
}

/// One write of an existing contact: `change`, made from a read at `version`, with its dedupe rows and
/// its history row.
#[derive(Clone, Copy)]
pub struct Update<'a> {
    pub id: &'a str,
    pub version: i64,
    pub change: &'a ContactChange,
    pub dedupe: &'a DedupeRows,
    pub audit: &'a Audit<'a>,
}

/// A change to an existing contact; `None` leaves a field alone, `Some(None)` clears a nullable one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactChange {
    pub name: Option<String>,
    pub status: Option<ContactStatus>,
    pub kind: Option<ContactType>,
    pub tags: Option<Vec<String>>,
    pub refs: Option<Map<String, Value>>,
    pub rm_id: Option<Option<String>>,
    pub branch_id: Option<Option<String>>,
    pub ref_id: Option<Option<String>>,
    /// `approved` and `rejected` are stamped with the writer and the time of the write.
    pub approval_status: Option<ApprovalStatus>,
    pub rejection_reason: Option<String>,
    /// Replaces the whole list.
    pub props: Option<Vec<PropRow>>,
    pub legal_hold: Option<bool>,
    pub relationship_ended_at: Option<Option<String>>,
}

impl ContactChange {
    /// This change without the fields that already hold the value it would write, so that a `PATCH`
    /// restating a contact is no change at all (CONTRACT §9: no new version, no history entry).
    pub fn without_restated(mut self, current: &Contact) -> ContactChange {
        fn drop_same<T: PartialEq>(field: &mut Option<T>, current: &T) {
            if field.as_ref() == Some(current) {
                *field = None;
            }
        }
        drop_same(&mut self.name, &current.name);
        drop_same(&mut self.status, &current.status);
        drop_same(&mut self.kind, &current.kind);
        drop_same(&mut self.tags, &current.tags);
        drop_same(&mut self.refs, &current.refs);
        drop_same(&mut self.rm_id, &current.rm_id);
        drop_same(&mut self.branch_id, &current.branch_id);
        drop_same(&mut self.ref_id, &current.ref_id);
        drop_same(&mut self.legal_hold, &current.legal_hold);
        drop_same(&mut self.relationship_ended_at, &current.relationship_ended_at);
        if let Some(props) = &mut self.props {
            // Stored and shown sorted by key: the order sent does not make a change.
            props.sort_by(|a, b| a.key.cmp(&b.key));
        }
        drop_same(&mut self.props, &current.props);
        self
    }
}

/// What the audit log keeps of a contact: the document as the API shows it (without `namespace_id`).
pub(super) fn subject(document: &str) -> Subject<'_> {
    Subject {
        object_type: OBJECT_TYPE,
        document,
        from: CONTACT_FROM,
        tenant_column: "c.tenant_id",
        id_column: "c.id",
        contact_column: "c.id",
    }
}

pub(super) fn audit_document() -> String {
    format!("json_remove({CONTACT_JSON}, '$.namespace_id')")
}

fn read_one() -> String {
    format!("SELECT {CONTACT_JSON} AS j {CONTACT_FROM} WHERE c.tenant_id = ?1 AND c.id = ?2")
}

pub fn parse_contact(doc: &str) -> StoreResult<Contact> {
    Ok(serde_json::from_str(doc)?)
}

/// Props as `INSERT_PROPS` reads them: with their tokens, which the API never shows.
fn stored_props(props: &[PropRow]) -> StoreResult<String> {
    let rows: Vec<Value> = props
        .iter()
        .map(|p| serde_json::json!({"key": p.key, "value": p.value, "type": p.kind, "token": p.token}))
        .collect();
    json(&rows)
}

fn json<T: Serialize + ?Sized>(value: &T) -> StoreResult<String> {
    Ok(serde_json::to_string(value)?)
}

impl Store {
    pub async fn contact(&self, id: &str) -> StoreResult<Option<Contact>> {
        let doc: Option<Doc> = self.prepare(&read_one(), &[text(id)])?.first(None).await?;
        doc.map(|d| parse_contact(&d.j)).transpose()
    }

    /// Whether the tenant's contact `id` was erased; `None` when the tenant has no such contact
    /// (sub-resources check their owner and the contacts they name with it).
    pub async fn contact_erased(&self, id: &str) -> StoreResult<Option<bool>> {
        #[derive(serde::Deserialize)]
        struct Erased {
            erased: i64,
        }
        let row: Option<Erased> = self
            .prepare(
                "SELECT erased_at IS NOT NULL AS erased FROM contacts WHERE tenant_id = ?1 AND id = ?2",
                &[text(id)],
            )?
            .first(None)
            .await?;
        Ok(row.map(|r| r.erased != 0))
    }

    /// Whether the tenant has this contact (`None` when not), the survivor it was merged into and
    /// whether it was erased (sub-resources check their owner and the contacts they name with it).
    pub async fn contact_standing(&self, id: &str) -> StoreResult<Option<Standing>> {
        Ok(self
            .prepare(
                "SELECT merged_into, erased_at IS NOT NULL AS erased_flag FROM contacts WHERE tenant_id = ?1 AND id = ?2",
                &[text(id)],
            )?
            .first(None)
            .await?)
    }

    /// Whether the tenant has this contact.
    pub async fn contact_exists(&self, id: &str) -> StoreResult<bool> {
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
        let docs = self
            .prepare(&sql, &[text(&json(ids)?)])?
            .all()
            .await?
            .results::<Doc>()?;
        docs.iter().map(|d| parse_contact(&d.j)).collect()
    }

    /// The props of a write, replacing the old ones when `replace`.
    pub(super) fn prop_rows(
        &self,
        contact_id: &str,
        props: Option<&[PropRow]>,
        replace: bool,
    ) -> StoreResult<Vec<D1PreparedStatement>> {
        let Some(props) = props else {
            return Ok(Vec::new());
        };
        let id = text(contact_id);
        let mut out = Vec::new();
        if replace {
            out.push(self.prepare(DELETE_PROPS, std::slice::from_ref(&id))?);
        }
        out.push(self.prepare(INSERT_PROPS, &[id, text(&stored_props(props)?)])?);
        Ok(out)
    }

    /// Inserts a contact with its side rows and audit row in one batch; `drawn` is the ref number the
    /// counter object issued for it, written back to the namespace in the same batch.
    pub async fn insert_contact(
        &self,
        row: &NewContactRow<'_>,
        dedupe: &DedupeRows,
        drawn: Option<i64>,
        audit: &Audit<'_>,
    ) -> StoreResult<Contact> {
        let [name_key, name_words, name_codes] = name_columns(dedupe);
        let (before, after) = self.dedupe_rows(row.id, dedupe, true)?;
        let mut batch = before;
        batch.push(self.prepare(
            INSERT_CONTACT,
            &[
                text(row.id),
                text(row.namespace_id),
                text(row.name),
                text(row.kind.as_str()),
                text(row.status.as_str()),
                opt_text(row.ref_id),
                text(&json(row.tags)?),
                text(&json(row.refs)?),
                opt_text(row.rm_id),
                opt_text(row.branch_id),
                text(audit.at),
                text(audit.actor),
                name_key,
                name_words,
                name_codes,
                text(ApprovalStatus::Pending.as_str()),
                text(&user_key(audit.actor)),
                opt_text(row.pii_keys),
            ],
        )?);
        batch.extend(self.search_index_new(row.id, row.name, row.ref_id)?);
        batch.extend(self.prop_rows(row.id, Some(row.props), false)?);
        batch.extend(after);
        if let Some(n) = drawn {
            batch.push(self.prepare(RAISE_CONTACT_COUNTER, &[text(row.namespace_id), int(n + 1)])?);
        }
        let document = audit_document();
        batch.push(self.audit_insert(&subject(&document), audit, row.id, false)?);
        Ok(self.run_write(batch, &document, audit.id, row.id).await?.value)
    }

    /// Applies a change made from a read at `version`, with its side rows and audit row, in one batch
    /// (a material one also resets an approval and records its maker). A concurrent write in between
    /// makes the batch fail with `StoreError::Stale`.
    pub async fn update_contact(&self, update: &Update<'_>) -> StoreResult<Written<Contact>> {
        let batch = self.update_statements(update)?;
        self.run_write(batch, &audit_document(), update.audit.id, update.id)
            .await
    }

    /// The statements of [`Store::update_contact`] but its last ones ([`Store::run_write`] adds them):
    /// a merge and an unmerge change the survivor with them, in their own batch.
    pub(super) fn update_statements(&self, update: &Update<'_>) -> StoreResult<Vec<D1PreparedStatement>> {
        let Update {
            id,
            version,
            change,
            dedupe,
            audit,
        } = *update;
        let flag = |set: bool| JsValue::from_bool(set);
        let rejected = change.approval_status == Some(ApprovalStatus::Rejected);
        let [name_key, name_words, name_codes] = name_columns(dedupe);
        let (before, after) = self.dedupe_rows(id, dedupe, false)?;
        let update = self.prepare(
            UPDATE_CONTACT,
            &[
                text(id),
                int(version),
                opt_text(change.name.as_deref()),
                opt_text(change.status.map(ContactStatus::as_str)),
                opt_text(change.kind.map(ContactType::as_str)),
                opt_text(change.tags.as_ref().map(json).transpose()?.as_deref()),
                opt_text(change.refs.as_ref().map(json).transpose()?.as_deref()),
                flag(change.rm_id.is_some()),
                opt_text(change.rm_id.clone().flatten().as_deref()),
                flag(change.branch_id.is_some()),
                opt_text(change.branch_id.clone().flatten().as_deref()),
                flag(change.ref_id.is_some()),
                opt_text(change.ref_id.clone().flatten().as_deref()),
                opt_text(change.approval_status.map(ApprovalStatus::as_str)),
                opt_text(change.rejection_reason.as_deref().filter(|_| rejected)),
                text(audit.at),
                text(audit.actor),
                name_key,
                name_words,
                name_codes,
                change.legal_hold.map_or(JsValue::NULL, JsValue::from_bool),
                flag(change.relationship_ended_at.is_some()),
                opt_text(change.relationship_ended_at.clone().flatten().as_deref()),
            ],
        )?;
        let document = audit_document();
        let mut batch = vec![self.audit_insert(&subject(&document), audit, id, true)?];
        batch.extend(before);
        batch.push(update);
        if audit.material {
            batch.push(self.material_change(MaterialTo::Contact(id), audit.actor, audit.at)?);
        }
        if change.name.is_some() || change.ref_id.is_some() {
            batch.push(self.search_index_update(id)?);
        }
        batch.extend(self.prop_rows(id, change.props.as_deref(), true)?);
        batch.extend(after);
        Ok(batch)
    }

    /// Ends a write batch with the audit row's `after`, its approval effect and a read of the contact as
    /// stored, runs it, and returns that contact.
    pub(super) async fn run_write(
        &self,
        mut batch: Vec<D1PreparedStatement>,
        document: &str,
        audit_id: &str,
        contact_id: &str,
    ) -> StoreResult<Written<Contact>> {
        batch.push(self.audit_after(&subject(document), audit_id, contact_id)?);
        batch.push(self.audit_approval(audit_id)?);
        batch.push(self.prepare(&read_one(), &[text(contact_id)])?);
        let results = self.batch(batch).await?;
        let [.., approval, read] = results.as_slice() else {
            return Err(StoreError::Decode(
                "a write batch answered too few results".into(),
            ));
        };
        match read.results::<Doc>()?.first() {
            Some(d) => Ok(Written {
                value: parse_contact(&d.j)?,
                approval: approval_of(approval)?,
            }),
            None => Err(StoreError::Decode("the written contact was not read back".into())),
        }
    }
}
