//! A contact's addresses, banks and relations (CONTRACT §4-6): the same five operations over three
//! tables. What is each resource's own (its body's check, the contacts it names, a primary account) is
//! in its [`Rules`] (`addresses.rs`, `banks.rs`, `relations.rs`); the order of checks is here, once.

use crego_validation::limits::{FILTER_TAGS, TAG_CHARS};
use crego_validation::{code, FieldError, RelationType};
use serde::Serialize;
use serde_json::Value;
use worker::{D1PreparedStatement, Request, Response};

use super::Ctx;
use crate::domain::ids::new_id;
use crate::domain::list::Envelope;
use crate::error::ApiError;
use crate::http::{
    expected_version, json_response, no_content, read_json, resource_response, to_json, IfMatch,
};
use crate::query::Query;
use crate::store::audit::{Audit, HistoryAction};
use crate::store::sub_resources::{DocFilter, DocRow, SubKind};
use crate::store::StoreError;

/// One kind of sub-resource: its table, and the checks of its bodies.
pub struct Rules {
    pub kind: &'static SubKind,
    pub check_new: fn(&Value) -> Result<Checked, ApiError>,
    /// A patch, checked against the row it changes.
    pub check_patch: fn(&Value, &DocRow) -> Result<Checked, ApiError>,
}

/// A checked body, as the store writes it.
pub struct Checked {
    /// The owning contact: always on create; on a patch only when sent (it must be the stored one).
    pub owner: Option<String>,
    /// The document (create) or the JSON merge patch (update), without the owner (a column of its own).
    pub doc: Value,
    /// Other contacts the body names, each of which must be the tenant's: `(field, id)`.
    pub references: Vec<(&'static str, String)>,
    /// The write makes this bank account the contact's primary one, clearing the others in its batch.
    pub sets_primary: bool,
}

impl Checked {
    /// The checked input `input`, whose owner field is `kind.contact_field`.
    pub fn of<T: Serialize>(kind: &SubKind, input: &T, owner: Option<String>) -> Result<Checked, ApiError> {
        let mut doc = serde_json::to_value(input).map_err(|e| ApiError::Internal(e.to_string()))?;
        if let Some(map) = doc.as_object_mut() {
            map.remove(kind.contact_field);
        }
        Ok(Checked {
            owner,
            doc,
            references: Vec::new(),
            sets_primary: false,
        })
    }
}

/// A 400 `not_found` on `field` unless `contact_id` is a contact of the caller's tenant.
async fn require_contact(ctx: &Ctx, field: &str, contact_id: &str) -> Result<(), ApiError> {
    match ctx.store.contact_exists(contact_id).await? {
        true => Ok(()),
        false => Err(ApiError::Field(FieldError {
            field: field.into(),
            code: code::NOT_FOUND,
            message: "no contact of this tenant has this id".into(),
        })),
    }
}

async fn require_references(ctx: &Ctx, checked: &Checked) -> Result<(), ApiError> {
    for (field, id) in &checked.references {
        require_contact(ctx, field, id).await?;
    }
    Ok(())
}

/// A failed write as the client sees it.
fn write_error(kind: &SubKind, expected: Option<i64>, e: StoreError) -> ApiError {
    match e {
        StoreError::Stale if expected.is_some() => ApiError::PreconditionFailed,
        e if kind.race.is_some_and(|index| e.is_unique(index)) => StoreError::Stale.into(),
        e => e.on_unique(kind.unique),
    }
}

fn audit<'a>(ctx: &'a Ctx, id: &'a str, action: HistoryAction, at: &'a str) -> Audit<'a> {
    Audit {
        id,
        action,
        actor: &ctx.principal.user_id,
        at,
        remarks: None,
    }
}

fn respond(kind: &SubKind, ctx: &Ctx, status: u16, row: Option<DocRow>) -> Result<Response, ApiError> {
    let row = row.ok_or(ApiError::NotFound)?;
    resource_response(status, &row.to_api(kind, &ctx.principal.tenant_id)?, row.version)
}

pub async fn create(rules: &Rules, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = rules.kind;
    let checked = (rules.check_new)(&read_json(req).await?)?;
    require_references(ctx, &checked).await?;
    let owner = checked.owner.unwrap_or_default();
    require_contact(ctx, kind.contact_field, &owner).await?;
    let id = new_id(ctx.now)?;
    let audit_id = new_id(ctx.now)?;
    let at = ctx.now.to_rfc3339();
    let audit = audit(ctx, &audit_id, HistoryAction::Create, &at);
    let before = clear_other_primaries(
        ctx,
        checked.sets_primary,
        &owner,
        &id,
        &at,
        Some(kind.per_contact),
    )?;
    let row = ctx
        .store
        .insert_document(kind, &id, &owner, &to_json(&checked.doc)?, before, &audit)
        .await
        .map_err(|e| write_error(kind, None, e))?;
    // Nothing inserted, though the contact exists: it has as many as it may.
    let row = row.ok_or_else(|| {
        ApiError::Field(FieldError {
            field: kind.contact_field.into(),
            code: code::LENGTH,
            message: format!("a contact has at most {} {}", kind.per_contact, kind.table),
        })
    })?;
    respond(kind, ctx, 201, Some(row))
}

/// When the write makes an account the contact's primary one: the statements that clear the other
/// primary account, with its own audit row (for a create, only while the contact has room for it).
fn clear_other_primaries(
    ctx: &Ctx,
    sets_primary: bool,
    contact_id: &str,
    id: &str,
    at: &str,
    fewer_than: Option<usize>,
) -> Result<Vec<D1PreparedStatement>, ApiError> {
    if !sets_primary {
        return Ok(Vec::new());
    }
    let audit_id = new_id(ctx.now)?;
    let cleared = audit(ctx, &audit_id, HistoryAction::Update, at);
    Ok(ctx
        .store
        .clear_other_primaries(contact_id, id, &cleared, fewer_than)?)
}

pub async fn get(rules: &Rules, id: &str, ctx: &Ctx) -> Result<Response, ApiError> {
    respond(rules.kind, ctx, 200, ctx.store.document(rules.kind, id).await?)
}

pub async fn update(rules: &Rules, id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = rules.kind;
    let body = read_json(req).await?;
    let current = ctx.store.document(kind, id).await?.ok_or(ApiError::NotFound)?;
    // A bad body is a 400 whatever `If-Match` says: the precondition is checked after it.
    let checked = (rules.check_patch)(&body, &current)?;
    require_references(ctx, &checked).await?;
    if checked.owner.is_some_and(|o| o != current.contact_id) {
        return Err(ApiError::Field(FieldError {
            field: kind.contact_field.into(),
            code: code::IMMUTABLE,
            message: "the owning contact cannot change".into(),
        }));
    }
    let expected = expected_version(IfMatch::from_request(req).as_ref(), current.version)?;
    if checked.doc.as_object().is_none_or(|m| m.is_empty()) {
        return respond(kind, ctx, 200, Some(current));
    }
    let audit_id = new_id(ctx.now)?;
    let at = ctx.now.to_rfc3339();
    let audit = audit(ctx, &audit_id, HistoryAction::Update, &at);
    let before = clear_other_primaries(ctx, checked.sets_primary, &current.contact_id, id, &at, None)?;
    let row = ctx
        .store
        .patch_document(kind, id, &to_json(&checked.doc)?, before, &audit, expected)
        .await
        .map_err(|e| write_error(kind, expected, e))?;
    respond(kind, ctx, 200, row)
}

pub async fn delete(rules: &Rules, id: &str, req: &Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = rules.kind;
    let expected = match IfMatch::from_request(req) {
        Some(m) => {
            let current = ctx.store.document(kind, id).await?.ok_or(ApiError::NotFound)?;
            Some(m.check(current.version)?)
        }
        None => None,
    };
    let audit_id = new_id(ctx.now)?;
    let at = ctx.now.to_rfc3339();
    let audit = audit(ctx, &audit_id, HistoryAction::Delete, &at);
    match ctx.store.delete_document(kind, id, &audit, expected).await? {
        true => no_content(),
        // Gone, or (with If-Match) changed since: tell which.
        false => match (expected, ctx.store.document(kind, id).await?) {
            (Some(_), Some(_)) => Err(ApiError::PreconditionFailed),
            _ => Err(ApiError::NotFound),
        },
    }
}

/// The list: every filter the endpoint takes (its row in `endpoints.rs` says which; the others are
/// refused as unknown before they are read).
pub async fn list(rules: &Rules, mut query: Query, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = rules.kind;
    let paging = query.paging();
    let filter = DocFilter {
        contact_id: query.id("contact"),
        related_contact_id: query.id("related_contact"),
        relation_type: query.choice::<RelationType>("type"),
        tags: query.list("tags", FILTER_TAGS, TAG_CHARS),
        search: query.search(),
        created: query.created_range(),
    };
    query.check()?;
    let (count, rows) = ctx
        .store
        .list_documents(kind, &filter, paging.page_size, paging.offset())
        .await?;
    let tenant = &ctx.principal.tenant_id;
    let results = rows
        .iter()
        .map(|r| r.to_api(kind, tenant))
        .collect::<Result<Vec<_>, _>>()?;
    json_response(200, &Envelope::new(paging, count, results))
}
