//! The approval actions `PUT /contacts/{id}/active|inactive|approve|reject/` (CONTRACT §3).

use crego_validation::ActionBody;
use serde_json::Value;
use worker::{Request, Response};

use super::Ctx;
use crate::auth::APPROVE_SCOPE;
use crate::domain::approval::{decide, Action, Actor, Outcome, Refusal, State};
use crate::domain::ids::new_id;
use crate::error::ApiError;
use crate::http::{read_optional_json, resource_response, IfMatch};
use crate::store::contacts::{Audit, ContactChange, SideRows};
use crate::store::StoreError;

/// A write that lost a race with another (version guard) re-reads and tries again this many times.
pub const STALE_RETRIES: usize = 3;

pub fn refusal(r: Refusal) -> ApiError {
    match r {
        Refusal::MissingScope => ApiError::Forbidden {
            code: "missing_scope",
            detail: format!("approving and rejecting need the `{APPROVE_SCOPE}` scope"),
        },
        Refusal::SelfApproval => ApiError::Forbidden {
            code: "self_approval",
            detail: "the user who created a contact cannot approve or reject it".into(),
        },
        Refusal::InvalidTransition => ApiError::conflict(
            "invalid_transition",
            "the contact's approval state does not allow this action",
        ),
    }
}

pub async fn act_on_contact(
    id: &str,
    action: Action,
    req: &mut Request,
    ctx: &Ctx,
) -> Result<Response, ApiError> {
    let body = ActionBody::check(&read_optional_json(req).await?.unwrap_or(Value::Null))?;
    let if_match = IfMatch::from_request(req);
    let at = ctx.now.to_rfc3339();
    let audit_id = new_id(ctx.now)?;
    let user = ctx.principal.user_id.as_str();
    let no_side_rows = SideRows {
        props_json: None,
        identifiers_json: None,
        blocks_json: None,
    };
    for attempt in 0..STALE_RETRIES {
        let current = ctx.store.contact(id).await?.ok_or(ApiError::NotFound)?;
        if let Some(m) = &if_match {
            m.check(current.version)?;
        }
        let state = State {
            status: &current.status,
            approval_status: &current.approval_status,
        };
        let actor = Actor {
            is_creator: current.created_by == user,
            can_approve: ctx.principal.has_scope(APPROVE_SCOPE),
        };
        let (status, approval_status) = match decide(action, state, actor).map_err(refusal)? {
            Outcome::NoOp => return resource_response(200, &current, current.version),
            Outcome::Change {
                status,
                approval_status,
            } => (status, approval_status),
        };
        let approved = action == Action::Approve;
        let rejected = action == Action::Reject;
        let change = ContactChange {
            status: Some(status),
            approval_status,
            approved_by: approved.then_some(user),
            approved_at: approved.then_some(at.as_str()),
            rejected_by: rejected.then_some(user),
            rejected_at: rejected.then_some(at.as_str()),
            rejection_reason: if rejected { body.remarks.as_deref() } else { None },
            ..ContactChange::default()
        };
        let audit = Audit {
            id: &audit_id,
            action: action.as_str(),
            actor: user,
            at: &at,
            remarks: body.remarks.as_deref(),
        };
        match ctx
            .store
            .update_contact(id, current.version, &change, &no_side_rows, &audit, &at)
            .await
        {
            Ok(contact) => return resource_response(200, &contact, contact.version),
            Err(StoreError::Stale) if if_match.is_some() => return Err(ApiError::PreconditionFailed),
            Err(StoreError::Stale) if attempt + 1 < STALE_RETRIES => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Stale.into())
}
