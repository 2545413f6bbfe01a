//! A contact's props (CONTRACT §7): `GET` sorted by key, `PUT` upserts by key, `DELETE ?keys=` / `?all=true`.
//!
//! A change is computed on the contact as read (merge or removal by key, the 100-props limit counted on
//! the result) and written as the contact's whole props list, through the same batch as every contact
//! write: the identifier index and the audit trail change with it, and the version guard makes a
//! concurrent change re-read and retry.

use crego_validation::props::MAX_PROPS;
use crego_validation::{code, Prop, PropsUpsert, Report};
use serde::Serialize;
use worker::{Request, Response};

use super::Ctx;
use crate::domain::dedupe::identifiers;
use crate::domain::ids::new_id;
use crate::error::ApiError;
use crate::http::{json_response, no_content, read_json, to_json, IfMatch, Query};
use crate::routes::contact_actions::STALE_RETRIES;
use crate::store::contacts::{Audit, Contact, ContactChange, PropRow, SideRows};
use crate::store::StoreError;

/// The query parameters of `DELETE /contacts/{id}/props/`.
pub const DELETE_PARAMS: &[&str] = &["keys", "all"];

/// A contact's props, sorted by key.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Props<'a> {
    pub contact_id: &'a str,
    pub props: &'a [PropRow],
}

fn props_response(contact: &Contact) -> Result<Response, ApiError> {
    json_response(
        200,
        &Props {
            contact_id: &contact.id,
            props: &contact.props,
        },
    )
}

pub async fn get_props(id: &str, ctx: &Ctx) -> Result<Response, ApiError> {
    let contact = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
    props_response(&contact)
}

/// Writes `props` (sorted by key) as the contact's whole list, retrying when the contact moved meanwhile.
async fn write_props(
    id: &str,
    if_match: Option<IfMatch>,
    ctx: &Ctx,
    action: &'static str,
    change: impl Fn(&Contact) -> Result<Option<Vec<PropRow>>, ApiError>,
) -> Result<Contact, ApiError> {
    let at = ctx.now.to_rfc3339();
    let audit_id = new_id(ctx.now)?;
    for attempt in 0..STALE_RETRIES {
        let current = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
        if let Some(m) = &if_match {
            m.check(current.version)?;
        }
        let Some(mut props) = change(&current)? else {
            return Ok(current);
        };
        props.sort_by(|a, b| a.key.cmp(&b.key));
        let ids = identifiers(props.iter().map(|p| (p.key.as_str(), p.value.as_str())));
        let side = SideRows {
            props_json: Some(to_json(&props)?),
            identifiers_json: Some(to_json(&ids)?),
            blocks_json: None,
        };
        let audit = Audit {
            id: &audit_id,
            action,
            actor: &ctx.principal.user_id,
            at: &at,
            remarks: None,
        };
        match ctx
            .store
            .update_contact(id, current.version, &ContactChange::default(), &side, &audit, &at)
            .await
        {
            Ok(contact) => return Ok(contact),
            Err(StoreError::Stale) if if_match.is_some() => return Err(ApiError::PreconditionFailed),
            Err(StoreError::Stale) if attempt + 1 < STALE_RETRIES => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Stale.into())
}

pub async fn put_props(id: &str, req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let upsert = PropsUpsert::check(&read_json(req).await?)?;
    let contact = write_props(id, IfMatch::from_request(req), ctx, "props", |current| {
        let mut merged = current.props.clone();
        for Prop { key, value, kind } in &upsert.props {
            let row = PropRow {
                key: key.clone(),
                value: value.clone(),
                kind: kind.as_str().to_string(),
            };
            match merged.iter_mut().find(|p| p.key == *key) {
                Some(existing) => *existing = row,
                None => merged.push(row),
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
        Ok((merged != current.props).then_some(merged))
    })
    .await?;
    props_response(&contact)
}

pub async fn delete_props(
    id: &str,
    req: &Request,
    query: Option<&str>,
    ctx: &Ctx,
) -> Result<Response, ApiError> {
    let mut report = Report::new();
    let query = Query::parse(query, DELETE_PARAMS, &mut report);
    let keys = query.list("keys", 100, &mut report);
    let all = match query.get("all") {
        None => false,
        Some("true") => true,
        Some(_) => {
            report.add("all", code::ENUM, "must be `true`");
            false
        }
    };
    // Exactly one of the two: neither, or both, is a 400.
    let neither_or_both = keys.is_empty() != all;
    if report.is_empty() && neither_or_both {
        report.add("keys", code::REQUIRED, "give either `keys=a,b` or `all=true`");
    }
    if !report.is_empty() {
        return Err(ApiError::InvalidQuery(report));
    }
    write_props(id, IfMatch::from_request(req), ctx, "props", |current| {
        let kept: Vec<PropRow> = match all {
            true => Vec::new(),
            false => current
                .props
                .iter()
                .filter(|p| !keys.contains(&p.key))
                .cloned()
                .collect(),
        };
        Ok((kept.len() != current.props.len()).then_some(kept))
    })
    .await?;
    no_content()
}
