//! `POST /contacts/{id}/merge/` and `/unmerge/` (CONTRACT §3, §9 "Merge"): duplicates folded into the
//! contact of the path, the survivor, in one batch, and one of them taken out again; and the rule every
//! write path keeps, that a merged contact refuses writes.
//!
//! Order of checks: the scope (403), the body (400), the contacts (404, then 409 `merged`), `If-Match`
//! on the survivor (412), the limits the survivor must keep (409 `merge_limit`). A merge that loses a
//! race with another write re-reads and decides again, as the contact write path does (`contact_write`).

use crego_validation::{code, MergeRequest, UnmergeRequest};
use worker::Response;

use super::contact_write::{dedupe_rows, refuse_erased, written_response, Changed, ATTEMPTS};
use super::Ctx;
use crate::auth::MERGE_SCOPE;
use crate::domain::ids::new_id;
use crate::domain::merge::{over_limit, plan_rows, survive, Rows};
use crate::error::ApiError;
use crate::http::{read_json, IfMatch};
use crate::store::addresses::ADDRESSES;
use crate::store::audit::{Audit, HistoryAction, Written};
use crate::store::banks::BANKS;
use crate::store::contacts::{parse_contact, Contact, ContactChange};
use crate::store::merges::{fingerprint, MergeWrite, Merged};
use crate::store::relations::RELATIONS;
use crate::store::unmerge::UnmergeWrite;
use crate::store::{StoreError, StoreResult};

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

/// `403 missing_scope` unless the caller may merge (and unmerge).
fn require_merge_scope(ctx: &Ctx) -> Result<(), ApiError> {
    match ctx.principal.has_scope(MERGE_SCOPE) {
        true => Ok(()),
        false => Err(ApiError::Forbidden {
            code: "missing_scope",
            detail: format!("merging and unmerging contacts need the `{MERGE_SCOPE}` scope"),
        }),
    }
}

/// A merge's or an unmerge's batch as the client sees it; `None` when it lost a race without `If-Match`
/// and is decided again from a fresh read.
fn answered(
    ctx: &Ctx,
    result: StoreResult<Written<Contact>>,
    if_match: bool,
) -> Result<Option<Response>, ApiError> {
    match result {
        Ok(written) => written_response(ctx, written).map(Some),
        Err(StoreError::Stale) if if_match => Err(ApiError::PreconditionFailed),
        Err(StoreError::Stale) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub async fn merge_contacts(id: &str, req: &mut worker::Request, ctx: &Ctx) -> Result<Response, ApiError> {
    require_merge_scope(ctx)?;
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
        refuse_erased(&survivor)?;
        for (i, other) in others.iter().enumerate() {
            if let Some(into) = &other.merged_into {
                return Err(merged_conflict(&other.id, into, &format!("contacts[{i}]")));
            }
            if other.erased_at.is_some() {
                return Err(ApiError::field_conflict(
                    "contact_erased",
                    &format!("contacts[{i}]"),
                    code::NOT_FOUND,
                    "this contact's personal data was erased: it cannot be merged",
                ));
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
        let dedupe = dedupe_rows(ctx, &survivor.name, survivor.kind, props, changed)?;
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
        if let Some(answer) = answered(ctx, ctx.store.merge(&write).await, if_match.is_some())? {
            return Ok(answer);
        }
    }
    Err(StoreError::Stale.into())
}

/// `survive`'s change applied: every value the survivor would hold (`survive` leaves out the ones
/// `before` already holds).
fn held_after(before: &Contact, merged: &[&Contact]) -> ContactChange {
    let change = survive(before, merged);
    ContactChange {
        tags: Some(change.tags.unwrap_or_else(|| before.tags.clone())),
        refs: Some(change.refs.unwrap_or_else(|| before.refs.clone())),
        props: Some(change.props.unwrap_or_else(|| before.props.clone())),
        rm_id: Some(change.rm_id.unwrap_or_else(|| before.rm_id.clone())),
        branch_id: Some(change.branch_id.unwrap_or_else(|| before.branch_id.clone())),
        ..ContactChange::default()
    }
}

/// `POST /contacts/{id}/unmerge/`: the survivor's values become those its merge would have given
/// without this contact (its document before the merge, merged again with the siblings still merged),
/// and the rows the merge recorded of this contact are restored. Refused (`409 changed_since_merge`)
/// once either record has changed since the merge.
pub async fn unmerge_contact(id: &str, req: &mut worker::Request, ctx: &Ctx) -> Result<Response, ApiError> {
    require_merge_scope(ctx)?;
    let input = UnmergeRequest::check(&read_json(req).await?)?;
    let if_match = IfMatch::from_request(req);
    let at = ctx.now.to_rfc3339();
    let audit_id = new_id(ctx.now)?;
    let merged_audit_id = new_id(ctx.now)?;
    for _ in 0..ATTEMPTS {
        let survivor = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
        let merged = ctx
            .store
            .contact(&input.contact)
            .await?
            .ok_or(ApiError::NotFound)?;
        refuse_merged(&survivor)?;
        refuse_erased(&survivor)?;
        let record = match ctx.store.merge_record(&merged.id).await? {
            Some(r) if r.survivor_id == survivor.id && merged.merged_into.as_deref() == Some(id) => r,
            _ => {
                let detail = format!("contact {} is not merged into {id}", merged.id);
                return Err(ApiError::field_conflict(
                    "not_merged",
                    "contact",
                    "not_merged",
                    &detail,
                ));
            }
        };
        if record.survivor_version != survivor.version || record.merged_version != merged.version {
            return Err(ApiError::conflict(
                "changed_since_merge",
                "the survivor has changed since the merge (or another merge or unmerge came after it): \
                 undoing it would lose those changes",
            ));
        }
        if ctx.store.rows_changed_since_merge(&merged.id).await? {
            return Err(ApiError::conflict(
                "changed_since_merge",
                "an address, bank account or relation the merged contact brought has been edited, deleted \
                 or moved since the merge: undoing it would lose that change",
            ));
        }
        if let Some(m) = &if_match {
            m.check(survivor.version)?;
        }
        let before = parse_contact(&record.survivor_before)?;
        let siblings: Vec<String> = ctx
            .store
            .merge_siblings(&record.merge_id)
            .await?
            .into_iter()
            .map(|r| r.merged_id)
            .filter(|m| *m != merged.id)
            .collect();
        let found = ctx.store.contacts_by_ids(&siblings).await?;
        let still: Vec<&Contact> = siblings
            .iter()
            .filter_map(|s| found.iter().find(|c| c.id == *s))
            .collect();
        let change = held_after(&before, &still).without_restated(&survivor);
        let props = change.props.as_deref().unwrap_or(&survivor.props);
        let only_props = Changed {
            name: false,
            props: true,
        };
        let dedupe = dedupe_rows(ctx, &survivor.name, survivor.kind, props, only_props)?;
        let all = Changed {
            name: true,
            props: true,
        };
        let merged_dedupe = dedupe_rows(ctx, &merged.name, merged.kind, &merged.props, all)?;
        let audit = Audit {
            id: &audit_id,
            action: HistoryAction::Unmerge,
            actor: &ctx.principal.user_id,
            at: &at,
            remarks: input.remarks.as_deref(),
            material: true,
        };
        let write = UnmergeWrite {
            record: &record,
            survivor: &survivor,
            merged: &merged,
            change: &change,
            dedupe: &dedupe,
            merged_dedupe: &merged_dedupe,
            audit: &audit,
            merged_audit_id: &merged_audit_id,
        };
        if let Some(answer) = answered(ctx, ctx.store.unmerge(&write).await, if_match.is_some())? {
            return Ok(answer);
        }
    }
    Err(StoreError::Stale.into())
}
