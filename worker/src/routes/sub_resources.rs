//! A contact's addresses, banks and relations (CONTRACT §4-6): the same five operations over three
//! tables. What is each resource's own (its body's check, the contacts it names, a primary account, its
//! material fields) is in its [`Rules`] (`addresses.rs`, `banks.rs`, `relations.rs`); the order of checks,
//! and whether a write is a material change of its contact (`domain::material`), is decided here, once.

use crego_validation::limits::{FILTER_TAGS, TAG_CHARS};
use crego_validation::{code, FieldError, RelationType};
use serde::Serialize;
use serde_json::{Map, Value};
use worker::{D1PreparedStatement, Request, Response};

use super::contact_write::ATTEMPTS;
use super::merge::merged_conflict;
use super::Ctx;
use crate::auth::VERIFY_SCOPE;
use crate::domain::ids::new_id;
use crate::domain::list::Envelope;
use crate::domain::material::patch_is_material;
use crate::error::ApiError;
use crate::http::{
    expected_version, json_response, no_content, read_json, resource_response, to_json, with_approval,
    IfMatch,
};
use crate::pii::Pii;
use crate::query::Query;
use crate::store::audit::{Audit, HistoryAction, Written};
use crate::store::banks::BANKS;
use crate::store::contacts::Standing;
use crate::store::sub_resources::{DocFilter, DocRow, SubKind};
use crate::store::StoreError;

/// One kind of sub-resource: its table, the checks of its bodies, and what of it is material.
pub struct Rules {
    pub kind: &'static SubKind,
    /// The fields whose change is a material change of the owning contact (creating and deleting one is
    /// too); `None`: no write of this kind is.
    pub material: Option<&'static [&'static str]>,
    pub check_new: fn(&Value, &Author) -> Result<Checked, ApiError>,
    /// A patch, checked against the row it changes.
    pub check_patch: fn(&Value, &DocRow, &Author) -> Result<Checked, ApiError>,
}

/// Who writes, and when: what a check may stamp into a body (a bank account's verifier), and the
/// request's personal data side (a bank account's number is sealed as it is checked).
pub struct Author<'a> {
    pub user: &'a str,
    pub can_verify: bool,
    pub at: &'a str,
    pub pii: &'a Pii,
}

impl<'a> Author<'a> {
    fn of(ctx: &'a Ctx, at: &'a str) -> Author<'a> {
        Author {
            user: &ctx.principal.user_id,
            can_verify: ctx.principal.has_scope(VERIFY_SCOPE),
            at,
            pii: &ctx.pii,
        }
    }
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

/// A 400 `not_found` on `field` unless `contact_id` is a contact of the caller's tenant; a `409 merged`
/// when it was merged into another (a merged contact takes no new rows and no relation points at it), a
/// `409 contact_erased` when it was erased (CONTRACT §9, "Merge", "Erasure and retention").
async fn require_contact(ctx: &Ctx, field: &str, contact_id: &str) -> Result<(), ApiError> {
    match ctx.store.contact_standing(contact_id).await? {
        Some(Standing {
            merged_into: Some(survivor),
            ..
        }) => Err(merged_conflict(contact_id, &survivor, field)),
        Some(standing) if standing.erased() => Err(ApiError::field_conflict(
            "contact_erased",
            field,
            code::NOT_FOUND,
            "this contact's personal data was erased: nothing can be added to it",
        )),
        Some(_) => Ok(()),
        None => Err(ApiError::Field(FieldError {
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

/// A failed write as the client sees it; `if_match`: the client named the version the write was based on.
fn write_error(kind: &SubKind, if_match: bool, e: StoreError) -> ApiError {
    match e {
        StoreError::Stale if if_match => ApiError::PreconditionFailed,
        e if kind.race.is_some_and(|index| e.is_unique(index)) => StoreError::Stale.into(),
        e => e.on_unique(kind.unique),
    }
}

fn audit<'a>(ctx: &'a Ctx, id: &'a str, action: HistoryAction, at: &'a str, material: bool) -> Audit<'a> {
    Audit {
        id,
        action,
        actor: &ctx.principal.user_id,
        at,
        remarks: None,
        material,
    }
}

/// A stored row as the API shows it to this caller: a bank account's number masked or, with
/// `pii:read`, in clear (`pii::view`).
pub fn show(ctx: &Ctx, kind: &SubKind, mut value: Value) -> Result<Value, ApiError> {
    if kind.table == BANKS.table {
        ctx.pii.show_account(&mut value)?;
    }
    Ok(value)
}

fn respond(kind: &SubKind, ctx: &Ctx, status: u16, row: Option<DocRow>) -> Result<Response, ApiError> {
    let row = row.ok_or(ApiError::NotFound)?;
    let value = show(ctx, kind, row.to_api(kind, &ctx.principal.tenant_id)?)?;
    resource_response(status, &value, row.version)
}

/// A write's answer: the row as written, and what the write did to its contact's approval.
fn respond_written(
    kind: &SubKind,
    ctx: &Ctx,
    status: u16,
    written: Written<Option<DocRow>>,
) -> Result<Response, ApiError> {
    with_approval(respond(kind, ctx, status, written.value)?, written.approval)
}

/// Whether a merge patch of `current` is a material change of its contact under `rules`.
fn patch_is_material_to(rules: &Rules, current: &DocRow, patch: &Value) -> bool {
    let (Some(fields), Some(patch)) = (rules.material, patch.as_object()) else {
        return false;
    };
    let doc: Map<String, Value> = serde_json::from_str(&current.doc).unwrap_or_default();
    patch_is_material(fields, &doc, patch)
}

pub async fn create(rules: &Rules, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = rules.kind;
    let at = ctx.now.to_rfc3339();
    let checked = (rules.check_new)(&read_json(req).await?, &Author::of(ctx, &at))?;
    require_references(ctx, &checked).await?;
    let owner = checked.owner.unwrap_or_default();
    require_contact(ctx, kind.contact_field, &owner).await?;
    let id = new_id(ctx.now)?;
    let audit_id = new_id(ctx.now)?;
    let material = rules.material.is_some();
    let audit = audit(ctx, &audit_id, HistoryAction::Create, &at, material);
    let before = clear_other_primaries(
        ctx,
        checked.sets_primary,
        &owner,
        &id,
        &at,
        Some(kind.per_contact),
    )?;
    let written = ctx
        .store
        .insert_document(kind, &id, &owner, &to_json(&checked.doc)?, before, &audit)
        .await
        .map_err(|e| write_error(kind, false, e))?;
    // Nothing inserted, though the contact exists: a merge folded it in meanwhile, or it has as many as
    // it may.
    if written.value.is_none() {
        require_contact(ctx, kind.contact_field, &owner).await?;
        return Err(ApiError::Field(FieldError {
            field: kind.contact_field.into(),
            code: code::LENGTH,
            message: format!("a contact has at most {} {}", kind.per_contact, kind.table),
        }));
    }
    respond_written(kind, ctx, 201, written)
}

/// When the write makes an account the contact's primary one: the statements that clear the other
/// primary account, with its own audit row (for a create, only while the contact has room for it).
/// Clearing it is a material change of that account too, as setting one is of this.
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
    let cleared = audit(ctx, &audit_id, HistoryAction::Update, at, true);
    Ok(ctx
        .store
        .clear_other_primaries(contact_id, id, &cleared, fewer_than)?)
}

pub async fn get(rules: &Rules, id: &str, ctx: &Ctx) -> Result<Response, ApiError> {
    respond(rules.kind, ctx, 200, ctx.store.document(rules.kind, id).await?)
}

/// A patch: checked against the row as read, written guarded by the version read, so a check that
/// depends on the row (a verification, a material field) holds for what it writes. A write that loses a
/// race re-reads and checks again (as a contact's does, `contact_write.rs`), unless `If-Match` named the
/// version that is gone.
pub async fn update(rules: &Rules, id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = rules.kind;
    let body = read_json(req).await?;
    let if_match = IfMatch::from_request(req);
    let at = ctx.now.to_rfc3339();
    let audit_id = new_id(ctx.now)?;
    for _ in 0..ATTEMPTS {
        let current = ctx.store.document(kind, id).await?.ok_or(ApiError::NotFound)?;
        // A bad body is a 400 whatever `If-Match` says: the precondition is checked after it.
        let checked = (rules.check_patch)(&body, &current, &Author::of(ctx, &at))?;
        require_references(ctx, &checked).await?;
        if checked.owner.is_some_and(|o| o != current.contact_id) {
            return Err(ApiError::Field(FieldError {
                field: kind.contact_field.into(),
                code: code::IMMUTABLE,
                message: "the owning contact cannot change".into(),
            }));
        }
        expected_version(if_match.as_ref(), current.version)?;
        if checked.doc.as_object().is_none_or(|m| m.is_empty()) {
            return respond(kind, ctx, 200, Some(current));
        }
        let material = patch_is_material_to(rules, &current, &checked.doc);
        let audit = audit(ctx, &audit_id, HistoryAction::Update, &at, material);
        let before = clear_other_primaries(ctx, checked.sets_primary, &current.contact_id, id, &at, None)?;
        let patch = to_json(&checked.doc)?;
        match ctx
            .store
            .patch_document(kind, id, &patch, before, &audit, current.version)
            .await
        {
            Ok(written) => return respond_written(kind, ctx, 200, written),
            Err(StoreError::Stale) if if_match.is_none() => continue,
            Err(e) => return Err(write_error(kind, if_match.is_some(), e)),
        }
    }
    Err(StoreError::Stale.into())
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
    let audit = audit(
        ctx,
        &audit_id,
        HistoryAction::Delete,
        &at,
        rules.material.is_some(),
    );
    let written = ctx
        .store
        .delete_document(kind, id, &audit, expected)
        .await
        .map_err(|e| write_error(kind, expected.is_some(), e))?;
    match written.value {
        true => with_approval(no_content()?, written.approval),
        false => Err(ApiError::NotFound),
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
        .map(|r| show(ctx, kind, r.to_api(kind, tenant)?))
        .collect::<Result<Vec<_>, _>>()?;
    json_response(200, &Envelope::new(paging, count, results))
}
