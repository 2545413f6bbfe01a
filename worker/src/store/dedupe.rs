//! Dedupe reads (CONTRACT §3, Dedupe; docs/DEDUPE.md, "What the store keeps"): in one round trip,
//! the tenant's frequencies a score needs and every candidate of a request with the fields it is
//! compared on. Each source of candidates is bounded, however many contacts share a key: the holders of
//! each asked identifier (at most `DEDUPE_HOLDERS`; more, and it is a placeholder that retrieves no one),
//! the newest `limit` in-scope contacts with the asked name's very words, and the `DEDUPE_CANDIDATES`
//! sharing most blocking keys with the request among the newest `DEDUPE_READ_PER_KEY` of each key
//! (`DEDUPE_READ_PER_NAME_KEY` of a name-only key).

use crego_validation::limits::{
    DEDUPE_CANDIDATES, DEDUPE_HOLDERS, DEDUPE_READ_PER_KEY, DEDUPE_READ_PER_NAME_KEY,
};
use crego_validation::ContactType;
use serde::Deserialize;

use super::{int, opt_text, text, Doc, Store, StoreResult};
use crate::domain::matching::blocking::NAME_KEY_PREFIX;

/// Unicode White_Space, as Rust's `trim` reads it: prop keys are compared trimmed of it.
pub const WHITE_SPACE: &str = "\t\n\u{b}\u{c}\r \u{85}\u{a0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\
    \u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}";

/// What one request looks for, already checked and normalised.
pub struct DedupeProbe<'a> {
    /// Its blocking keys (`blocking::match_keys`), as a JSON array.
    pub keys_json: &'a str,
    /// Its identifiers as the index holds them (`match_index::lookup_rows`), placeholders by their shape
    /// left out.
    pub identifiers_json: &'a str,
    /// The folds of its name's words (a JSON array), whose counts the name's weight needs.
    pub words_json: &'a str,
    /// The asked name's word set (`domain::dedupe::name_key`), when it has one.
    pub name_key: Option<&'a str>,
    /// A namespace name or id and a contact type that narrow the same-name contacts.
    pub namespace: Option<&'a str>,
    pub kind: Option<ContactType>,
    pub exclude_id: Option<&'a str>,
    pub limit: u64,
    /// The prop keys a comparison reads, lower case (`index::compared_prop_keys`), as a JSON array.
    pub prop_keys_json: &'a str,
}

/// The tenant as a score sees it: its contacts, how many have each asked word, and how many hold each
/// asked identifier (in the order asked; at most `DEDUPE_HOLDERS + 1`).
#[derive(Debug, Default, Deserialize)]
pub struct Counts {
    pub contacts: u64,
    pub words: Vec<(String, u64)>,
    pub holders: Vec<u64>,
}

/// A candidate with what it is compared on.
#[derive(Debug, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub kind: ContactType,
    pub namespace: String,
    pub namespace_id: String,
    pub created_at: String,
    /// Its name's words with how many contacts of the tenant have each.
    pub words: Vec<(String, u64)>,
    /// `(key, value, token)` of its props under a compared key, as stored (`pii::matching` reads them).
    pub props: Vec<(String, String, Option<String>)>,
    /// `(pincode, city, address_line)` of each address.
    pub addresses: Vec<(Option<String>, Option<String>, Option<String>)>,
}

/// The tenant's counts. ?2 the request's words, ?3 its identifiers, ?4 holders read per identifier.
const COUNTS: &str = "SELECT json_object(\
       'contacts', coalesce((SELECT contacts FROM contact_name_words WHERE tenant_id = ?1 AND word = ''), 0), \
       'words', (SELECT json_group_array(json_array(w.value, coalesce(n.contacts, 0))) FROM json_each(?2) w \
         LEFT JOIN contact_name_words n ON n.tenant_id = ?1 AND n.word = w.value), \
       'holders', (SELECT json_group_array((SELECT COUNT(*) FROM (SELECT DISTINCT i.contact_id \
           FROM contact_identifiers i WHERE i.tenant_id = ?1 AND i.kind = json_extract(q.value, '$.kind') \
           AND i.value = json_extract(q.value, '$.value') LIMIT ?4))) FROM json_each(?3) q)) AS j";

/// Every candidate, as JSON arrays of ten (a chunk stays far below D1's 2 MB a value however large the
/// candidates' props are). ?2 identifiers, ?3 keys, ?4 holders read per identifier, ?5 contacts read
/// per key, ?6 candidates from keys, ?7 name key, ?8 namespace, ?9 type, ?10 exclude_id, ?11 limit,
/// ?12 compared prop keys, ?13 white space, ?14 the prefix of name-only keys, ?15 contacts read per
/// name-only key (`blocking::key_cap`). MATERIALIZED: D1's SQLite would otherwise re-run them.
/// INDEXED BY: without it SQLite reads a candidate's addresses through the primary key, every address of
/// the tenant for each candidate (its plan for a correlated subquery over a WITHOUT ROWID table).
const CANDIDATES: &str = "WITH asked AS MATERIALIZED (\
       SELECT json_extract(q.value, '$.kind') AS kind, json_extract(q.value, '$.value') AS value \
       FROM json_each(?2) q), \
     held AS MATERIALIZED (SELECT a.kind, a.value FROM asked a WHERE (SELECT COUNT(*) FROM \
       (SELECT DISTINCT i.contact_id FROM contact_identifiers i WHERE i.tenant_id = ?1 AND i.kind = a.kind \
        AND i.value = a.value LIMIT ?4)) < ?4), \
     by_identifier AS (SELECT DISTINCT i.contact_id AS id FROM held h CROSS JOIN contact_identifiers i \
       ON i.tenant_id = ?1 AND i.kind = h.kind AND i.value = h.value), \
     same_name AS (SELECT c.id AS id FROM contacts c \
       WHERE c.tenant_id = ?1 AND c.name_key = ?7 AND c.merged_into IS NULL \
       AND (?8 IS NULL OR c.namespace_id IN \
         (SELECT id FROM namespaces WHERE tenant_id = ?1 AND (id = ?8 OR name = ?8 COLLATE NOCASE))) \
       AND (?9 IS NULL OR c.type = ?9) AND c.id IS NOT ?10 \
       ORDER BY c.created_at DESC, c.id DESC LIMIT ?11), \
     per_key AS MATERIALIZED (SELECT (SELECT json_group_array(contact_id) FROM \
         (SELECT k.contact_id FROM contact_match_keys k WHERE k.tenant_id = ?1 AND k.key = q.value \
          AND k.contact_id IS NOT ?10 ORDER BY k.contact_id DESC LIMIT ?15)) AS ids \
       FROM json_each(?3) q WHERE substr(q.value, 1, 2) = ?14 \
       UNION ALL SELECT (SELECT json_group_array(contact_id) FROM \
         (SELECT k.contact_id FROM contact_match_keys k WHERE k.tenant_id = ?1 AND k.key = q.value \
          AND k.contact_id IS NOT ?10 ORDER BY k.contact_id DESC LIMIT ?5)) \
       FROM json_each(?3) q WHERE substr(q.value, 1, 2) IS NOT ?14), \
     keyed AS (SELECT j.value AS id FROM per_key, json_each(per_key.ids) j \
       GROUP BY j.value ORDER BY COUNT(*) DESC, j.value DESC LIMIT ?6), \
     candidates AS (SELECT id FROM by_identifier WHERE id IS NOT ?10 UNION SELECT id FROM same_name \
       UNION SELECT id FROM keyed), \
     found AS (SELECT json_object('id', c.id, 'name', c.name, 'kind', c.type, 'namespace', n.name, \
         'namespace_id', c.namespace_id, 'created_at', c.created_at, \
         'words', (SELECT json_group_array(json_array(w.value, coalesce(nw.contacts, 0))) \
           FROM json_each(c.name_words) w \
           LEFT JOIN contact_name_words nw ON nw.tenant_id = ?1 AND nw.word = w.value), \
         'props', (SELECT json_group_array(json_array(p.key, p.value, p.token)) FROM contact_props p \
           WHERE p.tenant_id = ?1 AND p.contact_id = c.id \
           AND lower(trim(p.key, ?13)) IN (SELECT value FROM json_each(?12))), \
         'addresses', (SELECT json_group_array(json_array(json_extract(a.doc, '$.pincode'), \
             json_extract(a.doc, '$.city'), json_extract(a.doc, '$.address_line'))) \
           FROM addresses a INDEXED BY addresses_tenant_contact WHERE a.tenant_id = ?1 AND a.contact_id = c.id)) \
         AS candidate, \
         (ROW_NUMBER() OVER (ORDER BY c.id) - 1) / 10 AS chunk \
       FROM candidates k CROSS JOIN contacts c ON c.tenant_id = ?1 AND c.id = k.id \
       JOIN namespaces n ON n.tenant_id = c.tenant_id AND n.id = c.namespace_id) \
     SELECT json_group_array(json(candidate)) AS j FROM found GROUP BY chunk";

impl Store {
    /// The tenant's counts and every candidate of one request, in one round trip.
    pub async fn dedupe_candidates(&self, probe: &DedupeProbe<'_>) -> StoreResult<(Counts, Vec<Candidate>)> {
        let holders_read = int(DEDUPE_HOLDERS as i64 + 1);
        let counts = self.prepare(
            COUNTS,
            &[
                text(probe.words_json),
                text(probe.identifiers_json),
                holders_read.clone(),
            ],
        )?;
        let candidates = self.prepare(
            CANDIDATES,
            &[
                text(probe.identifiers_json),
                text(probe.keys_json),
                holders_read,
                int(DEDUPE_READ_PER_KEY as i64),
                int(DEDUPE_CANDIDATES as i64),
                opt_text(probe.name_key),
                opt_text(probe.namespace),
                opt_text(probe.kind.map(ContactType::as_str)),
                opt_text(probe.exclude_id),
                int(probe.limit as i64),
                text(probe.prop_keys_json),
                text(WHITE_SPACE),
                text(NAME_KEY_PREFIX),
                int(DEDUPE_READ_PER_NAME_KEY as i64),
            ],
        )?;
        let results = self.db.batch(vec![counts, candidates]).await?;
        let counts: Counts = match results.first().map(|r| r.results::<Doc>()).transpose()? {
            Some(docs) => match docs.first() {
                Some(d) => serde_json::from_str(&d.j)?,
                None => Counts::default(),
            },
            None => Counts::default(),
        };
        let mut found = Vec::new();
        if let Some(r) = results.get(1) {
            for chunk in r.results::<Doc>()? {
                found.extend(serde_json::from_str::<Vec<Candidate>>(&chunk.j)?);
            }
        }
        Ok((counts, found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_every_character_rust_trims() {
        let listed: Vec<char> = WHITE_SPACE.chars().collect();
        let every: Vec<char> = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert_eq!(listed, every);
    }

    #[test]
    fn a_chunk_of_candidates_reads_with_its_words_props_and_addresses() {
        let chunk = r#"[{"id": "c1", "name": "Rajesh Kumar", "kind": "individual", "namespace": "Retail",
            "namespace_id": "n1", "created_at": "2026-01-01T00:00:00.000000Z", "words": [["kumar", 3]],
            "props": [["dob", "1985-03-12", null], ["pan", "enc:v1:k1:AAAA", "t1:BBBB"]],
            "addresses": [["411001", "Pune", null]]}]"#;
        let rows: Vec<Candidate> = serde_json::from_str(chunk).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].words, [("kumar".to_string(), 3)]);
        assert_eq!(rows[0].addresses[0].2, None);
        assert_eq!(rows[0].props[1].2.as_deref(), Some("t1:BBBB"), "a prop's token");
        let counts: Counts =
            serde_json::from_str(r#"{"contacts": 9, "words": [["kumar", 3]], "holders": [11]}"#)
                .unwrap_or_default();
        assert_eq!((counts.contacts, counts.holders), (9, vec![11]));
    }
}
