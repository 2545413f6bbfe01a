//! The routes of personal data itself (CONTRACT §9, "Personal data"): a contact's record of clear reads
//! (`GET /contacts/{id}/pii-access/`, scope `pii:audit`) and the conversion of a tenant's stored data to
//! the current keys (`POST /pii/convert/`, scope `pii:admin`), a bounded number of contacts per call.

use crego_validation::limits::PII_CONVERT_CONTACTS;
use crego_validation::ContactType;
use serde::Serialize;
use worker::Response;

use super::Ctx;
use crate::domain::list::Envelope;
use crate::error::ApiError;
use crate::http::json_response;
use crate::pii::{ADMIN_SCOPE, AUDIT_SCOPE};
use crate::query::Query;
use crate::store::match_index::index_rows;

fn require_scope(ctx: &Ctx, scope: &str, what: &str) -> Result<(), ApiError> {
    match ctx.principal.has_scope(scope) {
        true => Ok(()),
        false => Err(ApiError::Forbidden {
            code: "missing_scope",
            detail: format!("{what} needs the `{scope}` scope"),
        }),
    }
}

pub async fn list_pii_access(id: &str, mut query: Query, ctx: &Ctx) -> Result<Response, ApiError> {
    let paging = query.paging();
    query.check()?;
    require_scope(ctx, AUDIT_SCOPE, "reading who read a contact's personal data")?;
    ctx.store.contact_erased(id).await?.ok_or(ApiError::NotFound)?;
    let (count, rows) = ctx
        .store
        .clear_reads(id, paging.page_size, paging.offset())
        .await?;
    json_response(200, &Envelope::new(paging, count, rows))
}

/// What one call of `POST /pii/convert/` did.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Converted {
    /// Contacts whose props, bank accounts and history documents this call brought to the current keys.
    pub converted: u64,
    /// No contact of the tenant is left to convert; until then, call again.
    pub done: bool,
    /// The keys the tenant's data is now under, `<encryption key id>/<token key id>`.
    pub keys: String,
}

pub async fn convert_pii(ctx: &Ctx) -> Result<Response, ApiError> {
    require_scope(ctx, ADMIN_SCOPE, "converting stored personal data")?;
    let epoch = ctx.pii.keys()?.epoch();
    let ids = ctx
        .store
        .contacts_to_convert(&epoch, PII_CONVERT_CONTACTS as u64 + 1)
        .await?;
    let mut converted = 0;
    for id in ids.iter().take(PII_CONVERT_CONTACTS) {
        let mut stored = ctx.store.stored_personal_data(id).await?;
        stored.props = ctx.pii.convert_props(&stored.props)?;
        for bank in &mut stored.banks {
            if let Some(doc) = bank.doc.as_object_mut() {
                ctx.pii.convert_account(doc)?;
            }
        }
        for entry in &mut stored.audits {
            for doc in [&mut entry.before, &mut entry.after].into_iter().flatten() {
                ctx.pii.convert_document(&entry.object_type, doc)?;
            }
        }
        // The identifiers of the props alone: the name's rows and the keys do not change.
        let filing = ctx.pii.filing("", ContactType::Individual, &stored.props, true)?;
        let identifiers = index_rows(&ctx.pii.indexed(&filing.identifiers, &stored.props)?)?;
        ctx.store
            .write_converted(id, &stored, &identifiers, &epoch)
            .await?;
        converted += 1;
    }
    json_response(
        200,
        &Converted {
            converted,
            done: ids.len() <= PII_CONVERT_CONTACTS,
            keys: epoch,
        },
    )
}
