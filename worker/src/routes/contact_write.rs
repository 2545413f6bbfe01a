//! The one write path of an existing contact: `PATCH`, the four actions and the props routes all change a
//! contact through [`write_contact`], so they share one order of checks, one batch and one rule for a
//! write that loses a race (CONTRACT §9, "one write path").
//!
//! 1. Read the contact (`404` when the tenant has none; `409 merged` when it was merged into another,
//!    `409 contact_erased` when it was erased).
//! 2. The caller's closure computes the change from the contact as read, or refuses it (`400`, `403`,
//!    `409`): a refusal about the request comes before a stale `If-Match`, which would only send the
//!    client to re-read and meet it again.
//! 3. `If-Match` naming another version: `412`. No change: `200` with the contact as it is, no new
//!    version, no history entry.
//! 4. One batch: the history row (before, and what the write does to an approval), the version-guarded
//!    update, a material change's reset of the approval and its maker ([`contact_change_is_material`]:
//!    decided here, once, for every writer), the search index, props and dedupe rows, the history row's
//!    after, the contact read back.
//! 5. Lost a race (the version moved between 1 and 4): with `If-Match`, `412` at once (the client's
//!    version is gone); without, back to 1, at most [`ATTEMPTS`] times in all, then `409 concurrent_update`.

use crego_validation::ContactType;
use worker::Response;

use super::merge::refuse_merged;
use super::Ctx;
use crate::domain::dedupe::name_key;
use crate::domain::ids::new_id;
use crate::domain::material::contact_change_is_material;
use crate::error::ApiError;
use crate::http::{resource_response, with_approval, IfMatch};
use crate::store::audit::{Audit, HistoryAction, Written};
use crate::store::contacts::{Contact, ContactChange, PropRow, Update, UNIQUE};
use crate::store::match_index::DedupeRows;
use crate::store::StoreError;

/// A write that lost a race is tried this many times in all (without `If-Match`).
pub const ATTEMPTS: usize = 3;

/// What one write does to the contact it read, and how its history entry records it.
pub struct Edit {
    pub change: ContactChange,
    pub action: HistoryAction,
    pub remarks: Option<String>,
}

impl Edit {
    pub fn new(change: ContactChange, action: HistoryAction) -> Edit {
        Edit {
            change,
            action,
            remarks: None,
        }
    }
}

/// Changes contact `id` by `edit` (see the module for the order of checks and the stale rule) and
/// returns the contact as written, or as read (with no approval effect) when `edit` finds nothing to change.
pub async fn write_contact(
    ctx: &Ctx,
    id: &str,
    if_match: Option<&IfMatch>,
    mut edit: impl FnMut(&Contact) -> Result<Option<Edit>, ApiError>,
) -> Result<Written<Contact>, ApiError> {
    let at = ctx.now.to_rfc3339();
    let audit_id = new_id(ctx.now)?;
    for _ in 0..ATTEMPTS {
        let current = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
        refuse_merged(&current)?;
        refuse_erased(&current)?;
        let decided = edit(&current)?;
        if let Some(m) = if_match {
            m.check(current.version)?;
        }
        let Some(Edit {
            change,
            action,
            remarks,
        }) = decided
        else {
            return Ok(Written {
                value: current,
                approval: None,
            });
        };
        let dedupe = dedupe_rows(
            ctx,
            change.name.as_deref().unwrap_or(&current.name),
            change.kind.unwrap_or(current.kind),
            change.props.as_deref().unwrap_or(&current.props),
            Changed {
                name: change.name.is_some() || change.kind.is_some(),
                props: change.props.is_some(),
            },
        )?;
        let audit = Audit {
            id: &audit_id,
            action,
            actor: &ctx.principal.user_id,
            at: &at,
            remarks: remarks.as_deref(),
            material: contact_change_is_material(&current, &change),
        };
        match ctx
            .store
            .update_contact(&Update {
                id,
                version: current.version,
                change: &change,
                dedupe: &dedupe,
                audit: &audit,
            })
            .await
        {
            Ok(contact) => return Ok(contact),
            Err(StoreError::Stale) if if_match.is_some() => return Err(ApiError::PreconditionFailed),
            Err(StoreError::Stale) => continue,
            Err(e) => return Err(e.on_unique(UNIQUE)),
        }
    }
    Err(StoreError::Stale.into())
}

/// An erased contact refuses every write (CONTRACT §9, "Erasure and retention").
pub fn refuse_erased(contact: &Contact) -> Result<(), ApiError> {
    match contact.erased_at {
        Some(_) => Err(ApiError::conflict(
            "contact_erased",
            "this contact's personal data was erased: it cannot be changed",
        )),
        None => Ok(()),
    }
}

/// A written contact as its answer: `200`, its `ETag`, what the write did to its approval, and its
/// identifying values as the caller may see them.
pub fn written_response(ctx: &Ctx, written: Written<Contact>) -> Result<Response, ApiError> {
    let mut contact = written.value;
    ctx.pii.show_contact(&mut contact)?;
    with_approval(
        resource_response(200, &contact, contact.version)?,
        written.approval,
    )
}

/// What a write changes of what dedupe files a contact under.
#[derive(Debug, Clone, Copy)]
pub struct Changed {
    /// The name or the type (a firm's name is parsed as a firm's).
    pub name: bool,
    pub props: bool,
}

/// The dedupe index rows of a contact as it will be written (name, type and props after the write, the
/// props as stored), for what the write changes: the name's rows when the name or type changes, the
/// identifiers when the props do (as tokens: `pii::matching`), the keys when any of them does.
pub fn dedupe_rows(
    ctx: &Ctx,
    name: &str,
    kind: ContactType,
    props: &[PropRow],
    changed: Changed,
) -> Result<DedupeRows, ApiError> {
    if !changed.name && !changed.props {
        return Ok(DedupeRows::default());
    }
    let mut filing = ctx.pii.filing(name, kind, props, changed.props)?;
    if changed.props {
        filing.identifiers = ctx.pii.indexed(&filing.identifiers, props)?;
    }
    let key = changed.name.then(|| name_key(name));
    Ok(DedupeRows::of(&filing, key, true, changed.props)?)
}
