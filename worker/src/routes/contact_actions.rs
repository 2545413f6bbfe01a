//! The approval actions `PUT /contacts/{id}/active|inactive|approve|reject|submit/` (CONTRACT §3, §9): the
//! state machine (`domain::approval`) decides, the contact write path writes.

use crego_validation::{ActionBody, ApprovalStatus};
use worker::{Request, Response};

use super::contact_write::{write_contact, written_response, Edit};
use super::Ctx;
use crate::auth::APPROVE_SCOPE;
use crate::domain::approval::{decide, maker, Action, Actor, Outcome, State};
use crate::error::ApiError;
use crate::http::{read_optional_json, IfMatch};
use crate::store::audit::HistoryAction;
use crate::store::contacts::ContactChange;

/// How the history records an action.
fn history_action(action: Action) -> HistoryAction {
    match action {
        Action::Activate => HistoryAction::Active,
        Action::Deactivate => HistoryAction::Inactive,
        Action::Approve => HistoryAction::Approve,
        Action::Reject => HistoryAction::Reject,
        Action::Submit => HistoryAction::Submit,
    }
}

pub async fn act_on_contact(
    id: &str,
    action: Action,
    req: &mut Request,
    ctx: &Ctx,
) -> Result<Response, ApiError> {
    // The body is optional; when sent it is an object (`null` too is a 400).
    let body = match read_optional_json(req).await? {
        Some(body) => ActionBody::check(&body)?,
        None => ActionBody::default(),
    };
    let if_match = IfMatch::from_request(req);
    let user = ctx.principal.user_id.as_str();
    let can_approve = ctx.principal.has_scope(APPROVE_SCOPE);
    let written = write_contact(ctx, id, if_match.as_ref(), |current| {
        let state = State {
            status: current.status,
            approval_status: current.approval_status,
        };
        let actor = Actor {
            maker: maker(user, &current.created_by, &current.makers),
            can_approve,
        };
        let Outcome::Change {
            status,
            approval_status,
        } = decide(action, state, actor)?
        else {
            return Ok(None);
        };
        let rejected = approval_status == Some(ApprovalStatus::Rejected);
        let change = ContactChange {
            status: Some(status),
            approval_status,
            rejection_reason: body.remarks.clone().filter(|_| rejected),
            ..ContactChange::default()
        };
        Ok(Some(Edit {
            change,
            action: history_action(action),
            remarks: body.remarks.clone(),
        }))
    })
    .await?;
    written_response(ctx, written)
}
