//! The contact list (CONTRACT §3): filters as bound parameters (the tenant is `?1` and leads every index
//! used), the count and one page in one round trip. `search` fragments long enough for a trigram are
//! answered from the search index (`search.rs`); shorter ones, and any beyond ASCII, with `instr`.

use crego_validation::{ApprovalStatus, ContactStatus, ContactType};

use super::contacts::{parse_contact, Contact, CONTACT_JSON};
use super::filter::{every_tag, tags_json, Where};
use super::search::{fts_phrase, search_matches, MIN_INDEXED_SEARCH};
use super::{Doc, Store, StoreResult};
use crate::domain::time::CreatedRange;

/// The contact list filters (CONTRACT §3), already checked.
#[derive(Default)]
pub struct ContactFilter {
    /// The fragment as sent (checked): a case-insensitive substring of name or ref_id.
    pub search: Option<String>,
    /// A namespace name or id.
    pub namespace: Option<String>,
    pub status: Option<ContactStatus>,
    pub kind: Option<ContactType>,
    pub approval_status: Option<ApprovalStatus>,
    /// Every one must be carried.
    pub tags: Vec<String>,
    pub created: CreatedRange,
}

impl ContactFilter {
    /// The fragment, when it is long enough for the trigram index and ASCII. FTS5 folds case by Unicode
    /// (the Kelvin sign `K` matches `k`) and `lower` by ASCII only: names and ref ids are ASCII, so a
    /// fragment beyond ASCII takes the `instr` way at any length, and every length folds case alike.
    fn indexed_search(&self) -> Option<&str> {
        self.search
            .as_deref()
            .filter(|f| f.chars().count() >= MIN_INDEXED_SEARCH && f.is_ascii())
    }

    /// The fragment, when an indexed search is all that narrows the list.
    fn only_indexed_search(&self) -> Option<&str> {
        let other_filters = self.namespace.is_some()
            || self.status.is_some()
            || self.kind.is_some()
            || self.approval_status.is_some()
            || !self.tags.is_empty()
            || !self.created.is_empty();
        self.indexed_search().filter(|_| !other_filters)
    }
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
        let mut w = Where::tenant("c.tenant_id");
        // A merged contact is in no list (CONTRACT §9, "Merge"); `GET` of its id still answers.
        w.and_always("c.merged_into IS NULL");
        // With the index, the page is sorted from the matches (`+` keeps the planner off the
        // created_at index, whose scan would read the whole tenant when matches are few and old).
        let mut order = "c.created_at";
        if let Some(fragment) = filter.indexed_search() {
            w.and(&format!("c.id IN ({})", search_matches()), &fts_phrase(fragment));
            order = "+c.created_at";
        } else if let Some(fragment) = &filter.search {
            // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes, which a fragment beyond ASCII may
            // be; lower() folds ASCII only, as LIKE does.
            // An erased contact keeps its ref_id but is found by no search (CONTRACT §9).
            w.and(
                "c.erased_at IS NULL AND (instr(lower(c.name), lower({})) > 0 \
                 OR instr(lower(c.ref_id), lower({})) > 0)",
                fragment,
            );
        }
        if let Some(ns) = &filter.namespace {
            w.and(
                "c.namespace_id IN (SELECT id FROM namespaces WHERE tenant_id = ?1 AND (id = {} OR name = {}))",
                ns,
            );
        }
        if let Some(status) = filter.status {
            w.and("c.status = {}", status.as_str());
        }
        if let Some(kind) = filter.kind {
            w.and("c.type = {}", kind.as_str());
        }
        if let Some(approval) = filter.approval_status {
            w.and("c.approval_status = {}", approval.as_str());
        }
        if !filter.tags.is_empty() {
            w.and(&every_tag("c.tags"), &tags_json(&filter.tags)?);
        }
        w.created("c.created_at", &filter.created);
        let count = self.prepare(
            &format!("SELECT COUNT(*) AS n FROM contacts c {}", w.sql()),
            &w.args(),
        )?;
        // The page's ids first, then the documents of those only: a sort (the indexed search, or filters
        // no index orders) would otherwise build the JSON document of every matching row, not 20. CROSS
        // JOIN keeps the 20 ids the outer loop (else the planner walks the tenant in created_at order).
        let page_sql = format!(
            "SELECT {CONTACT_JSON} AS j FROM (SELECT c.id AS id FROM contacts c {} \
             ORDER BY {order} DESC, c.id DESC {}) p \
             CROSS JOIN contacts c ON c.tenant_id = ?1 AND c.id = p.id \
             JOIN namespaces n ON n.tenant_id = c.tenant_id AND n.id = c.namespace_id \
             ORDER BY c.created_at DESC, c.id DESC",
            w.sql(),
            w.page_sql()
        );
        let page = self.prepare(&page_sql, &w.page_args(limit, offset))?;
        let (n, docs) = self.count_and_page::<Doc>(count, page).await?;
        let contacts = docs
            .iter()
            .map(|d| parse_contact(&d.j))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((n, contacts))
    }
}
