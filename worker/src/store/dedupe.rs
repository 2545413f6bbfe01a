//! Dedupe reads (CONTRACT §3, Dedupe): every candidate of a request from one statement, ranked by the
//! route. Identifier matches come from `contact_identifiers`, same-name matches from the name key index
//! (migration 0006), similar names from the blocking index; the documents of the matches that score 1.0
//! come with them, so that the common answer is one round trip. The candidates come back as one JSON
//! array in one value: as rows, each of up to 200 candidates cost more to hand from D1 to the worker
//! (tens of microseconds) than to find and score.

use crego_validation::ContactType;
use serde::Deserialize;

use super::contacts::{Contact, CONTACT_JSON};
use super::{int, opt_text, text, Store, StoreResult};

/// What one dedupe request looks for, already checked and normalised.
pub struct DedupeProbe<'a> {
    /// `[{kind, value, prop_key}]` as JSON (`domain::dedupe::identifiers`); matched tenant-wide.
    pub identifiers_json: &'a str,
    /// The asked name's key (`domain::dedupe::name_key`); `None` without a name or for an empty key.
    pub name_key: Option<&'a str>,
    /// The asked name's blocking keys as a JSON array (`domain::dedupe::name_blocks`).
    pub blocks_json: &'a str,
    /// A namespace name or id and a contact type that narrow the name matches.
    pub namespace: Option<&'a str>,
    pub kind: Option<ContactType>,
    pub exclude_id: Option<&'a str>,
    /// Results asked for.
    pub limit: u64,
    /// At most this many contacts are read from the blocks.
    pub max_blocked: u64,
}

/// A candidate: what ranking needs, the props it matched by identifier, and its document when it is
/// certain to score 1.0 (an identifier match, or the asked name's key in scope).
#[derive(Debug)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub namespace: String,
    pub namespace_id: String,
    pub kind: ContactType,
    pub created_at: String,
    /// Prop keys holding an asked identifier, in the order of the identifiers asked, then by key.
    pub identifier_keys: Vec<String>,
    pub contact: Option<Contact>,
}

/// One element of the statement's array.
#[derive(Deserialize)]
struct CandidateRow {
    id: String,
    name: String,
    namespace: String,
    namespace_id: String,
    kind: ContactType,
    created_at: String,
    /// `(i, prop_key)`: the prop holds the i-th identifier asked about.
    hits: Vec<(u64, String)>,
    contact: Option<Contact>,
}

#[derive(Deserialize)]
struct Packed {
    candidates: String,
}

/// Every candidate of one request. ?2 identifiers, ?3 name key, ?4 blocks, ?5 limit, ?6 exclude_id,
/// ?7 namespace, ?8 type, ?9 at most this many from the blocks.
///
/// `same_name`: the newest `limit` contacts in scope with the asked name's key (one index range). They
/// score exactly 1.0, and so does every identifier match; nothing else reaches 1.0, and ties go newest
/// first. So when `same_name` fills `limit`, no similar name can enter the answer and the blocks are not
/// read: in a large tenant, where popular names repeat, that is the usual case. Otherwise the blocks give
/// up to ?9 contacts, those sharing most blocks first, for the route to score. CROSS JOIN keeps each JSON
/// list the outer loop, one primary-key probe per item: left to itself the planner scans the tenant's
/// whole identifier or block index and probes the list per row (EXPLAIN QUERY PLAN on D1). `hits` and
/// `same_name` are read once each (MATERIALIZED): D1's SQLite would otherwise re-run them per candidate.
fn candidates_sql() -> String {
    format!(
        "WITH hits AS MATERIALIZED (SELECT i.contact_id AS id, q.key AS ord, i.prop_key AS prop_key \
           FROM json_each(?2) q CROSS JOIN contact_identifiers i ON i.tenant_id = ?1 \
           AND i.kind = json_extract(q.value, '$.kind') AND i.value = json_extract(q.value, '$.value')), \
         same_name AS MATERIALIZED (SELECT c.id AS id FROM contacts c \
           WHERE c.tenant_id = ?1 AND c.name_key = ?3 AND c.id IS NOT ?6 \
           AND (?7 IS NULL OR c.namespace_id IN \
             (SELECT id FROM namespaces WHERE tenant_id = ?1 AND (id = ?7 OR name = ?7))) \
           AND (?8 IS NULL OR c.type = ?8) \
           ORDER BY c.created_at DESC, c.id DESC LIMIT ?5), \
         blocked AS (SELECT b.contact_id AS id FROM json_each(?4) q \
           CROSS JOIN contact_name_blocks b ON b.tenant_id = ?1 AND b.block = q.value \
           WHERE (SELECT COUNT(*) FROM same_name) < ?5 \
           GROUP BY b.contact_id ORDER BY COUNT(*) DESC, b.contact_id DESC LIMIT ?9), \
         candidates AS (SELECT id FROM hits UNION SELECT id FROM same_name UNION SELECT id FROM blocked) \
         SELECT json_group_array(json_object('id', c.id, 'name', c.name, 'namespace', n.name, \
           'namespace_id', c.namespace_id, 'kind', c.type, 'created_at', c.created_at, \
           'hits', (SELECT json_group_array(json_array(h.ord, h.prop_key)) FROM hits h WHERE h.id = c.id), \
           'contact', CASE WHEN c.id IN (SELECT id FROM hits) OR c.id IN (SELECT id FROM same_name) \
             THEN json({CONTACT_JSON}) END)) AS candidates \
         FROM candidates k CROSS JOIN contacts c ON c.tenant_id = ?1 AND c.id = k.id \
         JOIN namespaces n ON n.tenant_id = c.tenant_id AND n.id = c.namespace_id"
    )
}

/// The prop keys of `(i, prop_key)` hits, ordered by identifier then key, each once.
fn identifier_keys(mut hits: Vec<(u64, String)>) -> Vec<String> {
    hits.sort();
    let mut keys: Vec<String> = Vec::with_capacity(hits.len());
    for (_, key) in hits {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

impl Store {
    pub async fn dedupe_candidates(&self, probe: &DedupeProbe<'_>) -> StoreResult<Vec<Candidate>> {
        let packed: Option<Packed> = self
            .prepare(
                &candidates_sql(),
                &[
                    text(probe.identifiers_json),
                    opt_text(probe.name_key),
                    text(probe.blocks_json),
                    int(probe.limit as i64),
                    opt_text(probe.exclude_id),
                    opt_text(probe.namespace),
                    opt_text(probe.kind.map(ContactType::as_str)),
                    int(probe.max_blocked as i64),
                ],
            )?
            .first(None)
            .await?;
        let rows: Vec<CandidateRow> = match packed {
            Some(p) => serde_json::from_str(&p.candidates)?,
            None => Vec::new(),
        };
        Ok(rows
            .into_iter()
            .map(|r| Candidate {
                identifier_keys: identifier_keys(r.hits),
                contact: r.contact,
                id: r.id,
                name: r.name,
                namespace: r.namespace,
                namespace_id: r.namespace_id,
                kind: r.kind,
                created_at: r.created_at,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_keys_follow_the_asked_order_then_the_key_each_once() {
        let hits = [(1, "pan_no"), (0, "mobile"), (1, "pan"), (2, "pan_no")];
        let keys = identifier_keys(hits.iter().map(|(i, k)| (*i, k.to_string())).collect());
        assert_eq!(keys, ["mobile", "pan", "pan_no"]);
        assert!(identifier_keys(Vec::new()).is_empty());
    }

    #[test]
    fn packed_candidates_read_with_their_hits_and_documents() {
        let packed = r#"[{"id": "c1", "name": "Rajesh Kumar", "namespace": "Retail",
            "namespace_id": "n1", "kind": "individual", "created_at": "2026-01-01T00:00:00.000000Z",
            "hits": [[0, "pan_no"]], "contact": null}]"#;
        let rows: Vec<CandidateRow> = serde_json::from_str(packed).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].hits, [(0, "pan_no".to_string())]);
        assert!(rows[0].contact.is_none());
    }
}
