//! Namespaces in D1. Every statement's `?1` is the tenant (see `Store::prepare`).

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::filter::Where;
use super::{int, opt_int, opt_text, text, Count, Store, StoreError, StoreResult, Unique};
use crate::domain::time::CreatedRange;

/// A namespace row, as stored and as returned by the API.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Namespace {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub contact_pattern: Option<String>,
    pub account_pattern: Option<String>,
    pub contact_counter: i64,
    pub account_counter: i64,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

const COLUMNS: &str = "id, tenant_id, name, contact_pattern, account_pattern, contact_counter, \
     account_counter, version, created_at, created_by, updated_at, updated_by";

const INSERT_NAMESPACE: &str = "INSERT INTO namespaces (tenant_id, id, name, contact_pattern, \
     account_pattern, contact_counter, account_counter, version, created_at, created_by, updated_at, \
     updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?8, NULL)";

/// A name is unique per tenant, case-insensitively (the column's collation, migration 0001).
pub const NAME: Unique = Unique {
    index: "namespaces.name",
    field: "name",
    message: "a namespace with this name already exists (names are compared case-insensitively)",
};
pub const UNIQUE: &[Unique] = &[NAME];

/// A partial update in one statement, so concurrent PATCHes of different fields never undo each other.
/// `?4`/`?6` say whether a pattern is being set (it may be set to NULL).
const UPDATE_NAMESPACE: &str = "UPDATE namespaces SET name = COALESCE(?3, name), \
     contact_pattern = CASE WHEN ?4 THEN ?5 ELSE contact_pattern END, \
     account_pattern = CASE WHEN ?6 THEN ?7 ELSE account_pattern END, \
     contact_counter = COALESCE(?8, contact_counter), account_counter = COALESCE(?9, account_counter), \
     version = CASE WHEN ?12 IS NULL OR version = ?12 THEN version + 1 ELSE NULL END, \
     updated_at = ?10, updated_by = ?11 WHERE tenant_id = ?1 AND id = ?2";

const NAME_TAKEN: &str =
    "SELECT COUNT(*) AS n FROM namespaces WHERE tenant_id = ?1 AND name = ?2 AND id <> ?3";

/// Refuses in the same statement when a contact uses the namespace (the foreign key is the backstop).
const DELETE_UNUSED_NAMESPACE: &str = "DELETE FROM namespaces WHERE tenant_id = ?1 AND id = ?2 \
     AND (?3 IS NULL OR version = ?3) AND NOT EXISTS (SELECT 1 FROM contacts WHERE tenant_id = ?1 AND namespace_id = ?2)";

/// A counter drawn from the Durable Object, written back; never lowers the row (draws may land out of order).
const RAISE_ACCOUNT_COUNTER: &str =
    "UPDATE namespaces SET account_counter = MAX(account_counter, ?3) WHERE tenant_id = ?1 AND id = ?2";

pub struct ListFilter {
    /// A case-insensitive substring of the name (`instr`, not `LIKE`: D1 refuses LIKE patterns over 50
    /// bytes, and `search` may be 100 characters).
    pub search: Option<String>,
    pub created: CreatedRange,
}

/// The fields a PATCH changes; `None` leaves a field alone.
pub struct NamespaceChange<'a> {
    pub name: Option<&'a str>,
    pub contact_pattern: Option<Option<&'a str>>,
    pub account_pattern: Option<Option<&'a str>>,
    pub contact_counter: Option<i64>,
    pub account_counter: Option<i64>,
    pub updated_at: &'a str,
    pub updated_by: &'a str,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Deleted {
    Yes,
    InUse,
    Missing,
    /// `If-Match` named another version.
    Stale,
}

impl Store {
    pub async fn insert_namespace(&self, ns: &Namespace) -> StoreResult<()> {
        let insert = self.prepare(
            INSERT_NAMESPACE,
            &[
                text(&ns.id),
                text(&ns.name),
                opt_text(ns.contact_pattern.as_deref()),
                opt_text(ns.account_pattern.as_deref()),
                int(ns.contact_counter),
                int(ns.account_counter),
                text(&ns.created_at),
                text(&ns.created_by),
            ],
        )?;
        self.batch(vec![insert]).await?;
        Ok(())
    }

    pub async fn namespace(&self, id: &str) -> StoreResult<Option<Namespace>> {
        let sql = format!("SELECT {COLUMNS} FROM namespaces WHERE tenant_id = ?1 AND id = ?2");
        Ok(self.prepare(&sql, &[text(id)])?.first(None).await?)
    }

    /// A namespace by its id or else its (case-insensitive) name: how a contact names its namespace.
    pub async fn namespace_by_key(&self, key: &str) -> StoreResult<Option<Namespace>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM namespaces WHERE tenant_id = ?1 AND (id = ?2 OR name = ?2) \
             ORDER BY id = ?2 DESC LIMIT 1"
        );
        Ok(self.prepare(&sql, &[text(key)])?.first(None).await?)
    }

    /// The count and one page, in one round trip.
    pub async fn list_namespaces(
        &self,
        filter: &ListFilter,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<Namespace>)> {
        let mut w = Where::tenant("tenant_id");
        if let Some(fragment) = &filter.search {
            w.and("instr(lower(name), lower({})) > 0", fragment);
        }
        w.created("created_at", &filter.created);
        self.newest_first("namespaces", COLUMNS, &w, limit, offset).await
    }

    /// Applies a change; with `expected` set, a namespace at another version fails with `StoreError::Stale`.
    pub async fn update_namespace(
        &self,
        id: &str,
        change: &NamespaceChange<'_>,
        expected: Option<i64>,
    ) -> StoreResult<Option<Namespace>> {
        let sql = format!("{UPDATE_NAMESPACE} RETURNING {COLUMNS}");
        let args = [
            text(id),
            opt_text(change.name),
            JsValue::from_bool(change.contact_pattern.is_some()),
            opt_text(change.contact_pattern.flatten()),
            JsValue::from_bool(change.account_pattern.is_some()),
            opt_text(change.account_pattern.flatten()),
            opt_int(change.contact_counter),
            opt_int(change.account_counter),
            text(change.updated_at),
            text(change.updated_by),
            opt_int(expected),
        ];
        let results = self.batch(vec![self.prepare(&sql, &args)?]).await?;
        Ok(match results.first() {
            Some(r) => r.results::<Namespace>()?.into_iter().next(),
            None => None,
        })
    }

    /// Whether another namespace of the tenant has this name (case-insensitively).
    pub async fn namespace_name_taken(&self, name: &str, except_id: &str) -> StoreResult<bool> {
        let row: Option<Count> = self
            .prepare(NAME_TAKEN, &[text(name), text(except_id)])?
            .first(None)
            .await?;
        Ok(row.is_some_and(|c| c.n > 0))
    }

    /// Deletes an unused namespace (at version `expected`, when set).
    pub async fn delete_namespace(&self, id: &str, expected: Option<i64>) -> StoreResult<Deleted> {
        let delete = self.prepare(DELETE_UNUSED_NAMESPACE, &[text(id), opt_int(expected)])?;
        let results = match self.batch(vec![delete]).await {
            Ok(r) => r,
            Err(StoreError::ForeignKey) => return Ok(Deleted::InUse),
            Err(other) => return Err(other),
        };
        let changes = match results.first() {
            Some(r) => r.meta()?.and_then(|m| m.changes).unwrap_or(0),
            None => 0,
        };
        if changes > 0 {
            return Ok(Deleted::Yes);
        }
        Ok(match self.namespace(id).await? {
            Some(ns) if expected.is_some_and(|v| v != ns.version) => Deleted::Stale,
            Some(_) => Deleted::InUse,
            None => Deleted::Missing,
        })
    }

    /// Records that account number `drawn` was issued: the row's counter becomes at least `drawn + 1`.
    pub async fn raise_account_counter(&self, id: &str, drawn: i64) -> StoreResult<()> {
        self.batch(vec![
            self.prepare(RAISE_ACCOUNT_COUNTER, &[text(id), int(drawn + 1)])?
        ])
        .await?;
        Ok(())
    }
}
