//! `POST /contacts/{id}/merge/` (CONTRACT §3, §9 "Merge"): duplicates folded into the contact of the
//! path, the survivor, in one batch; and the rule every write path keeps, that a merged contact refuses
//! writes.
//!
//! Order of checks: the scope (403), the body (400), the contacts (404, then 409 `merged`), `If-Match`
//! on the survivor (412), the limits the survivor must keep (409 `merge_limit`). A merge that loses a
//! race with another write re-reads and decides again, as the contact write path does (`contact_write`).

use crego_validation::{code, MergeRequest};
use worker::Response;

use super::contact_write::{dedupe_rows, written_response, Changed, ATTEMPTS};
use super::Ctx;
use crate::auth::MERGE_SCOPE;
use crate::domain::ids::new_id;
use crate::domain::merge::{over_limit, plan_rows, survive, Rows};
use crate::error::ApiError;
use crate::http::{read_json, IfMatch};
use crate::store::addresses::ADDRESSES;
use crate::store::audit::{Audit, HistoryAction};
use crate::store::banks::BANKS;
use crate::store::contacts::Contact;
use crate::store::merges::{fingerprint, MergeWrite, Merged};
use crate::store::relations::RELATIONS;
use crate::store::StoreError;

/// `409 merged` for a write to a contact merged into another: the problem names the survivor.
pub fn refuse_merged(contact: &Contact) -> Result<(), ApiError> {
    match &contact.merged_into {
        Some(survivor) => Err(merged_conflict(&contact.id, survivor, "id")),
        None => Ok(()),
    }
}

/// `409 merged` naming `field`, the place the merged contact `id` was given.
pub fn merged_conflict(id: &str, survivor: &str, field: &str) -> ApiError {
    let detail = format!("contact {id} was merged into {survivor}: write to {survivor} instead");
    ApiError::field_conflict("merged", field, "merged", &detail)
}

pub async fn merge_contacts(id: &str, req: &mut worker::Request, ctx: &Ctx) -> Result<Response, ApiError> {
    if !ctx.principal.has_scope(MERGE_SCOPE) {
        return Err(ApiError::Forbidden {
            code: "missing_scope",
            detail: format!("merging contacts needs the `{MERGE_SCOPE}` scope"),
        });
    }
    let input = MergeRequest::check(&read_json(req).await?, id)?;
    let if_match = IfMatch::from_request(req);
    let at = ctx.now.to_rfc3339();
    let audit_id = new_id(ctx.now)?;
    let merged_audit_ids = input
        .contacts
        .iter()
        .map(|_| new_id(ctx.now))
        .collect::<Result<Vec<_>, _>>()?;
    for _ in 0..ATTEMPTS {
        let survivor = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
        let found = ctx.store.contacts_by_ids(&input.contacts).await?;
        let mut others = Vec::with_capacity(input.contacts.len());
        for wanted in &input.contacts {
            others.push(found.iter().find(|c| c.id == *wanted).ok_or(ApiError::NotFound)?);
        }
        refuse_merged(&survivor)?;
        for (i, other) in others.iter().enumerate() {
            if let Some(into) = &other.merged_into {
                return Err(merged_conflict(&other.id, into, &format!("contacts[{i}]")));
            }
        }
        if let Some(m) = &if_match {
            m.check(survivor.version)?;
        }
        let change = survive(&survivor, &others);
        if let Some((field, message)) = over_limit(&change) {
            return Err(ApiError::field_conflict(
                "merge_limit",
                field,
                code::LENGTH,
                &message,
            ));
        }
        let mut all = vec![survivor.id.clone()];
        all.extend(input.contacts.iter().cloned());
        let [addresses, banks, relations, incoming] = ctx.store.merge_rows(&all).await?;
        let rows = Rows {
            addresses: &addresses,
            banks: &banks,
            relations: &relations,
            incoming: &incoming,
        };
        let (fates, counts) = plan_rows(&survivor.id, &input.contacts, &rows);
        for (count, kind) in counts.into_iter().zip([ADDRESSES, BANKS, RELATIONS]) {
            if count > kind.per_contact {
                let message = format!(
                    "the merged contact would have {count} {}; at most {}",
                    kind.table, kind.per_contact
                );
                return Err(ApiError::field_conflict(
                    "merge_limit",
                    kind.table,
                    code::LENGTH,
                    &message,
                ));
            }
        }
        let read: [&[_]; 4] = [&addresses, &banks, &relations, &incoming];
        let versions = std::iter::once(&survivor).chain(others.iter().copied());
        let guards = versions
            .map(|c| Ok((c.id.clone(), c.version, fingerprint(&c.id, &read)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let props = change.props.as_deref().unwrap_or(&survivor.props);
        // The keys too: the survivor's pincode keys are refiled from the addresses it now owns.
        let changed = Changed {
            name: false,
            props: true,
        };
        let dedupe = dedupe_rows(&survivor.name, survivor.kind, props, changed)?;
        let audit = Audit {
            id: &audit_id,
            action: HistoryAction::Merge,
            actor: &ctx.principal.user_id,
            at: &at,
            remarks: input.remarks.as_deref(),
            // Records and identifiers join the survivor: its approval no longer covers what it holds.
            material: true,
        };
        let merged: Vec<Merged> = others
            .iter()
            .zip(&merged_audit_ids)
            .map(|(contact, audit_id)| Merged { contact, audit_id })
            .collect();
        let write = MergeWrite {
            merge_id: &audit_id,
            survivor: &survivor,
            merged: &merged,
            change: &change,
            dedupe: &dedupe,
            fates: &fates,
            guards: &guards,
            audit: &audit,
        };
        match ctx.store.merge(&write).await {
            Ok(written) => return written_response(&written),
            Err(StoreError::Stale) if if_match.is_some() => return Err(ApiError::PreconditionFailed),
            Err(StoreError::Stale) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Stale.into())
}
