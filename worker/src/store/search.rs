//! The contact search index (migrations 0005, 0006): a trigram FTS5 table over name and ref_id whose
//! rowids are the contacts' keys, each tenant owning one range of them. Written in the batch of every
//! contact write; read by the list when `search` is long enough to hold a trigram.
//!
//! Exact, not approximate: names and ref ids hold only ASCII letters and digits, punctuation and
//! whitespace (the validation rules), on which FTS5's case folding and LIKE's ASCII folding agree, and a
//! quoted FTS5 phrase of trigrams is a literal substring (`%`, `_` and `\` included).

use serde::Deserialize;
use worker::D1PreparedStatement;

use super::contacts::{parse_contact, Contact, CONTACT_JSON};
use super::{int, opt_text, text, Store, StoreResult};

/// Rowids per tenant: tenant number `t` owns `t * RANGE ..= t * RANGE + RANGE - 1`. A range holds
/// 2^32 - 1 contacts, beyond what a D1 database can store for one tenant.
const RANGE: u64 = 1 << 32;
/// Fragments this long or longer are answered from the index; shorter ones contain no trigram.
pub const MIN_INDEXED_SEARCH: usize = 3;

/// `BETWEEN` the first and last rowid of the range of tenant number `no` (an SQL expression).
fn in_range(no: &str) -> String {
    format!("BETWEEN {no} * {RANGE} AND {no} * {RANGE} + {}", RANGE - 1)
}

/// The caller's range as a condition on `rowid`: FTS5 applies it inside its doclists, so another
/// tenant's matches are never read. No range (no contact yet): NULL, which matches nothing.
fn tenant_range() -> String {
    let no = "FROM contact_search_tenants WHERE tenant_id = ?1";
    format!(
        "BETWEEN (SELECT tenant_no * {RANGE} {no}) AND (SELECT tenant_no * {RANGE} + {} {no})",
        RANGE - 1
    )
}

const INSERT_SEARCH_TENANT: &str = "INSERT OR IGNORE INTO contact_search_tenants (tenant_id) VALUES (?1)";

/// A new contact's key: the next rowid of the tenant's range (its contacts in the order they were
/// written), carrying the contact's created_at and the latest created_at of the tenant so far, which a
/// search page needs (migration 0006). Runs after the contact's insert, so created_at is what was stored.
fn insert_search_key() -> String {
    format!(
        "INSERT INTO contact_search_keys (rowid, tenant_id, contact_id, created_at, created_max) \
         SELECT coalesce(last.rowid, t.tenant_no * {RANGE}) + 1, c.tenant_id, c.id, c.created_at, \
         max(c.created_at, coalesce(last.created_max, '')) \
         FROM contact_search_tenants t CROSS JOIN contacts c ON c.tenant_id = t.tenant_id AND c.id = ?2 \
         LEFT JOIN contact_search_keys last ON last.rowid = (SELECT rowid FROM contact_search_keys \
         WHERE rowid {} ORDER BY rowid DESC LIMIT 1) \
         WHERE t.tenant_id = ?1",
        in_range("t.tenant_no")
    )
}

const INSERT_SEARCH_ROW: &str = "INSERT INTO contact_search (rowid, name, ref_id) \
     SELECT rowid, ?3, ?4 FROM contact_search_keys WHERE tenant_id = ?1 AND contact_id = ?2";

/// Copies name and ref_id from the updated contact row, so the index holds what was stored.
const UPDATE_SEARCH_ROW: &str = "UPDATE contact_search SET \
     name = (SELECT name FROM contacts WHERE tenant_id = ?1 AND id = ?2), \
     ref_id = (SELECT ref_id FROM contacts WHERE tenant_id = ?1 AND id = ?2) \
     WHERE rowid = (SELECT rowid FROM contact_search_keys WHERE tenant_id = ?1 AND contact_id = ?2)";

/// A merged contact is found by no search: its row of the index holds nothing (an unmerge copies its
/// name and ref_id back with [`UPDATE_SEARCH_ROW`]).
const HIDE_SEARCH_ROW: &str = "UPDATE contact_search SET name = '', ref_id = '' \
     WHERE rowid = (SELECT rowid FROM contact_search_keys WHERE tenant_id = ?1 AND contact_id = ?2)";

/// The contacts whose name or ref_id holds the phrase `{}`, for a search with other filters: the FTS5
/// match drives (CROSS JOIN keeps it the outer loop: the other order probes the index once per key of the
/// tenant), and each match is one integer-key probe.
pub fn search_matches() -> String {
    format!(
        "SELECT k.contact_id FROM contact_search s CROSS JOIN contact_search_keys k ON k.rowid = s.rowid \
         WHERE contact_search MATCH {{}} AND s.rowid {} AND k.tenant_id = ?1",
        tenant_range()
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
         WHERE contact_search MATCH ?2 AND rowid {}), \
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
         ORDER BY d.created_at DESC, d.id DESC",
        tenant_range()
    )
}

/// A quoted FTS5 phrase: every character literal, `"` doubled.
pub fn fts_phrase(fragment: &str) -> String {
    format!("\"{}\"", fragment.replace('"', "\"\""))
}

/// A row of [`search_page`]: the count, and a document unless the page is empty.
#[derive(Deserialize)]
struct CountedDoc {
    n: i64,
    j: Option<String>,
}

impl Store {
    /// The index rows of a new contact, after its insert in the same batch: the tenant's number (once),
    /// the contact's key, then its trigram row.
    pub fn search_index_new(
        &self,
        id: &str,
        name: &str,
        ref_id: Option<&str>,
    ) -> StoreResult<[D1PreparedStatement; 3]> {
        Ok([
            self.prepare(INSERT_SEARCH_TENANT, &[])?,
            self.prepare(&insert_search_key(), &[text(id)])?,
            self.prepare(INSERT_SEARCH_ROW, &[text(id), text(name), opt_text(ref_id)])?,
        ])
    }

    /// The index row of a contact whose name or ref_id changed, after its update in the same batch.
    pub fn search_index_update(&self, id: &str) -> StoreResult<D1PreparedStatement> {
        self.prepare(UPDATE_SEARCH_ROW, &[text(id)])
    }

    /// The index row of a contact merged into another: emptied, in the merge's batch.
    pub fn search_index_hide(&self, id: &str) -> StoreResult<D1PreparedStatement> {
        self.prepare(HIDE_SEARCH_ROW, &[text(id)])
    }

    /// An indexed search and nothing else: the count and one page, from one statement.
    pub async fn search_contacts(
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenant_owns_one_range_of_2_pow_32_rowids() {
        assert_eq!(
            in_range("t.tenant_no"),
            "BETWEEN t.tenant_no * 4294967296 AND t.tenant_no * 4294967296 + 4294967295"
        );
        assert_eq!(
            tenant_range(),
            "BETWEEN (SELECT tenant_no * 4294967296 FROM contact_search_tenants WHERE tenant_id = ?1) \
             AND (SELECT tenant_no * 4294967296 + 4294967295 FROM contact_search_tenants WHERE tenant_id = ?1)"
        );
    }

    #[test]
    fn a_phrase_is_quoted_and_its_quotes_doubled() {
        assert_eq!(fts_phrase("a\"b%_"), "\"a\"\"b%_\"");
    }
}
