//! A contact's props (CONTRACT §7): `GET` sorted by key, `PUT` upserts by key, `DELETE ?keys=` / `?all=true`.
//!
//! A change is computed on the contact as read (merge or removal by key, the 100-props limit counted on
//! the result) and written as the contact's whole props list through the contact write path: the
//! identifier index and the history change with it, and a concurrent change re-reads and retries.

use crego_validation::limits::{DELETE_KEYS, PROP_KEY_CHARS};
use crego_validation::props::{fits_props_bytes, MAX_PROPS};
use crego_validation::{code, PropsUpsert, Report};
use serde::Serialize;
use worker::{Request, Response};

use super::contact_write::{write_contact, Edit};
use super::Ctx;
use crate::error::ApiError;
use crate::http::{json_response, no_content, read_json, with_approval, IfMatch};
use crate::query::Query;
use crate::store::audit::{HistoryAction, Written};
use crate::store::contacts::{Contact, ContactChange, PropRow};

/// A contact's props, sorted by key.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Props<'a> {
    pub contact_id: &'a str,
    pub props: &'a [PropRow],
}

/// The props of a contact as the caller may see them, and what the write did to its approval.
fn props_response(ctx: &Ctx, written: Written<Contact>) -> Result<Response, ApiError> {
    let mut contact = written.value;
    ctx.pii.show_contact(&mut contact)?;
    let props = Props {
        contact_id: &contact.id,
        props: &contact.props,
    };
    with_approval(json_response(200, &props)?, written.approval)
}

/// The edit that makes `props` the contact's whole list, unless it is the list already.
fn replace_props(current: &Contact, props: Vec<PropRow>) -> Option<Edit> {
    let change = ContactChange {
        props: Some(props),
        ..ContactChange::default()
    };
    (change.props.as_ref() != Some(&current.props)).then(|| Edit::new(change, HistoryAction::Props))
}

pub async fn get_props(id: &str, ctx: &Ctx) -> Result<Response, ApiError> {
    let contact = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
    props_response(
        ctx,
        Written {
            value: contact,
            approval: None,
        },
    )
}

pub async fn put_props(id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let upsert = PropsUpsert::check(&read_json(req).await?)?;
    let if_match = IfMatch::from_request(req);
    let written = write_contact(ctx, id, if_match.as_ref(), |current| {
        let upserted = ctx.pii.protect_props(&upsert.props, &current.props)?;
        let mut merged = current.props.clone();
        for row in &upserted {
            match merged.iter_mut().find(|p| p.key == row.key) {
                Some(existing) => *existing = row.clone(),
                None => merged.push(row.clone()),
            }
        }
        if merged.len() > MAX_PROPS {
            let mut report = Report::new();
            report.add(
                "props",
                code::LENGTH,
                format!(
                    "a contact has at most {MAX_PROPS} props; this would make {}",
                    merged.len()
                ),
            );
            return Err(ApiError::Validation(report));
        }
        merged.sort_by(|a, b| a.key.cmp(&b.key));
        let mut report = Report::new();
        if !fits_props_bytes(&merged, "props", &mut report) {
            return Err(ApiError::Validation(report));
        }
        Ok(replace_props(current, merged))
    })
    .await?;
    props_response(ctx, written)
}

pub async fn delete_props(
    id: &str,
    req: &Request,
    mut query: Query,
    ctx: &Ctx,
) -> Result<Response, ApiError> {
    let keys = query.list("keys", DELETE_KEYS, PROP_KEY_CHARS);
    let all = match query.get("all") {
        None => false,
        Some("true") => true,
        Some(_) => {
            query.refuse("all", code::ENUM, "must be `true`");
            false
        }
    };
    // Exactly one of the two: neither, or both, is a 400.
    if query.is_clean() && keys.is_empty() != all {
        query.refuse("keys", code::REQUIRED, "give either `keys=a,b` or `all=true`");
    }
    query.check()?;
    let if_match = IfMatch::from_request(req);
    let written = write_contact(ctx, id, if_match.as_ref(), |current| {
        let kept: Vec<PropRow> = match all {
            true => Vec::new(),
            false => current
                .props
                .iter()
                .filter(|p| !keys.contains(&p.key))
                .cloned()
                .collect(),
        };
        Ok(replace_props(current, kept))
    })
    .await?;
    with_approval(no_content()?, written.approval)
}
