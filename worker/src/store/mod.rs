//! The SQL of each resource, and the one way to run it: through a `Store` that belongs to one tenant
//! and binds that tenant as the first parameter (`?1`) of every statement it prepares. Every write goes
//! through `Store::batch` (D1's only transaction), which is also where a dev-only injected fault lands.

pub mod addresses;
pub mod approval;
pub mod audit;
pub mod banks;
pub mod contact_list;
pub mod contacts;
pub mod dedupe;
pub mod erasure;
pub mod filter;
pub mod idempotency;
pub mod match_index;
pub mod merges;
pub mod namespaces;
pub mod pii;
pub mod pii_convert;
pub mod relations;
pub mod search;
pub mod sub_resources;
pub mod unmerge;

use crego_validation::code;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::error::ApiError;

/// One tenant's view of D1. There is no way to prepare a statement without the tenant bound as `?1`.
pub struct Store {
    db: D1Database,
    tenant: JsValue,
    fault: Option<Fault>,
}

/// A failure injected on purpose, to prove that a failed write leaves nothing behind and is answered as
/// the kind of failure it is. Dev only: honoured when the var `CREGO_FAULTS` is `on` (never set in
/// `wrangler.toml`) and the request asks for it with `X-Crego-Fault`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `d1-batch`: every write batch gets, as its last statement, one that fails when D1 runs it, so D1
    /// rolls the whole batch back; answered as a transient storage failure (503), which it stands for.
    D1Batch,
    /// `d1-too-big`: the same, with a statement that builds a value over D1's limit: a failure no retry
    /// can fix, answered and logged as a bug (500), as any such real one would be.
    D1TooBig,
}

impl Fault {
    pub const HEADER: &'static str = "X-Crego-Fault";

    /// The fault a request asks for: `None` unless faults are switched on and the header names one.
    pub fn requested(faults_on: bool, header: Option<&str>) -> Option<Fault> {
        match header.map(str::trim) {
            Some("d1-batch") if faults_on => Some(Fault::D1Batch),
            Some("d1-too-big") if faults_on => Some(Fault::D1TooBig),
            _ => None,
        }
    }

    /// The failing statement and its parameter: both fail at run time, not at prepare time.
    fn statement(self) -> (&'static str, JsValue) {
        match self {
            Fault::D1Batch => ("SELECT json(?2) AS fault WHERE ?1 IS NOT NULL", text("{")),
            // D1 refuses values over 2,000,000 bytes (SQLITE_TOOBIG).
            Fault::D1TooBig => (
                "SELECT length(zeroblob(?2)) AS fault WHERE ?1 IS NOT NULL",
                int(3_000_000),
            ),
        }
    }
}

/// Why a statement failed, classified from D1's message (D1 reports constraints only as text).
#[derive(Debug, PartialEq, Eq)]
pub enum StoreError {
    /// "UNIQUE constraint failed: namespaces.tenant_id, namespaces.name" → the column list.
    Unique(String),
    ForeignKey,
    /// The row changed since it was read (the version guard of an update fired): re-read and retry.
    Stale,
    /// A row did not decode into its type: a bug in a query or a type, never the client's (500).
    Decode(String),
    /// A statement that fails the same way however often it runs (a value over D1's size limit, an
    /// expression too deep, too many variables, malformed JSON, an SQL error): a bug (500, no retry).
    Permanent(String),
    /// D1 unavailable, overloaded or reset: the client may retry (503).
    Failed(String),
}

/// Words of SQLite's and D1's messages for failures that no retry can fix. Anything else (a lost
/// connection, an overloaded or reset database, a timeout) may pass on retry.
const PERMANENT: &[&str] = &[
    "SQLITE_TOOBIG",
    "too big",
    "too large",
    "too many",
    "too complex",
    "too deep",
    "malformed JSON",
    "JSON cannot hold BLOB",
    "syntax error",
    "no such ",
    "SQLITE_MISMATCH",
    "SQLITE_RANGE",
    "CHECK constraint failed",
    "NOT NULL constraint failed",
    "D1_TYPE_ERROR",
    "D1_COLUMN_NOTFOUND",
];

impl StoreError {
    pub fn classify(message: &str) -> StoreError {
        if let Some(at) = message.find("UNIQUE constraint failed: ") {
            let rest = &message[at + "UNIQUE constraint failed: ".len()..];
            let columns = rest.split(['\n', ':']).next().unwrap_or("").trim();
            StoreError::Unique(columns.to_string())
        } else if message.contains("NOT NULL constraint failed: ") && message.contains(".version") {
            StoreError::Stale
        } else if message.contains("FOREIGN KEY constraint failed") {
            StoreError::ForeignKey
        } else if PERMANENT.iter().any(|m| message.contains(m)) {
            StoreError::Permanent(message.to_string())
        } else {
            StoreError::Failed(message.to_string())
        }
    }

    /// Whether this is a failure of the unique index `index`: its last column as D1 names it
    /// (`contacts.ref_id`), or its name when it indexes an expression (`relations_tenant_unique`).
    pub fn is_unique(&self, index: &str) -> bool {
        let StoreError::Unique(columns) = self else {
            return false;
        };
        match columns.strip_prefix("index '") {
            Some(name) => name.trim_end_matches('\'') == index,
            None => columns.rsplit(',').next().map(str::trim) == Some(index),
        }
    }
}

/// A unique index as a client sees it: the field a `409 conflict` names when a write would break it.
#[derive(Debug)]
pub struct Unique {
    /// As [`StoreError::is_unique`] names the index.
    pub index: &'static str,
    pub field: &'static str,
    pub message: &'static str,
}

impl Unique {
    pub fn conflict(&self) -> ApiError {
        ApiError::field_conflict("conflict", self.field, code::UNIQUE, self.message)
    }
}

/// Maps the unique indexes of a resource to their 409s, in one place for every resource.
pub trait OnUnique<T> {
    /// A failure of one of `uniques` becomes its 409; any other error becomes what it always does.
    fn on_unique(self, uniques: &[Unique]) -> Result<T, ApiError>;
}

impl<T> OnUnique<T> for StoreResult<T> {
    fn on_unique(self, uniques: &[Unique]) -> Result<T, ApiError> {
        self.map_err(|e| e.on_unique(uniques))
    }
}

impl StoreError {
    /// This error as the client sees it: a failure of one of `uniques` is its 409.
    pub fn on_unique(self, uniques: &[Unique]) -> ApiError {
        match uniques.iter().find(|u| self.is_unique(u.index)) {
            Some(unique) => unique.conflict(),
            None => self.into(),
        }
    }
}

impl From<worker::Error> for StoreError {
    fn from(e: worker::Error) -> Self {
        match e {
            worker::Error::SerdeWasmBindgenError(e) => StoreError::Decode(e.to_string()),
            worker::Error::SerdeJsonError(e) => StoreError::Decode(e.to_string()),
            other => StoreError::classify(&other.to_string()),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Decode(e.to_string())
    }
}

impl From<StoreError> for ApiError {
    /// Constraints a handler did not map itself are still the client's conflict, not a 500.
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unique(_) => {
                ApiError::conflict("conflict", "a record with these values already exists")
            }
            StoreError::ForeignKey => ApiError::conflict(
                "conflict",
                "the change conflicts with records that refer to this one",
            ),
            StoreError::Stale => ApiError::conflict(
                "concurrent_update",
                "the record was changed by another request at the same time; retry",
            ),
            StoreError::Decode(cause) => ApiError::Internal(format!("bug: decoding a row: {cause}")),
            StoreError::Permanent(cause) => {
                ApiError::Internal(format!("bug: a statement no retry can fix: {cause}"))
            }
            StoreError::Failed(cause) => ApiError::Unavailable(cause),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

impl Store {
    pub fn new(db: D1Database, tenant_id: &str) -> Store {
        Store {
            db,
            tenant: JsValue::from_str(tenant_id),
            fault: None,
        }
    }

    /// This store with a dev-only fault injected into every write batch (see `Fault`).
    pub fn with_fault(mut self, fault: Option<Fault>) -> Store {
        self.fault = fault;
        self
    }

    /// `sql` with the tenant bound to `?1` and `args` to `?2`, `?3`, ...
    pub fn prepare(&self, sql: &str, args: &[JsValue]) -> StoreResult<D1PreparedStatement> {
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.tenant.clone());
        all.extend_from_slice(args);
        Ok(self.db.prepare(sql).bind(&all)?)
    }

    /// A list's total and one page, in one round trip: `count` selects `COUNT(*) AS n`. A read, so it
    /// bypasses `batch` and is never faulted.
    pub async fn count_and_page<T: for<'de> Deserialize<'de>>(
        &self,
        count: D1PreparedStatement,
        page: D1PreparedStatement,
    ) -> StoreResult<(u64, Vec<T>)> {
        let results = self.db.batch(vec![count, page]).await?;
        let n = match results.first() {
            Some(r) => r.results::<Count>()?.first().map_or(0, |c| c.n),
            None => 0,
        };
        let rows = match results.get(1) {
            Some(r) => r.results::<T>()?,
            None => Vec::new(),
        };
        Ok((n.max(0) as u64, rows))
    }

    /// Several reads in one round trip. A read, so it bypasses `batch` and is never faulted.
    pub async fn read_batch(
        &self,
        statements: Vec<D1PreparedStatement>,
    ) -> StoreResult<Vec<worker::D1Result>> {
        Ok(self.db.batch(statements).await?)
    }

    /// Runs a write as one atomic batch (D1's only transaction): all of it lands, or none of it.
    pub async fn batch(
        &self,
        mut statements: Vec<D1PreparedStatement>,
    ) -> StoreResult<Vec<worker::D1Result>> {
        let Some(fault) = self.fault else {
            return Ok(self.db.batch(statements).await?);
        };
        let (sql, arg) = fault.statement();
        statements.push(self.prepare(sql, &[arg])?);
        match (fault, self.db.batch(statements).await) {
            (_, Ok(results)) => Ok(results),
            // The injected failure stands for a transient one, whatever D1's words for it.
            (Fault::D1Batch, Err(e)) => Err(StoreError::Failed(e.to_string())),
            (Fault::D1TooBig, Err(e)) => Err(e.into()),
        }
    }
}

/// One trivial query, for the readiness probe (`GET /health?db=1`).
pub async fn ping(db: &D1Database) -> StoreResult<()> {
    let _: Option<One> = db.prepare("SELECT 1 AS one").first(None).await?;
    Ok(())
}

/// The rows that small statements read: `COUNT(*) AS n`, `1 AS one` (a row exists), and a document
/// built in SQL `AS j`.
#[derive(Deserialize)]
pub(crate) struct Count {
    pub n: i64,
}

#[derive(Deserialize)]
pub(crate) struct One {
    #[allow(dead_code)]
    one: i64,
}

#[derive(Deserialize)]
pub(crate) struct Doc {
    pub j: String,
}

/// Binding helpers: D1 takes JS values.
pub fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

pub fn opt_text(s: Option<&str>) -> JsValue {
    s.map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

/// Integers bind as JS numbers; every integer we store is at most 2^53 - 1, so this is exact.
pub fn int(n: i64) -> JsValue {
    JsValue::from_f64(n as f64)
}

pub fn opt_int(n: Option<i64>) -> JsValue {
    n.map(int).unwrap_or(JsValue::NULL)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The messages local D1 (wrangler 4.86) gives; pinned so a change in their wording fails here.
    #[test]
    fn d1_constraint_messages_are_classified() {
        let e = StoreError::classify(
            "D1_ERROR: UNIQUE constraint failed: namespaces.tenant_id, namespaces.name: SQLITE_CONSTRAINT",
        );
        assert_eq!(
            e,
            StoreError::Unique("namespaces.tenant_id, namespaces.name".into())
        );
        assert!(e.is_unique("namespaces.name"));
        assert!(!e.is_unique("namespaces.tenant_id"));
        assert!(!e.is_unique("contacts.ref_id"));
        // An index on an expression is named by SQLite, not by its columns.
        let e = StoreError::classify(
            "D1_ERROR: UNIQUE constraint failed: index 'relations_tenant_unique': SQLITE_CONSTRAINT",
        );
        assert!(e.is_unique("relations_tenant_unique"));
        assert!(!StoreError::ForeignKey.is_unique("relations_tenant_unique"));
        assert_eq!(
            StoreError::classify("D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT"),
            StoreError::ForeignKey
        );
        assert!(matches!(
            StoreError::classify("D1_ERROR: Network connection lost."),
            StoreError::Failed(_)
        ));
    }

    // As local D1 (wrangler 4.86) words them (`wrangler d1 execute --local`): pinned, so that a change
    // in their wording fails here rather than turn a bug into a retryable 503.
    #[test]
    fn failures_no_retry_can_fix_are_permanent_and_the_rest_transient() {
        for message in [
            "D1_ERROR: string or blob too big: SQLITE_TOOBIG",
            "D1_ERROR: Expression tree is too large (maximum depth 100): SQLITE_ERROR",
            "D1_ERROR: too many SQL variables at offset 412: SQLITE_ERROR",
            "D1_ERROR: too many arguments on function json_array at offset 7: SQLITE_ERROR",
            "D1_ERROR: malformed JSON: SQLITE_ERROR",
            "D1_ERROR: no such column: nme: SQLITE_ERROR",
        ] {
            assert!(
                matches!(StoreError::classify(message), StoreError::Permanent(_)),
                "{message}"
            );
            let e: ApiError = StoreError::classify(message).into();
            assert_eq!(e.status(), 500, "{message}");
        }
        for message in [
            "D1_ERROR: Network connection lost.",
            "D1 DB is overloaded. Too many requests queued.",
            "D1_ERROR: Internal error in D1 DB storage caused object to be reset.",
        ] {
            let e: ApiError = StoreError::classify(message).into();
            assert_eq!(e.status(), 503, "{message}");
        }
    }

    #[test]
    fn a_fault_is_honoured_only_when_faults_are_on_and_the_header_names_it() {
        assert_eq!(Fault::requested(true, Some(" d1-batch")), Some(Fault::D1Batch));
        assert_eq!(Fault::requested(true, Some("d1-too-big")), Some(Fault::D1TooBig));
        assert_eq!(Fault::requested(false, Some("d1-batch")), None);
        assert_eq!(Fault::requested(true, None), None);
        assert_eq!(Fault::requested(true, Some("kv")), None);
    }
}
