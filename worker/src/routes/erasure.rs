//! Retention and erasure of a contact's personal data (CONTRACT §9, "Erasure and retention"), both for
//! the scope `contacts:erase` (a data protection officer's): `PUT /contacts/{id}/retention/` records a
//! legal hold or the day the relationship ended (not material: the approval stands), and `POST
//! /contacts/{id}/erase/` erases, unless a hold or the retention period (`KYC_RETENTION_YEARS` after the
//! relationship ended) forbids it: `409 retention_hold`, the date from which it is possible in `detail`.

use crego_validation::{code, ActionBody, RetentionBody};
use worker::{Request, Response};

use super::contact_write::{refuse_erased, write_contact, written_response, Edit};
use super::merge::refuse_merged;
use super::Ctx;
use crate::auth::ERASE_SCOPE;
use crate::domain::ids::new_id;
use crate::domain::retention::may_erase;
use crate::error::ApiError;
use crate::http::{read_json, read_optional_json, IfMatch};
use crate::store::audit::{Audit, HistoryAction};
use crate::store::contacts::ContactChange;
use crate::store::StoreError;

fn require_erase_scope(ctx: &Ctx, what: &str) -> Result<(), ApiError> {
    match ctx.principal.has_scope(ERASE_SCOPE) {
        true => Ok(()),
        false => Err(ApiError::Forbidden {
            code: "missing_scope",
            detail: format!("{what} needs the `{ERASE_SCOPE}` scope"),
        }),
    }
}

/// Today's UTC day, `YYYY-MM-DD`.
fn today(ctx: &Ctx) -> String {
    ctx.now.to_rfc3339().chars().take(10).collect()
}

pub async fn set_retention(id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    require_erase_scope(ctx, "recording a legal hold or the end of a relationship")?;
    let body = RetentionBody::check(&read_json(req).await?)?;
    if let Some(Some(ended)) = &body.relationship_ended_at {
        if *ended > today(ctx) {
            return Err(ApiError::Field(crego_validation::FieldError {
                field: "relationship_ended_at".into(),
                code: code::RANGE,
                message: "must not be in the future".into(),
            }));
        }
    }
    let if_match = IfMatch::from_request(req);
    let written = write_contact(ctx, id, if_match.as_ref(), |current| {
        let change = ContactChange {
            legal_hold: body.legal_hold,
            relationship_ended_at: body.relationship_ended_at.clone(),
            ..ContactChange::default()
        }
        .without_restated(current);
        if change == ContactChange::default() {
            return Ok(None);
        }
        Ok(Some(Edit {
            change,
            action: HistoryAction::Retention,
            remarks: body.remarks.clone(),
        }))
    })
    .await?;
    written_response(ctx, written)
}

pub async fn erase_contact(id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    require_erase_scope(ctx, "erasing a contact's personal data")?;
    let body = match read_optional_json(req).await? {
        Some(body) => ActionBody::check(&body)?,
        None => ActionBody::default(),
    };
    let years = ctx.retention_years.clone().map_err(ApiError::Internal)?;
    let contact = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
    refuse_erased(&contact)?;
    // The person's data is the survivor's now: erasing it erases this one too.
    refuse_merged(&contact)?;
    may_erase(
        contact.legal_hold,
        contact.relationship_ended_at.as_deref(),
        years,
        &today(ctx),
    )
    .map_err(|hold| ApiError::conflict("retention_hold", hold.detail(years)))?;
    let expected = match IfMatch::from_request(req) {
        Some(m) => m.check(contact.version)?,
        None => contact.version,
    };
    let audit_id = new_id(ctx.now)?;
    let at = ctx.now.to_rfc3339();
    let audit = Audit {
        id: &audit_id,
        action: HistoryAction::Erase,
        actor: &ctx.principal.user_id,
        at: &at,
        remarks: body.remarks.as_deref(),
        material: false,
    };
    match ctx.store.erase_contact(id, expected, &audit).await {
        Ok(written) => written_response(ctx, written),
        // Changed since it was read: what was checked may no longer hold.
        Err(StoreError::Stale) => Err(ApiError::PreconditionFailed),
        Err(e) => Err(e.into()),
    }
}
