//! Dedupe reads (CONTRACT §3, Dedupe): every candidate of a request from one statement, ranked by the
//! route. Identifier matches come from `contact_identifiers`, same-name matches from the name key index
//! (migration 0006), similar names from the blocking index, each read a bounded number of entries per
//! key; the documents of the matches that score 1.0 come in the same round trip. The candidates come
//! back as one JSON array in one value: as rows, each of up to 200 candidates cost more to hand from D1
//! to the worker (tens of microseconds) than to find and score.

use std::collections::HashMap;

use crego_validation::ContactType;
use serde::Deserialize;

use super::contacts::{parse_contact, Contact, CONTACT_JSON};
use super::{int, opt_text, text, Doc, Store, StoreResult};

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
    /// At most this many contacts are read from the blocks, and from each block.
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
    /// `(i, prop_key)`: the prop holds the i-th identifier asked about (for the certain ones).
    hits: Vec<(u64, String)>,
    /// Among the newest `limit` scoring 1.0, whose documents come as rows.
    certain: bool,
}

#[derive(Deserialize)]
struct Packed {
    candidates: String,
}

/// What both statements of a dedupe read share: the candidates certain to score 1.0 (`certain`), found
/// by walking indexes a bounded number of steps. ?2 identifiers, ?3 name key, ?5 limit, ?6 exclude_id,
/// ?7 namespace, ?8 type.
///
/// Every identifier match and every in-scope contact with the asked name's key scores exactly 1.0,
/// nothing else does, and ties go newest first (created_at, then id). So only the newest `limit` of them
/// can be in the answer: among the newest `limit` of the name key (one index range, `same_name`), and
/// the newest `limit + 1` of each identifier (one may be `exclude_id`). `walk` steps down an
/// identifier's index entries by id, one probe a step (`max(id) < the last`). Ids are ULIDs whose first
/// 10 characters are the creation millisecond, which created_at shares, but within one millisecond the
/// two orders may differ: so past `limit + 1` it goes on through the rest of that millisecond, and then
/// every contact it leaves is older than `limit + 1` it took. It reads about `limit` entries per
/// identifier however many contacts share it. MATERIALIZED: D1's SQLite would otherwise re-run them.
const CERTAIN: &str = "WITH asked AS MATERIALIZED (SELECT CAST(q.key AS INTEGER) AS ord, \
       json_extract(q.value, '$.kind') AS kind, json_extract(q.value, '$.value') AS value \
       FROM json_each(?2) q), \
     walk(kind, value, id, n, prev_ms) AS (SELECT a.kind, a.value, (SELECT max(i.contact_id) \
         FROM contact_identifiers i WHERE i.tenant_id = ?1 AND i.kind = a.kind AND i.value = a.value), 1, NULL \
         FROM asked a \
       UNION ALL SELECT w.kind, w.value, (SELECT max(i.contact_id) FROM contact_identifiers i \
         WHERE i.tenant_id = ?1 AND i.kind = w.kind AND i.value = w.value AND i.contact_id < w.id), w.n + 1, \
         substr(w.id, 1, 10) \
       FROM walk w WHERE w.id IS NOT NULL AND (w.n <= ?5 + 1 OR substr(w.id, 1, 10) = w.prev_ms)), \
     same_name AS MATERIALIZED (SELECT c.id AS id FROM contacts c \
       WHERE c.tenant_id = ?1 AND c.name_key = ?3 AND c.id IS NOT ?6 \
       AND (?7 IS NULL OR c.namespace_id IN \
         (SELECT id FROM namespaces WHERE tenant_id = ?1 AND (id = ?7 OR name = ?7))) \
       AND (?8 IS NULL OR c.type = ?8) \
       ORDER BY c.created_at DESC, c.id DESC LIMIT ?5), \
     certain AS MATERIALIZED (SELECT c.id AS id FROM \
       (SELECT id FROM walk WHERE id IS NOT NULL UNION SELECT id FROM same_name) k \
       CROSS JOIN contacts c ON c.tenant_id = ?1 AND c.id = k.id WHERE c.id IS NOT ?6 \
       ORDER BY c.created_at DESC, c.id DESC LIMIT ?5)";

/// Every candidate of one request, as one JSON array in one value. ?4 the asked name's blocks, ?9 at
/// most this many contacts from them (and from each block).
///
/// When `same_name` fills `limit`, no similar name can enter the answer and the blocks are not read: in
/// a large tenant, where popular names repeat, that is the usual case. Otherwise `block_walk` takes the
/// newest ?9 contacts of each block (one probe a step, as `walk` does), and those sharing most blocks
/// come first, for the route to score. `hits` (the asked identifiers a candidate holds) is read only for
/// the certain ones, from each one's own identifiers. No documents here: each is up to ~80 KiB, and a
/// value may hold 2 MB; the certain ones come as rows from [`certain_documents`] in the same batch.
fn candidates_sql() -> String {
    format!(
        "{CERTAIN}, \
         block_walk(block, id, n) AS (SELECT q.value, (SELECT max(b.contact_id) FROM contact_name_blocks b \
             WHERE b.tenant_id = ?1 AND b.block = q.value), 1 FROM json_each(?4) q \
             WHERE (SELECT COUNT(*) FROM same_name) < ?5 \
           UNION ALL SELECT w.block, (SELECT max(b.contact_id) FROM contact_name_blocks b \
             WHERE b.tenant_id = ?1 AND b.block = w.block AND b.contact_id < w.id), w.n + 1 \
           FROM block_walk w WHERE w.id IS NOT NULL AND w.n < ?9), \
         blocked AS (SELECT id FROM block_walk WHERE id IS NOT NULL \
           GROUP BY id ORDER BY COUNT(*) DESC, id DESC LIMIT ?9), \
         candidates AS (SELECT id FROM certain UNION SELECT id FROM blocked) \
         SELECT json_group_array(json_object('id', c.id, 'name', c.name, 'namespace', n.name, \
           'namespace_id', c.namespace_id, 'kind', c.type, 'created_at', c.created_at, \
           'certain', json(CASE WHEN c.id IN (SELECT id FROM certain) THEN 'true' ELSE 'false' END), \
           'hits', CASE WHEN c.id IN (SELECT id FROM certain) THEN \
             (SELECT json_group_array(json_array(a.ord, i.prop_key)) FROM asked a \
              CROSS JOIN contact_identifiers i ON i.tenant_id = ?1 AND i.kind = a.kind \
              AND i.value = a.value AND i.contact_id = c.id) ELSE json('[]') END)) AS candidates \
         FROM candidates k CROSS JOIN contacts c ON c.tenant_id = ?1 AND c.id = k.id \
         JOIN namespaces n ON n.tenant_id = c.tenant_id AND n.id = c.namespace_id"
    )
}

/// The documents of the certain candidates, one row each (at most `limit`).
fn certain_documents() -> String {
    format!(
        "{CERTAIN} SELECT {CONTACT_JSON} AS j FROM certain k \
         CROSS JOIN contacts c ON c.tenant_id = ?1 AND c.id = k.id \
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
    /// The candidates of one request and the documents of those certain to score 1.0: two reads in one
    /// round trip.
    pub async fn dedupe_candidates(&self, probe: &DedupeProbe<'_>) -> StoreResult<Vec<Candidate>> {
        let args = [
            text(probe.identifiers_json),
            opt_text(probe.name_key),
            text(probe.blocks_json),
            int(probe.limit as i64),
            opt_text(probe.exclude_id),
            opt_text(probe.namespace),
            opt_text(probe.kind.map(ContactType::as_str)),
            int(probe.max_blocked as i64),
        ];
        let candidates = self.prepare(&candidates_sql(), &args)?;
        // The documents' statement names no ?9: bound, it would be out of range.
        let documents = self.prepare(&certain_documents(), &args[..7])?;
        let results = self.db.batch(vec![candidates, documents]).await?;
        let packed: Option<Packed> = match results.first() {
            Some(r) => r.results::<Packed>()?.into_iter().next(),
            None => None,
        };
        let rows: Vec<CandidateRow> = match packed {
            Some(p) => serde_json::from_str(&p.candidates)?,
            None => Vec::new(),
        };
        let mut documents: HashMap<String, Contact> = HashMap::new();
        if let Some(r) = results.get(1) {
            for doc in r.results::<Doc>()? {
                let contact = parse_contact(&doc.j)?;
                documents.insert(contact.id.clone(), contact);
            }
        }
        Ok(rows
            .into_iter()
            .map(|r| Candidate {
                identifier_keys: identifier_keys(r.hits),
                contact: r.certain.then(|| documents.remove(&r.id)).flatten(),
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
            "hits": [[0, "pan_no"]], "certain": true}]"#;
        let rows: Vec<CandidateRow> = serde_json::from_str(packed).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].hits, [(0, "pan_no".to_string())]);
        assert!(rows[0].certain);
    }
}
