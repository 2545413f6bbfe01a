//! The record of identifying values shown in clear (`pii_access`, migration 0009): written in the
//! request that showed them, read by `GET /contacts/{id}/pii-access/`, newest first.

use serde::Serialize;

use super::{int, text, Doc, Store, StoreError, StoreResult};
use crate::domain::ids::new_id;
use crate::domain::time::Timestamp;
use crate::schema::PiiAccess;

/// One row of the record, as `INSERT_ACCESS` reads it.
#[derive(Serialize)]
struct AccessRow<'a> {
    id: String,
    contact_id: &'a str,
    fields: &'a [String],
}

/// ?2 the rows, ?3 who, ?4 when, ?5 the operation. One statement however many contacts a list showed.
const INSERT_ACCESS: &str =
    "INSERT INTO pii_access (tenant_id, id, contact_id, actor, at, operation, fields) \
     SELECT ?1, json_extract(value, '$.id'), json_extract(value, '$.contact_id'), ?3, ?4, ?5, \
     json_extract(value, '$.fields') FROM json_each(?2)";

impl Store {
    /// Records that `actor` was shown `fields` of each contact in clear by `operation`, at `now`.
    pub async fn record_clear_reads(
        &self,
        shown: &[(String, Vec<String>)],
        actor: &str,
        now: Timestamp,
        operation: &str,
    ) -> StoreResult<()> {
        let rows = shown
            .iter()
            .map(|(contact_id, fields)| {
                Ok(AccessRow {
                    id: new_id(now).map_err(|_| StoreError::Permanent("no random id for a record".into()))?,
                    contact_id,
                    fields,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let statement = self.prepare(
            INSERT_ACCESS,
            &[
                text(&serde_json::to_string(&rows)?),
                text(actor),
                text(&now.to_rfc3339()),
                text(operation),
            ],
        )?;
        // The record of a read, not the request's write: never faulted (`Store::batch` would be).
        self.db.batch(vec![statement]).await?;
        Ok(())
    }

    /// One page of a contact's record of clear reads, newest first, with the total.
    pub async fn clear_reads(
        &self,
        contact_id: &str,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<PiiAccess>)> {
        const WHERE: &str = "WHERE tenant_id = ?1 AND contact_id = ?2";
        let count = self.prepare(
            &format!("SELECT COUNT(*) AS n FROM pii_access {WHERE}"),
            &[text(contact_id)],
        )?;
        let page = self.prepare(
            &format!(
                "SELECT json_object('id', id, 'contact_id', contact_id, 'actor', actor, 'at', at, \
                 'operation', operation, 'fields', json(fields)) AS j FROM pii_access {WHERE} \
                 ORDER BY at DESC, id DESC LIMIT ?3 OFFSET ?4"
            ),
            &[text(contact_id), int(limit as i64), int(offset as i64)],
        )?;
        let (n, rows) = self.count_and_page::<Doc>(count, page).await?;
        let rows = rows
            .into_iter()
            .map(|d| serde_json::from_str(&d.j))
            .collect::<Result<_, _>>()?;
        Ok((n, rows))
    }
}
