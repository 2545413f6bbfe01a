//! Namespaces (CONTRACT §2): create, list, retrieve, partial update, delete, and account ref ids.

use crego_validation::{code, NamespacePatch, NewNamespace, RefPattern, Report};
use serde::Serialize;
use worker::{Request, Response};

use super::Ctx;
use crate::counter::{Kind, SetNext};
use crate::domain::ids::new_id;
use crate::domain::list::Envelope;
use crate::error::ApiError;
use crate::http::{
    expected_version, json_response, no_content, read_json, read_optional_json, resource_response, IfMatch,
};
use crate::query::Query;
use crate::store::namespaces::{Deleted, ListFilter, Namespace, NamespaceChange, NAME, UNIQUE};
use crate::store::{OnUnique, StoreError};

pub async fn create_namespace(req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let input = NewNamespace::check(&read_json(req).await?)?;
    let at = ctx.now.to_rfc3339();
    let namespace = Namespace {
        id: new_id(ctx.now)?,
        tenant_id: ctx.principal.tenant_id.clone(),
        name: input.name,
        contact_pattern: input.contact_pattern,
        account_pattern: input.account_pattern,
        contact_counter: input.contact_counter as i64,
        account_counter: input.account_counter as i64,
        version: 1,
        created_at: at.clone(),
        created_by: ctx.principal.user_id.clone(),
        updated_at: at,
        updated_by: None,
    };
    ctx.store.insert_namespace(&namespace).await.on_unique(UNIQUE)?;
    resource_response(201, &namespace, namespace.version)
}

pub async fn list_namespaces(mut query: Query, ctx: &Ctx) -> Result<Response, ApiError> {
    let paging = query.paging();
    let search = query.search();
    let created = query.created_range();
    query.check()?;
    let filter = ListFilter { search, created };
    let (count, rows) = ctx
        .store
        .list_namespaces(&filter, paging.page_size, paging.offset())
        .await?;
    json_response(200, &Envelope::new(paging, count, rows))
}

pub async fn get_namespace(id: &str, ctx: &Ctx) -> Result<Response, ApiError> {
    let namespace = ctx.store.namespace(id).await?.ok_or(ApiError::NotFound)?;
    resource_response(200, &namespace, namespace.version)
}

pub async fn update_namespace(id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let patch = NamespacePatch::check(&read_json(req).await?)?;
    let current = ctx.store.namespace(id).await?.ok_or(ApiError::NotFound)?;
    let expected = expected_version(IfMatch::from_request(req).as_ref(), current.version)?;
    if patch.is_empty() {
        return resource_response(200, &current, current.version);
    }
    let counter_changes = counter_changes(&patch, &current);
    let mut moves = Vec::new();
    if !counter_changes.is_empty() {
        // The counter object moves first (it alone knows what was issued). Refuse a taken name before
        // that, so a PATCH that will fail on its name does not move the counters.
        if let Some(name) = patch.name.as_deref() {
            if ctx.store.namespace_name_taken(name, id).await? {
                return Err(NAME.conflict());
            }
        }
        moves = ctx
            .counters
            .set(&ctx.principal.tenant_id, id, counter_changes)
            .await?;
    }
    let at = ctx.now.to_rfc3339();
    let change = NamespaceChange {
        name: patch.name.as_deref(),
        contact_pattern: patch.contact_pattern.as_ref().map(Option::as_deref),
        account_pattern: patch.account_pattern.as_ref().map(Option::as_deref),
        contact_counter: patch.contact_counter.map(|n| n as i64),
        account_counter: patch.account_counter.map(|n| n as i64),
        updated_at: &at,
        updated_by: &ctx.principal.user_id,
    };
    let written = ctx.store.update_namespace(id, &change, expected).await;
    let updated = match written {
        Ok(Some(updated)) => updated,
        failed => {
            // The row does not show the move: put the counters back (unless a draw moved them since).
            if !moves.is_empty() {
                ctx.counters.undo(&ctx.principal.tenant_id, id, moves).await;
            }
            return Err(match failed {
                Ok(_) => ApiError::NotFound,
                Err(StoreError::Stale) => ApiError::PreconditionFailed,
                Err(e) => e.on_unique(UNIQUE),
            });
        }
    };
    resource_response(200, &updated, updated.version)
}

/// The counters a patch moves, each with the row's value to seed the object on its first use.
fn counter_changes(patch: &NamespacePatch, current: &Namespace) -> Vec<SetNext> {
    [
        (Kind::Contact, patch.contact_counter, current.contact_counter),
        (Kind::Account, patch.account_counter, current.account_counter),
    ]
    .into_iter()
    .filter_map(|(kind, next, seed)| {
        let next = next? as i64;
        (next != seed).then_some(SetNext { kind, next, seed })
    })
    .collect()
}

pub async fn delete_namespace(id: &str, req: &Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let expected = match IfMatch::from_request(req) {
        Some(m) => {
            let current = ctx.store.namespace(id).await?.ok_or(ApiError::NotFound)?;
            Some(m.check(current.version)?)
        }
        None => None,
    };
    match ctx.store.delete_namespace(id, expected).await? {
        Deleted::Yes => no_content(),
        Deleted::InUse => Err(ApiError::conflict(
            "namespace_in_use",
            "contacts use this namespace; it cannot be deleted",
        )),
        Deleted::Missing => Err(ApiError::NotFound),
        Deleted::Stale => Err(ApiError::PreconditionFailed),
    }
}

/// An account reference issued from a namespace's `account_pattern`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AccountRef {
    pub ref_id: String,
    /// The number it was issued with.
    pub counter: i64,
}

/// Issues the next account reference from the namespace's `account_pattern`.
pub async fn issue_account_ref(id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    if let Some(body) = read_optional_json(req).await? {
        if body.as_object().is_none_or(|m| !m.is_empty()) {
            let mut report = Report::new();
            report.add("body", code::TYPE, "this route takes no body (or `{}`)");
            return Err(ApiError::Validation(report));
        }
    }
    let namespace = ctx.store.namespace(id).await?.ok_or(ApiError::NotFound)?;
    let source = namespace.account_pattern.as_deref().ok_or_else(|| {
        ApiError::conflict(
            "no_account_pattern",
            "the namespace has no account_pattern to issue from",
        )
    })?;
    let (ref_id, number) = issue_ref(ctx, &namespace, Kind::Account, source).await?;
    ctx.store.raise_account_counter(id, number).await?;
    json_response(
        201,
        &AccountRef {
            ref_id,
            counter: number,
        },
    )
}

/// A ref id issued from `pattern`, the namespace's stored pattern of `kind`, with the next number of
/// that kind's counter; and the number.
pub async fn issue_ref(
    ctx: &Ctx,
    namespace: &Namespace,
    kind: Kind,
    pattern: &str,
) -> Result<(String, i64), ApiError> {
    let pattern = RefPattern::parse(pattern)
        .map_err(|e| ApiError::Internal(format!("a stored {kind:?} pattern does not parse: {e}")))?;
    let seed = match kind {
        Kind::Contact => namespace.contact_counter,
        Kind::Account => namespace.account_counter,
    };
    let tenant = &ctx.principal.tenant_id;
    let number = ctx.counters.draw(tenant, &namespace.id, kind, seed).await?;
    Ok((pattern.render(number as u64, ctx.now.issue_date()), number))
}
