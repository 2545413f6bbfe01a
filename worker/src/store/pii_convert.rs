//! The statements of `POST /pii/convert/` (CONTRACT §9, "Personal data"): the contacts of a tenant whose
//! personal data is not under the current keys (`contacts.pii_keys`, migration 0009), what each one
//! stores, and its converted rows written back in one batch per contact, which ends by marking it done.
//! Nothing here changes a contact's version or history: the values stay what they were.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use worker::D1PreparedStatement;

use super::contacts::PropRow;
use super::match_index::DedupeRows;
use super::{int, text, Store, StoreError, StoreResult};

/// A history entry's documents, as stored.
#[derive(Debug, Deserialize, Serialize)]
pub struct AuditDocs {
    pub id: String,
    pub object_type: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A bank account's document, as stored.
#[derive(Debug, Deserialize, Serialize)]
pub struct BankDoc {
    pub id: String,
    pub doc: Value,
}

/// What one contact stores of personal data.
pub struct Stored {
    pub props: Vec<PropRow>,
    pub banks: Vec<BankDoc>,
    pub audits: Vec<AuditDocs>,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
struct Packed {
    j: String,
}

/// Rewrites documents from a JSON array `[{id, ...}]` (?2): `{column} = json(value.{column})`.
fn rewrite(table: &str, columns: &[&str]) -> String {
    let sets: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = json_extract(j.value, '$.{c}')"))
        .collect();
    format!(
        "UPDATE {table} SET {} FROM json_each(?2) j WHERE {table}.tenant_id = ?1 \
         AND {table}.id = json_extract(j.value, '$.id')",
        sets.join(", ")
    )
}

/// Rows bound as one parameter are cut into pieces of about this many bytes (D1 takes values of up to
/// 2 MB; history documents may be up to ~80 KiB each).
const CHUNK_BYTES: usize = 500_000;

impl Store {
    /// Up to `limit` contacts whose personal data is not under `epoch`, by id.
    pub async fn contacts_to_convert(&self, epoch: &str, limit: u64) -> StoreResult<Vec<String>> {
        let rows = self
            .prepare(
                "SELECT id FROM contacts WHERE tenant_id = ?1 AND pii_keys IS NOT ?2 ORDER BY id LIMIT ?3",
                &[text(epoch), int(limit as i64)],
            )?
            .all()
            .await?
            .results::<Id>()?;
        Ok(rows.into_iter().map(|r| r.id).collect())
    }

    /// What contact `id` stores of personal data: its props, bank accounts and history documents.
    pub async fn stored_personal_data(&self, id: &str) -> StoreResult<Stored> {
        let reads = vec![
            self.prepare(
                "SELECT json_group_array(json_object('key', key, 'value', value, 'type', type, 'token', token)) \
                 AS j FROM contact_props WHERE tenant_id = ?1 AND contact_id = ?2",
                &[text(id)],
            )?,
            self.prepare(
                "SELECT json_group_array(json_object('id', id, 'doc', json(doc))) AS j FROM banks \
                 WHERE tenant_id = ?1 AND contact_id = ?2",
                &[text(id)],
            )?,
            self.prepare(
                "SELECT json_group_array(json_object('id', id, 'object_type', object_type, \
                 'before', json(before), 'after', json(after))) AS j FROM audit_log \
                 WHERE tenant_id = ?1 AND contact_id = ?2 AND object_type IN ('contact', 'bank')",
                &[text(id)],
            )?,
        ];
        let results = self.db.batch(reads).await?;
        let packed = |i: usize| -> StoreResult<String> {
            let r = results
                .get(i)
                .ok_or_else(|| StoreError::Decode("a read is missing".into()))?;
            Ok(r.results::<Packed>()?
                .into_iter()
                .next()
                .map_or_else(|| "[]".into(), |p| p.j))
        };
        Ok(Stored {
            props: serde_json::from_str(&packed(0)?)?,
            banks: serde_json::from_str(&packed(1)?)?,
            audits: serde_json::from_str(&packed(2)?)?,
        })
    }

    /// Writes contact `id`'s converted data and marks it as under `epoch`, in one batch.
    pub async fn write_converted(
        &self,
        id: &str,
        converted: &Stored,
        identifiers_json: &str,
        epoch: &str,
    ) -> StoreResult<()> {
        let dedupe = DedupeRows {
            identifiers_json: Some(identifiers_json.to_string()),
            ..DedupeRows::default()
        };
        let (before, after) = self.dedupe_rows(id, &dedupe, false)?;
        let mut batch: Vec<D1PreparedStatement> = before;
        batch.extend(self.prop_rows(id, Some(&converted.props), true)?);
        batch.extend(after);
        if !converted.banks.is_empty() {
            batch.push(self.prepare(
                &rewrite("banks", &["doc"]),
                &[text(&serde_json::to_string(&converted.banks)?)],
            )?);
        }
        let audit_sql = rewrite("audit_log", &["before", "after"]);
        let mut chunk: Vec<&AuditDocs> = Vec::new();
        let mut bytes = 0;
        for (i, entry) in converted.audits.iter().enumerate() {
            bytes += serde_json::to_string(entry)?.len();
            chunk.push(entry);
            if bytes >= CHUNK_BYTES || i + 1 == converted.audits.len() {
                batch.push(self.prepare(&audit_sql, &[text(&serde_json::to_string(&chunk)?)])?);
                chunk.clear();
                bytes = 0;
            }
        }
        batch.push(self.prepare(
            "UPDATE contacts SET pii_keys = ?3 WHERE tenant_id = ?1 AND id = ?2",
            &[text(id), text(epoch)],
        )?);
        self.batch(batch).await?;
        Ok(())
    }
}
