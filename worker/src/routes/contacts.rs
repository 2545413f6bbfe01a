//! Contacts (CONTRACT §3): create, list, retrieve, partial update, and the history of a contact.

use crego_validation::{code, ContactPatch, FieldError, NewContact, Prop, RefPattern, Report};
use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use worker::{Request, Response};

use super::Ctx;
use crate::counter::Kind;
use crate::domain::approval::{self, Action, Actor, State};
use crate::domain::dedupe::{identifiers, name_blocks, name_key};
use crate::domain::ids::new_id;
use crate::domain::list::Envelope;
use crate::error::ApiError;
use crate::http::{json_response, read_json, resource_response, to_json, IfMatch, Query};
use crate::routes::contact_actions::{refusal, STALE_RETRIES};
use crate::routes::documents::Docs;
use crate::store::contacts::{Audit, Contact, ContactChange, NewContactRow, SideRows};
use crate::store::namespaces::Namespace;
use crate::store::StoreError;

/// The query parameters of `GET /contacts/`.
pub const LIST_PARAMS: &[&str] = &[
    "page",
    "page_size",
    "search",
    "namespace",
    "status",
    "type",
    "approval_status",
    "tags",
    "created_at_after",
    "created_at_before",
    "expand",
];
pub const HISTORY_PARAMS: &[&str] = &["page", "page_size"];
pub const GET_PARAMS: &[&str] = &["expand"];
/// A pattern-issued ref id can collide with one a client chose earlier: draw again this many times.
const REF_ID_DRAWS: usize = 3;

/// The props, identifier and name-block rows of a contact, as JSON arrays for the store.
fn side_rows(props: Option<&[Prop]>, name: Option<&str>) -> Result<SideRows, ApiError> {
    let (props_json, identifiers_json) = match props {
        Some(props) => {
            let ids = identifiers(props.iter().map(|p| (p.key.as_str(), p.value.as_str())));
            (Some(to_json(&props)?), Some(to_json(&ids)?))
        }
        None => (None, None),
    };
    Ok(SideRows {
        props_json,
        identifiers_json,
        blocks_json: name.map(|n| to_json(&name_blocks(n))).transpose()?,
    })
}

fn ref_id_taken(e: &StoreError) -> bool {
    e.is_unique_on("ref_id")
}

fn ref_id_conflict() -> ApiError {
    ApiError::field_conflict(
        "conflict",
        "ref_id",
        code::UNIQUE,
        "another contact of this namespace has this ref_id",
    )
}

/// A pattern-issued ref id, with the number drawn for it.
async fn issue_ref_id(ctx: &Ctx, namespace: &Namespace, pattern: &str) -> Result<(String, i64), ApiError> {
    let pattern = RefPattern::parse(pattern)
        .map_err(|e| ApiError::Internal(format!("stored contact_pattern does not parse: {e}")))?;
    let n = ctx
        .counters
        .draw(
            &ctx.principal.tenant_id,
            &namespace.id,
            Kind::Contact,
            namespace.contact_counter,
        )
        .await?;
    Ok((pattern.render(n as u64, ctx.now.issue_date()), n))
}

pub async fn create_contact(req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let input = NewContact::check(&read_json(req).await?)?;
    let namespace = ctx
        .store
        .namespace_by_key(&input.namespace)
        .await?
        .ok_or_else(|| {
            ApiError::Field(FieldError {
                field: "namespace".into(),
                code: code::NOT_FOUND,
                message: "no namespace of this tenant has this name or id".into(),
            })
        })?;
    let tenant = &ctx.principal.tenant_id;
    let at = ctx.now.to_rfc3339();
    let id = new_id(ctx.now)?;
    let audit_id = new_id(ctx.now)?;
    let side = side_rows(Some(&input.props), Some(&input.name))?;
    let key = name_key(&input.name);
    let mut draws = 0;
    loop {
        let (ref_id, drawn) = match (&input.ref_id, &namespace.contact_pattern) {
            (Some(r), _) => (Some(r.clone()), None),
            (None, Some(pattern)) => {
                let (r, n) = issue_ref_id(ctx, &namespace, pattern).await?;
                (Some(r), Some(n))
            }
            (None, None) => (None, None),
        };
        let row = NewContactRow {
            id: &id,
            namespace_id: &namespace.id,
            name: &input.name,
            name_key: &key,
            kind: input.kind.as_str(),
            status: input.status.as_str(),
            ref_id: ref_id.as_deref(),
            tags_json: to_json(&input.tags)?,
            refs_json: to_json(&input.refs)?,
            rm_id: input.rm_id.as_deref(),
            branch_id: input.branch_id.as_deref(),
            at: &at,
            actor: &ctx.principal.user_id,
        };
        let audit = Audit {
            id: &audit_id,
            action: "create",
            actor: &ctx.principal.user_id,
            at: &at,
            remarks: None,
        };
        match ctx.store.insert_contact(&row, &side, drawn, &audit).await {
            Ok(contact) => return resource_response(201, &contact, contact.version),
            Err(e) if ref_id_taken(&e) && drawn.is_some() && draws + 1 < REF_ID_DRAWS => draws += 1,
            Err(e) if ref_id_taken(&e) => return Err(ref_id_conflict()),
            Err(StoreError::ForeignKey) => {
                worker::console_warn!(
                    "tenant {tenant}: namespace {} vanished during a create",
                    namespace.id
                );
                return Err(ApiError::NotFound);
            }
            Err(e) => return Err(e.into()),
        }
    }
}

pub async fn get_contact(id: &str, query: Option<&str>, ctx: &Ctx) -> Result<Response, ApiError> {
    let mut report = Report::new();
    let query = Query::parse(query, GET_PARAMS, &mut report);
    let expand = expansions(&query, &mut report);
    if !report.is_empty() {
        return Err(ApiError::InvalidQuery(report));
    }
    let contact = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
    let version = contact.version;
    let mut expanded = expand_contacts(ctx, vec![contact], &expand).await?;
    match expanded.pop() {
        Some(one) => resource_response(200, &one, version),
        None => Err(ApiError::NotFound),
    }
}

/// A contact with the sub-resources `expand` asked for.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Expanded {
    #[serde(flatten)]
    contact: Contact,
    /// With `expand=addresses`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::schema::Address>>, nullable = false)]
    addresses: Option<Vec<Value>>,
    /// With `expand=banks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::schema::Bank>>, nullable = false)]
    banks: Option<Vec<Value>>,
    /// With `expand=relations`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::schema::Relation>>, nullable = false)]
    relations: Option<Vec<Value>>,
}

/// `expand`: a comma list of `addresses`, `banks`, `relations`.
fn expansions(query: &Query, report: &mut Report) -> Vec<Docs> {
    let mut out = Vec::new();
    for name in query.list("expand", 50, report) {
        match Docs::from_path(&name) {
            Some(d) if !out.contains(&d) => out.push(d),
            Some(_) => {}
            None => report.add("expand", code::ENUM, "may name only addresses, banks, relations"),
        }
    }
    out
}

/// Embeds the asked-for sub-resources: one query per kind for all the contacts, never one per contact.
async fn expand_contacts(
    ctx: &Ctx,
    contacts: Vec<Contact>,
    expand: &[Docs],
) -> Result<Vec<Expanded>, ApiError> {
    let mut groups: Vec<(Docs, HashMap<String, Vec<Value>>)> = Vec::new();
    if !contacts.is_empty() {
        let ids: Vec<&str> = contacts.iter().map(|c| c.id.as_str()).collect();
        let ids_json = to_json(&ids)?;
        for docs in expand {
            let kind = docs.kind();
            let mut by_contact: HashMap<String, Vec<Value>> = HashMap::new();
            for row in ctx.store.documents_of(kind, &ids_json).await? {
                let value = row.to_api(kind, &ctx.principal.tenant_id)?;
                by_contact.entry(row.contact_id).or_default().push(value);
            }
            groups.push((*docs, by_contact));
        }
    }
    let take = |groups: &mut Vec<(Docs, HashMap<String, Vec<Value>>)>, docs: Docs, id: &str| {
        groups
            .iter_mut()
            .find(|(d, _)| *d == docs)
            .map(|(_, m)| m.remove(id).unwrap_or_default())
    };
    Ok(contacts
        .into_iter()
        .map(|contact| Expanded {
            addresses: take(&mut groups, Docs::Addresses, &contact.id),
            banks: take(&mut groups, Docs::Banks, &contact.id),
            relations: take(&mut groups, Docs::Relations, &contact.id),
            contact,
        })
        .collect())
}

/// Whether `sent` names the contact's namespace (by name, case-insensitively, or by id).
fn same_namespace(sent: &str, contact: &Contact) -> bool {
    sent.eq_ignore_ascii_case(&contact.namespace) || sent == contact.namespace_id
}

pub async fn update_contact(id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let patch = ContactPatch::check(&read_json(req).await?)?;
    let if_match = IfMatch::from_request(req);
    let at = ctx.now.to_rfc3339();
    let audit_id = new_id(ctx.now)?;
    let side = side_rows(patch.props.as_deref(), patch.name.as_deref())?;
    let key = patch.name.as_deref().map(name_key);
    // `namespace` may be sent back as read; it changes nothing.
    let nothing_to_change = ContactPatch {
        namespace: None,
        ..patch.clone()
    }
    .is_empty();
    for attempt in 0..STALE_RETRIES {
        let current = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
        // A bad body is a 400 whatever `If-Match` says: the precondition is checked after it.
        if let Some(sent) = &patch.namespace {
            if !same_namespace(sent, &current) {
                return Err(ApiError::Field(FieldError {
                    field: "namespace".into(),
                    code: code::IMMUTABLE,
                    message: "a contact's namespace cannot change after create".into(),
                }));
            }
        }
        if let Some(m) = &if_match {
            m.check(current.version)?;
        }
        if nothing_to_change {
            return resource_response(200, &current, current.version);
        }
        // A status sent in a PATCH obeys the same rules as the active/inactive actions.
        if let Some(status) = patch.status {
            let action = if status.as_str() == "active" {
                Action::Activate
            } else {
                Action::Deactivate
            };
            let state = State {
                status: &current.status,
                approval_status: &current.approval_status,
            };
            let actor = Actor {
                is_creator: false,
                can_approve: false,
            };
            approval::decide(action, state, actor).map_err(refusal)?;
        }
        let change = ContactChange {
            name: patch.name.as_deref(),
            name_key: key.as_deref(),
            status: patch.status.map(|s| s.as_str()),
            kind: patch.kind.map(|k| k.as_str()),
            tags_json: patch.tags.as_ref().map(to_json).transpose()?,
            refs_json: patch.refs.as_ref().map(to_json).transpose()?,
            rm_id: patch.rm_id.as_ref().map(Option::as_deref),
            branch_id: patch.branch_id.as_ref().map(Option::as_deref),
            ref_id: patch.ref_id.as_ref().map(Option::as_deref),
            ..ContactChange::default()
        };
        let audit = Audit {
            id: &audit_id,
            action: "update",
            actor: &ctx.principal.user_id,
            at: &at,
            remarks: None,
        };
        match ctx
            .store
            .update_contact(id, current.version, &change, &side, &audit, &at)
            .await
        {
            Ok(contact) => return resource_response(200, &contact, contact.version),
            Err(StoreError::Stale) if attempt + 1 < STALE_RETRIES => continue,
            Err(e) if ref_id_taken(&e) => return Err(ref_id_conflict()),
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Stale.into())
}

pub async fn list_contacts(query: Option<&str>, ctx: &Ctx) -> Result<Response, ApiError> {
    let mut report = Report::new();
    let query = Query::parse(query, LIST_PARAMS, &mut report);
    let paging = query.paging(&mut report);
    let search = query.search_text(&mut report).map(str::to_string);
    let (created_after, created_before) = query.created_range(&mut report);
    let filter = crate::store::contact_queries::ContactFilter {
        search,
        namespace: query.text("namespace", 50, &mut report),
        status: query.one_of("status", &["active", "inactive"], &mut report),
        kind: query.one_of("type", &["individual", "corporate"], &mut report),
        approval_status: query.one_of(
            "approval_status",
            &["pending", "approved", "rejected"],
            &mut report,
        ),
        tags: query.list("tags", 50, &mut report),
        created_after,
        created_before,
    };
    let expand = expansions(&query, &mut report);
    if !report.is_empty() {
        return Err(ApiError::InvalidQuery(report));
    }
    let (count, contacts) = ctx
        .store
        .list_contacts(&filter, paging.page_size, paging.offset())
        .await?;
    let contacts = expand_contacts(ctx, contacts, &expand).await?;
    json_response(200, &Envelope::new(paging, count, contacts))
}

pub async fn contact_history(id: &str, query: Option<&str>, ctx: &Ctx) -> Result<Response, ApiError> {
    let mut report = Report::new();
    let query = Query::parse(query, HISTORY_PARAMS, &mut report);
    let paging = query.paging(&mut report);
    if !report.is_empty() {
        return Err(ApiError::InvalidQuery(report));
    }
    // An unknown or foreign contact is a 404, not an empty history.
    ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
    let (count, entries) = ctx
        .store
        .contact_history(id, paging.page_size, paging.offset())
        .await?;
    json_response(200, &Envelope::new(paging, count, entries))
}
