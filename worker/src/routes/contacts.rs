//! Contacts (CONTRACT §3): create, list, retrieve, partial update, and the history of a contact.

use crego_validation::limits::{EXPANDED_PAGE_SIZE, FILTER_TAGS, NAMESPACE_FILTER_CHARS, TAG_CHARS};
use crego_validation::{
    code, ApprovalStatus, ContactPatch, ContactStatus, ContactType, FieldError, NewContact,
};
use worker::{Request, Response};

use super::contact_write::{dedupe_rows, write_contact, written_response, Changed, Edit};
use super::expand::{expand_contacts, expansions};
use super::namespaces::issue_ref;
use super::Ctx;
use crate::counter::Kind;
use crate::domain::approval::{self, Action, Actor, State};
use crate::domain::ids::new_id;
use crate::domain::list::Envelope;
use crate::error::ApiError;
use crate::http::{json_response, read_json, resource_response, IfMatch};
use crate::query::Query;
use crate::store::audit::{Audit, HistoryAction};
use crate::store::contact_list::ContactFilter;
use crate::store::contacts::{Contact, ContactChange, NewContactRow, REF_ID, UNIQUE};
use crate::store::StoreError;

/// A pattern-issued ref id can collide with one a client chose earlier: draw again this many times.
const REF_ID_DRAWS: usize = 3;

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
    let at = ctx.now.to_rfc3339();
    let id = new_id(ctx.now)?;
    let audit_id = new_id(ctx.now)?;
    let props = ctx.pii.protect_props(&input.props, &[])?;
    let changed = Changed {
        name: true,
        props: true,
    };
    let dedupe = dedupe_rows(ctx, &input.name, input.kind, &props, changed)?;
    let pii_keys = ctx.pii.keys().ok().map(|k| k.epoch());
    let audit = Audit {
        id: &audit_id,
        action: HistoryAction::Create,
        actor: &ctx.principal.user_id,
        at: &at,
        remarks: None,
        material: true,
    };
    let mut draws = 0;
    loop {
        let (ref_id, drawn) = match (&input.ref_id, &namespace.contact_pattern) {
            (Some(r), _) => (Some(r.clone()), None),
            (None, Some(pattern)) => {
                let (r, n) = issue_ref(ctx, &namespace, Kind::Contact, pattern).await?;
                (Some(r), Some(n))
            }
            (None, None) => (None, None),
        };
        let row = NewContactRow {
            id: &id,
            namespace_id: &namespace.id,
            name: &input.name,
            kind: input.kind,
            status: input.status,
            ref_id: ref_id.as_deref(),
            tags: &input.tags,
            refs: &input.refs,
            props: &props,
            rm_id: input.rm_id.as_deref(),
            branch_id: input.branch_id.as_deref(),
            pii_keys: pii_keys.as_deref(),
        };
        match ctx.store.insert_contact(&row, &dedupe, drawn, &audit).await {
            Ok(mut contact) => {
                ctx.pii.show_contact(&mut contact)?;
                return resource_response(201, &contact, contact.version);
            }
            // The number that collided is skipped: draw the next.
            Err(e) if e.is_unique(REF_ID.index) && drawn.is_some() && draws + 1 < REF_ID_DRAWS => draws += 1,
            Err(StoreError::ForeignKey) => {
                let tenant = &ctx.principal.tenant_id;
                worker::console_warn!(
                    "tenant {tenant}: namespace {} vanished during a create",
                    namespace.id
                );
                return Err(ApiError::NotFound);
            }
            Err(e) => return Err(e.on_unique(UNIQUE)),
        }
    }
}

pub async fn get_contact(id: &str, mut query: Query, ctx: &Ctx) -> Result<Response, ApiError> {
    let expand = expansions(&mut query);
    query.check()?;
    let contact = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
    let version = contact.version;
    let mut expanded = expand_contacts(ctx, vec![contact], &expand).await?;
    match expanded.pop() {
        Some(one) => resource_response(200, &one, version),
        None => Err(ApiError::NotFound),
    }
}

/// Whether `sent` names the contact's namespace (by name, case-insensitively, or by id).
fn same_namespace(sent: &str, contact: &Contact) -> bool {
    sent.eq_ignore_ascii_case(&contact.namespace) || sent == contact.namespace_id
}

pub async fn update_contact(id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let patch = ContactPatch::check(&read_json(req).await?)?;
    let if_match = IfMatch::from_request(req);
    let written = write_contact(ctx, id, if_match.as_ref(), |current| {
        // `namespace` may be sent back as read; it changes nothing.
        if let Some(sent) = &patch.namespace {
            if !same_namespace(sent, current) {
                return Err(ApiError::Field(FieldError {
                    field: "namespace".into(),
                    code: code::IMMUTABLE,
                    message: "a contact's namespace cannot change after create".into(),
                }));
            }
        }
        let change = ContactChange {
            name: patch.name.clone(),
            status: patch.status,
            kind: patch.kind,
            tags: patch.tags.clone(),
            refs: patch.refs.clone(),
            rm_id: patch.rm_id.clone(),
            branch_id: patch.branch_id.clone(),
            ref_id: patch.ref_id.clone(),
            props: patch
                .props
                .as_deref()
                .map(|props| ctx.pii.protect_props(props, &current.props))
                .transpose()?,
            ..ContactChange::default()
        }
        .without_restated(current);
        if change == ContactChange::default() {
            return Ok(None);
        }
        // A status sent in a PATCH obeys the same rules as the active/inactive actions.
        if let Some(status) = change.status {
            let action = match status {
                ContactStatus::Active => Action::Activate,
                ContactStatus::Inactive => Action::Deactivate,
            };
            let state = State {
                status: current.status,
                approval_status: current.approval_status,
            };
            let actor = Actor {
                maker: None,
                can_approve: false,
            };
            approval::decide(action, state, actor)?;
        }
        Ok(Some(Edit::new(change, HistoryAction::Update)))
    })
    .await?;
    written_response(ctx, written)
}

pub async fn list_contacts(mut query: Query, ctx: &Ctx) -> Result<Response, ApiError> {
    let paging = query.paging();
    let search = query.search();
    let created = query.created_range();
    let filter = ContactFilter {
        search,
        namespace: query.text("namespace", NAMESPACE_FILTER_CHARS),
        status: query.choice::<ContactStatus>("status"),
        kind: query.choice::<ContactType>("type"),
        approval_status: query.choice::<ApprovalStatus>("approval_status"),
        tags: query.list("tags", FILTER_TAGS, TAG_CHARS),
        created,
    };
    let expand = expansions(&mut query);
    if !expand.is_empty() && paging.page_size > EXPANDED_PAGE_SIZE {
        // Each contact may embed its addresses, banks and relations: a page of them stays bounded.
        let message = format!("must be from 1 to {EXPANDED_PAGE_SIZE} with expand");
        query.refuse("page_size", code::RANGE, &message);
    }
    query.check()?;
    let (count, contacts) = ctx
        .store
        .list_contacts(&filter, paging.page_size, paging.offset())
        .await?;
    let contacts = expand_contacts(ctx, contacts, &expand).await?;
    json_response(200, &Envelope::new(paging, count, contacts))
}

pub async fn contact_history(id: &str, mut query: Query, ctx: &Ctx) -> Result<Response, ApiError> {
    let paging = query.paging();
    query.check()?;
    // An unknown or foreign contact is a 404, not an empty history.
    ctx.store
        .contact_exists(id)
        .await?
        .then_some(())
        .ok_or(ApiError::NotFound)?;
    let (count, mut entries) = ctx.store.history(id, paging.page_size, paging.offset()).await?;
    ctx.pii.show_history(id, &mut entries)?;
    json_response(200, &Envelope::new(paging, count, entries))
}
