//! Read-side contact queries: the filtered list and a contact's history (dedupe reads: `dedupe.rs`).
//! Every filter is a bound parameter; the tenant is `?1` and leads every index used.
//!
//! `search` fragments of 3 or more characters are looked up in the trigram index (migrations 0005,
//! 0006), within the tenant's rowid range. Searched and nothing else (the common case), the count reads
//! the index alone and the page probes about `limit + offset` keys, whatever the number of matches;
//! with other filters too, each match is joined back to its contact. Exact, not approximate: names and
//! ref ids hold only ASCII letters and digits, punctuation and whitespace (the validation rules), on
//! which FTS5's case folding and LIKE's ASCII folding agree, and a quoted FTS5 phrase of trigrams is a
//! literal substring (`%`, `_` and `\` included). Shorter fragments have no trigram and keep
//! `LIKE ... ESCAPE`.

use serde::Deserialize;
use serde_json::value::RawValue;
use wasm_bindgen::JsValue;

use super::contacts::{parse_contact, Contact, CONTACT_JSON};
use super::{int, text, Store, StoreResult};
use crate::http::like_contains;

/// Fragments this long or longer are answered from the trigram index; shorter ones contain no trigram.
const MIN_INDEXED_SEARCH: usize = 3;
/// The tenant's rowid range in the search index (migration 0006), as a condition on `rowid`: FTS5 applies
/// it inside its doclists, so another tenant's matches are never read. No range (no contact yet): NULL,
/// which matches nothing.
const TENANT_RANGE: &str = "BETWEEN \
     (SELECT tenant_no * 4294967296 FROM contact_search_tenants WHERE tenant_id = ?1) AND \
     (SELECT tenant_no * 4294967296 + 4294967295 FROM contact_search_tenants WHERE tenant_id = ?1)";
/// The contacts whose name or ref_id holds the phrase `{}`, for a search with other filters: the FTS5
/// match drives (CROSS JOIN keeps it the outer loop: the other order probes the index once per key of the
/// tenant), and each match is one integer-key probe.
fn search_matches() -> String {
    format!(
        "SELECT k.contact_id FROM contact_search s CROSS JOIN contact_search_keys k ON k.rowid = s.rowid \
         WHERE contact_search MATCH {{}} AND s.rowid {TENANT_RANGE} AND k.tenant_id = ?1"
    )
}

/// A search and nothing else: the count and one page in one statement, `n` on every row, and one row
/// with a NULL `j` when the page is empty (past the end). ?2 the phrase, ?3 limit, ?4 offset.
///
/// `matches` (the tenant's matching rowids) is read once, from the index alone. The page is sorted from
/// the keys only from `start` on (migration 0006 explains why no row of the page comes before it): the
/// `limit + offset` matches written last give a floor on the page's created_at, and `start` is the first
/// key of the tenant whose created_max reaches it. So the keys probed are about `limit + offset`, plus
/// any written out of created order, however many rows match. `recent` takes the tail of `matches`,
/// which FTS5 yields in rowid order, by OFFSET rather than a sort of every match (0.8 of 3.1 ms at
/// ~2,000 matches); any `limit + offset` matches give a true floor, so were the order otherwise the
/// page would cost more, never be wrong.
fn search_page() -> String {
    format!(
        "WITH matches AS MATERIALIZED (SELECT rowid AS r FROM contact_search \
         WHERE contact_search MATCH ?2 AND rowid {TENANT_RANGE}), \
         recent AS (SELECT r FROM matches LIMIT ?3 + ?4 OFFSET (SELECT COUNT(*) FROM matches) - (?3 + ?4)), \
         floor AS (SELECT min(k.created_at) AS f FROM recent \
           CROSS JOIN contact_search_keys k ON k.rowid = recent.r), \
         start AS (SELECT k.rowid AS r FROM contact_search_keys k \
           WHERE k.tenant_id = ?1 AND k.created_max >= (SELECT f FROM floor) \
           ORDER BY k.created_max, k.rowid LIMIT 1), \
         page AS (SELECT k.contact_id AS id FROM matches m CROSS JOIN contact_search_keys k ON k.rowid = m.r \
           WHERE m.r >= (SELECT r FROM start) AND k.tenant_id = ?1 \
           ORDER BY k.created_at DESC, k.contact_id DESC LIMIT ?3 OFFSET ?4) \
         SELECT (SELECT COUNT(*) FROM matches) AS n, d.j AS j FROM (SELECT 1) LEFT JOIN \
         (SELECT {CONTACT_JSON} AS j, c.created_at AS created_at, c.id AS id \
           FROM page p CROSS JOIN contacts c ON c.tenant_id = ?1 AND c.id = p.id \
           JOIN namespaces n ON n.tenant_id = c.tenant_id AND n.id = c.namespace_id) d \
         ORDER BY d.created_at DESC, d.id DESC"
    )
}

/// A quoted FTS5 phrase: every character literal, `"` doubled.
fn fts_phrase(fragment: &str) -> String {
    format!("\"{}\"", fragment.replace('"', "\"\""))
}

/// The contact list filters (CONTRACT §3), already checked.
#[derive(Default)]
pub struct ContactFilter {
    /// The fragment as sent (checked): a case-insensitive substring of name or ref_id.
    pub search: Option<String>,
    /// A namespace name or id.
    pub namespace: Option<String>,
    pub status: Option<&'static str>,
    pub kind: Option<&'static str>,
    pub approval_status: Option<&'static str>,
    /// Every one must be carried.
    pub tags: Vec<String>,
    pub created_after: Option<String>,
    pub created_before: Option<String>,
}

impl ContactFilter {
    /// The fragment, when it is long enough for the trigram index.
    fn indexed_search(&self) -> Option<&str> {
        self.search
            .as_deref()
            .filter(|f| f.chars().count() >= MIN_INDEXED_SEARCH)
    }

    /// The fragment, when an indexed search is all that narrows the list.
    fn only_indexed_search(&self) -> Option<&str> {
        let other_filters = self.namespace.is_some()
            || self.status.is_some()
            || self.kind.is_some()
            || self.approval_status.is_some()
            || !self.tags.is_empty()
            || self.created_after.is_some()
            || self.created_before.is_some();
        self.indexed_search().filter(|_| !other_filters)
    }
}

/// Builds `WHERE ...` with numbered parameters after the tenant (`?1`).
struct Where {
    sql: String,
    args: Vec<JsValue>,
}

impl Where {
    fn new() -> Where {
        Where {
            sql: "WHERE c.tenant_id = ?1".to_string(),
            args: Vec::new(),
        }
    }

    /// Adds a condition whose `{}` placeholders all stand for one new parameter.
    fn and(&mut self, condition: &str, arg: JsValue) {
        self.args.push(arg);
        let n = format!("?{}", self.args.len() + 1);
        self.sql.push_str(" AND ");
        self.sql.push_str(&condition.replace("{}", &n));
    }
}

#[derive(Deserialize)]
struct Doc {
    j: String,
}

/// A row of [`search_page`]: the count, and a document unless the page is empty.
#[derive(Deserialize)]
struct CountedDoc {
    n: i64,
    j: Option<String>,
}

impl Store {
    /// The count and one page of contacts (with props), in one round trip.
    pub async fn list_contacts(
        &self,
        filter: &ContactFilter,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<Contact>)> {
        if let Some(fragment) = filter.only_indexed_search() {
            return self.search_contacts(fragment, limit, offset).await;
        }
        let mut w = Where::new();
        // With the index, the page is sorted from the matches (`+` keeps the planner off the
        // created_at index, whose scan would read the whole tenant when matches are few and old).
        let mut order = "c.created_at";
        if let Some(fragment) = filter.indexed_search() {
            w.and(
                &format!("c.id IN ({})", search_matches()),
                text(&fts_phrase(fragment)),
            );
            order = "+c.created_at";
        } else if let Some(fragment) = &filter.search {
            w.and(
                "(c.name LIKE {} ESCAPE '\\' OR c.ref_id LIKE {} ESCAPE '\\')",
                text(&like_contains(fragment)),
            );
        }
        if let Some(ns) = &filter.namespace {
            w.and(
                "c.namespace_id IN (SELECT id FROM namespaces WHERE tenant_id = ?1 AND (id = {} OR name = {}))",
                text(ns),
            );
        }
        if let Some(status) = filter.status {
            w.and("c.status = {}", text(status));
        }
        if let Some(kind) = filter.kind {
            w.and("c.type = {}", text(kind));
        }
        if let Some(approval) = filter.approval_status {
            w.and("c.approval_status = {}", text(approval));
        }
        for tag in &filter.tags {
            w.and(
                "EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = {})",
                text(tag),
            );
        }
        if let Some(after) = &filter.created_after {
            w.and("c.created_at >= {}", text(after));
        }
        if let Some(before) = &filter.created_before {
            w.and("c.created_at <= {}", text(before));
        }
        let count = self.prepare(
            &format!("SELECT COUNT(*) AS n FROM contacts c {}", w.sql),
            &w.args,
        )?;
        // The page's ids first, then the documents of those only: a sort (the indexed search, or filters
        // no index orders) would otherwise build the JSON document of every matching row, not 20. CROSS
        // JOIN keeps the 20 ids the outer loop (else the planner walks the tenant in created_at order).
        let page_sql = format!(
            "SELECT {CONTACT_JSON} AS j FROM (SELECT c.id AS id FROM contacts c {} \
             ORDER BY {order} DESC, c.id DESC LIMIT ?{} OFFSET ?{}) p \
             CROSS JOIN contacts c ON c.tenant_id = ?1 AND c.id = p.id \
             JOIN namespaces n ON n.tenant_id = c.tenant_id AND n.id = c.namespace_id \
             ORDER BY c.created_at DESC, c.id DESC",
            w.sql,
            w.args.len() + 2,
            w.args.len() + 3
        );
        let mut page_args = w.args.clone();
        page_args.push(int(limit as i64));
        page_args.push(int(offset as i64));
        let page = self.prepare(&page_sql, &page_args)?;
        let (n, docs) = self.count_and_page::<Doc>(count, page).await?;
        let contacts = docs
            .iter()
            .map(|d| parse_contact(&d.j))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((n, contacts))
    }

    /// An indexed search and nothing else: the count and one page, from one statement.
    async fn search_contacts(
        &self,
        fragment: &str,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<Contact>)> {
        let rows = self
            .prepare(
                &search_page(),
                &[text(&fts_phrase(fragment)), int(limit as i64), int(offset as i64)],
            )?
            .all()
            .await?
            .results::<CountedDoc>()?;
        let n = rows.first().map_or(0, |r| r.n.max(0) as u64);
        let contacts = rows
            .iter()
            .filter_map(|r| r.j.as_deref())
            .map(parse_contact)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((n, contacts))
    }

    /// One page of a contact's audit trail, newest first, with the total.
    pub async fn contact_history(
        &self,
        contact_id: &str,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<Box<RawValue>>)> {
        const WHERE: &str = "WHERE tenant_id = ?1 AND object_type = 'contact' AND object_id = ?2";
        let count = self.prepare(
            &format!("SELECT COUNT(*) AS n FROM audit_log {WHERE}"),
            &[text(contact_id)],
        )?;
        let page = self.prepare(
            &format!(
                "SELECT json_object('id', id, 'action', action, 'actor', actor, 'at', at, 'remarks', remarks, \
                 'before', json(before), 'after', json(after)) AS j FROM audit_log {WHERE} \
                 ORDER BY at DESC, id DESC LIMIT ?3 OFFSET ?4"
            ),
            &[text(contact_id), int(limit as i64), int(offset as i64)],
        )?;
        let (n, rows) = self.count_and_page::<Doc>(count, page).await?;
        // Each row is already a JSON document: pass it through without re-parsing it into values.
        let rows = rows
            .into_iter()
            .map(|d| RawValue::from_string(d.j))
            .collect::<Result<_, _>>()?;
        Ok((n, rows))
    }
}
