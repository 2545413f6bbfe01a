//! A contact's addresses, banks and relations (CONTRACT §4-6): the same five operations on three tables,
//! each resource adding its own checks (the owner exists, the related contact exists, one primary account).

use crego_validation::{
    code, AddressPatch, BankPatch, FieldError, NewAddress, NewBank, NewRelation, RelationPatch, Report,
};
use serde::Serialize;
use serde_json::Value;
use worker::{Request, Response};

use super::Ctx;
use crate::domain::ids::{is_valid_id, new_id};
use crate::domain::list::Envelope;
use crate::error::ApiError;
use crate::http::{
    expected_version, json_response, no_content, read_json, resource_response, to_json, IfMatch, Query,
};
use crate::store::documents::{DocAudit, DocFilter, DocKind, DocRow, ADDRESSES, BANKS, RELATIONS};
use crate::store::StoreError;

const RELATION_TYPES: &[&str] = &[
    "father",
    "mother",
    "spouse",
    "child",
    "sibling",
    "friend",
    "co_applicant",
    "guarantor",
    "witness",
    "nominee",
];

/// Which documents table a route is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Docs {
    Addresses,
    Banks,
    Relations,
}

impl Docs {
    pub fn from_path(segment: &str) -> Option<Docs> {
        match segment {
            "addresses" => Some(Docs::Addresses),
            "banks" => Some(Docs::Banks),
            "relations" => Some(Docs::Relations),
            _ => None,
        }
    }

    /// The path segment (`addresses`, ...), also the resource's tag in the OpenAPI document.
    pub fn path(self) -> &'static str {
        match self {
            Docs::Addresses => "addresses",
            Docs::Banks => "banks",
            Docs::Relations => "relations",
        }
    }

    pub fn kind(self) -> &'static DocKind {
        match self {
            Docs::Addresses => &ADDRESSES,
            Docs::Banks => &BANKS,
            Docs::Relations => &RELATIONS,
        }
    }
}

fn not_found_field(field: &str, what: &str) -> ApiError {
    ApiError::Field(FieldError {
        field: field.into(),
        code: code::NOT_FOUND,
        message: format!("no {what} of this tenant has this id"),
    })
}

/// A 400 `not_found` on `field` unless `contact_id` is a contact of the caller's tenant.
async fn require_contact(ctx: &Ctx, field: &str, contact_id: &str) -> Result<(), ApiError> {
    match ctx.store.contact_exists(contact_id).await? {
        true => Ok(()),
        false => Err(not_found_field(field, "contact")),
    }
}

/// The JSON document of a checked input: its fields without the owner (kept in its own column).
fn document<T: Serialize>(kind: &DocKind, input: &T) -> Result<Value, ApiError> {
    let mut value = serde_json::to_value(input).map_err(|e| ApiError::Internal(e.to_string()))?;
    if let Some(map) = value.as_object_mut() {
        map.remove(kind.contact_field);
    }
    Ok(value)
}

/// Maps the unique constraints of the documents tables to their 409s.
fn conflict(kind: &DocKind, e: StoreError) -> ApiError {
    match &e {
        StoreError::Unique(_) if kind == &BANKS && e.is_unique_on("account_number") => {
            ApiError::field_conflict(
                "conflict",
                "account_number",
                code::UNIQUE,
                "this contact already has an account with this IFSC and number",
            )
        }
        // The one-primary index: a concurrent write made another account primary first.
        StoreError::Unique(_) if kind == &BANKS => StoreError::Stale.into(),
        StoreError::Unique(_) if kind == &RELATIONS => ApiError::field_conflict(
            "conflict",
            "related_contact",
            code::UNIQUE,
            "this contact already has a relation of this type to that contact",
        ),
        _ => e.into(),
    }
}

fn audit<'a>(ctx: &'a Ctx, id: &'a str, action: &'static str, at: &'a str) -> DocAudit<'a> {
    DocAudit {
        id,
        action,
        actor: &ctx.principal.user_id,
        at,
    }
}

fn respond(kind: &DocKind, ctx: &Ctx, status: u16, row: Option<DocRow>) -> Result<Response, ApiError> {
    let row = row.ok_or(ApiError::NotFound)?;
    resource_response(status, &row.to_api(kind, &ctx.principal.tenant_id)?, row.version)
}

pub async fn create_document(docs: Docs, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let body = read_json(req).await?;
    let kind = docs.kind();
    let (contact_id, doc, primary) = match docs {
        Docs::Addresses => {
            let input = NewAddress::check(&body)?;
            (input.contact_id.clone(), document(kind, &input)?, false)
        }
        Docs::Banks => {
            let input = NewBank::check(&body)?;
            (
                input.contact_id.clone(),
                document(kind, &input)?,
                input.is_primary,
            )
        }
        Docs::Relations => {
            let input = NewRelation::check(&body)?;
            if let Some(related) = &input.related_contact {
                require_contact(ctx, "related_contact", related).await?;
            }
            (input.contact.clone(), document(kind, &input)?, false)
        }
    };
    require_contact(ctx, kind.contact_field, &contact_id).await?;
    let id = new_id(ctx.now)?;
    let audit_id = new_id(ctx.now)?;
    let at = ctx.now.to_rfc3339();
    let audit = audit(ctx, &audit_id, "create", &at);
    let before = match primary {
        true => vec![ctx.store.clear_other_primaries(&contact_id, &id, &audit)?],
        false => Vec::new(),
    };
    let row = ctx
        .store
        .insert_document(kind, &id, &contact_id, &to_json(&doc)?, before, &audit)
        .await
        .map_err(|e| conflict(kind, e))?;
    respond(kind, ctx, 201, row)
}

pub async fn get_document(docs: Docs, id: &str, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = docs.kind();
    respond(kind, ctx, 200, ctx.store.document(kind, id).await?)
}

pub async fn update_document(
    docs: Docs,
    id: &str,
    req: &mut Request,
    ctx: &Ctx,
) -> Result<Response, ApiError> {
    let body = read_json(req).await?;
    let kind = docs.kind();
    let current = ctx.store.document(kind, id).await?.ok_or(ApiError::NotFound)?;
    // A bad body is a 400 whatever `If-Match` says: the precondition is checked after it.
    let (owner, patch, primary) = match docs {
        Docs::Addresses => {
            let p = AddressPatch::check(&body)?;
            (p.contact_id.clone(), document(kind, &p)?, false)
        }
        Docs::Banks => {
            let p = BankPatch::check(&body)?;
            (
                p.contact_id.clone(),
                document(kind, &p)?,
                p.is_primary == Some(true),
            )
        }
        Docs::Relations => {
            let p = RelationPatch::check(&body)?;
            if let Some(Some(related)) = &p.related_contact {
                if *related == current.contact_id {
                    let mut report = Report::new();
                    crego_validation::relation::refuse_self_relation(
                        Some(&current.contact_id),
                        Some(related),
                        &mut report,
                    );
                    return Err(ApiError::Validation(report));
                }
                require_contact(ctx, "related_contact", related).await?;
            }
            (p.contact.clone(), document(kind, &p)?, false)
        }
    };
    if owner.is_some_and(|o| o != current.contact_id) {
        return Err(ApiError::Field(FieldError {
            field: kind.contact_field.into(),
            code: code::IMMUTABLE,
            message: "the owning contact cannot change".into(),
        }));
    }
    let expected = expected_version(IfMatch::from_request(req).as_ref(), current.version)?;
    if patch.as_object().is_none_or(|m| m.is_empty()) {
        return respond(kind, ctx, 200, Some(current));
    }
    let audit_id = new_id(ctx.now)?;
    let at = ctx.now.to_rfc3339();
    let audit = audit(ctx, &audit_id, "update", &at);
    let before = match primary {
        true => vec![ctx.store.clear_other_primaries(&current.contact_id, id, &audit)?],
        false => Vec::new(),
    };
    let row = ctx
        .store
        .patch_document(kind, id, &to_json(&patch)?, before, &audit, expected)
        .await
        .map_err(|e| match e {
            StoreError::Stale if expected.is_some() => ApiError::PreconditionFailed,
            e => conflict(kind, e),
        })?;
    respond(kind, ctx, 200, row)
}

pub async fn delete_document(docs: Docs, id: &str, req: &Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = docs.kind();
    let expected = match IfMatch::from_request(req) {
        Some(m) => {
            let current = ctx.store.document(kind, id).await?.ok_or(ApiError::NotFound)?;
            Some(m.check(current.version)?)
        }
        None => None,
    };
    let audit_id = new_id(ctx.now)?;
    let at = ctx.now.to_rfc3339();
    let audit = audit(ctx, &audit_id, "delete", &at);
    match ctx.store.delete_document(kind, id, &audit, expected).await? {
        true => no_content(),
        // Gone, or (with If-Match) changed since: tell which.
        false => match (expected, ctx.store.document(kind, id).await?) {
            (Some(_), Some(_)) => Err(ApiError::PreconditionFailed),
            _ => Err(ApiError::NotFound),
        },
    }
}

/// The query parameters of a sub-resource list.
pub fn list_params(docs: Docs) -> &'static [&'static str] {
    match docs {
        Docs::Relations => &["page", "page_size", "contact", "related_contact", "type"],
        _ => &[
            "page",
            "page_size",
            "contact",
            "search",
            "tags",
            "created_at_after",
            "created_at_before",
        ],
    }
}

pub async fn list_documents(docs: Docs, query: Option<&str>, ctx: &Ctx) -> Result<Response, ApiError> {
    let kind = docs.kind();
    let params = list_params(docs);
    let mut report = Report::new();
    let query = Query::parse(query, params, &mut report);
    let paging = query.paging(&mut report);
    let id_param = |key: &str, report: &mut Report| {
        let v = query.get(key)?;
        if !is_valid_id(v) {
            report.add(key, code::PATTERN, "must be an id");
        }
        Some(v.to_string())
    };
    let mut filter = DocFilter {
        contact_id: id_param("contact", &mut report),
        related_contact_id: id_param("related_contact", &mut report),
        relation_type: query.one_of("type", RELATION_TYPES, &mut report),
        tags: query.list("tags", 50, &mut report),
        ..DocFilter::default()
    };
    if docs != Docs::Relations {
        filter.search = query.search_text(&mut report).map(str::to_string);
        (filter.created_after, filter.created_before) = query.created_range(&mut report);
    }
    if !report.is_empty() {
        return Err(ApiError::InvalidQuery(report));
    }
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
