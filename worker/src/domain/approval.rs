//! The contact state machine (CONTRACT §3, Actions): `status` (active/inactive) and `approval_status`
//! (pending/approved/rejected), the four actions, the `contacts:approve` scope and the maker-checker rule.

use crego_validation::{ApprovalStatus, ContactStatus};

use ApprovalStatus::{Approved, Pending, Rejected};
use ContactStatus::{Active, Inactive};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Activate,
    Deactivate,
    Approve,
    Reject,
}

/// A contact's state as far as the actions care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub status: ContactStatus,
    pub approval_status: ApprovalStatus,
}

/// Who asks, relative to the contact.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub is_creator: bool,
    pub can_approve: bool,
}

/// What an action does to a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Already in effect: answer 200 with the contact unchanged, write nothing.
    NoOp,
    /// Set `status`, and `approval_status` when `Some`.
    Change {
        status: ContactStatus,
        approval_status: Option<ApprovalStatus>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 403 `missing_scope`
    MissingScope,
    /// 403 `self_approval`
    SelfApproval,
    /// 409 `invalid_transition`
    InvalidTransition,
}

/// Decides an action. Order: scope, then "already in effect", then the transition, then maker-checker,
/// so that a repeat is a harmless 200 and a refusal names the first rule broken.
pub fn decide(action: Action, state: State, actor: Actor) -> Result<Outcome, Refusal> {
    match action {
        Action::Approve | Action::Reject => {
            if !actor.can_approve {
                return Err(Refusal::MissingScope);
            }
            let (target, status) = if action == Action::Approve {
                (Approved, Active)
            } else {
                (Rejected, Inactive)
            };
            if state.approval_status == target {
                return Ok(Outcome::NoOp);
            }
            if state.approval_status != Pending {
                return Err(Refusal::InvalidTransition);
            }
            if actor.is_creator {
                return Err(Refusal::SelfApproval);
            }
            Ok(Outcome::Change {
                status,
                approval_status: Some(target),
            })
        }
        Action::Activate => {
            if state.approval_status == Rejected {
                Err(Refusal::InvalidTransition)
            } else if state.status == Active {
                Ok(Outcome::NoOp)
            } else {
                Ok(Outcome::Change {
                    status: Active,
                    approval_status: None,
                })
            }
        }
        Action::Deactivate => Ok(if state.status == Inactive {
            Outcome::NoOp
        } else {
            Outcome::Change {
                status: Inactive,
                approval_status: None,
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECKER: Actor = Actor {
        is_creator: false,
        can_approve: true,
    };

    fn change(status: ContactStatus, approval: Option<ApprovalStatus>) -> Result<Outcome, Refusal> {
        Ok(Outcome::Change {
            status,
            approval_status: approval,
        })
    }

    /// Every (state, action) pair for a checker with the scope: the whole table of CONTRACT §3.
    #[test]
    fn every_state_and_action_pair_follows_the_contract() {
        use Action::*;
        let noop = Ok(Outcome::NoOp);
        let invalid = Err(Refusal::InvalidTransition);
        let table = [
            ((Active, Pending), Activate, noop),
            ((Active, Pending), Deactivate, change(Inactive, None)),
            ((Active, Pending), Approve, change(Active, Some(Approved))),
            ((Active, Pending), Reject, change(Inactive, Some(Rejected))),
            ((Inactive, Pending), Activate, change(Active, None)),
            ((Inactive, Pending), Deactivate, noop),
            ((Inactive, Pending), Approve, change(Active, Some(Approved))),
            ((Inactive, Pending), Reject, change(Inactive, Some(Rejected))),
            ((Active, Approved), Activate, noop),
            ((Active, Approved), Deactivate, change(Inactive, None)),
            ((Active, Approved), Approve, noop),
            ((Active, Approved), Reject, invalid),
            ((Inactive, Approved), Activate, change(Active, None)),
            ((Inactive, Approved), Deactivate, noop),
            ((Inactive, Approved), Approve, noop),
            ((Inactive, Approved), Reject, invalid),
            ((Inactive, Rejected), Activate, invalid),
            ((Inactive, Rejected), Deactivate, noop),
            ((Inactive, Rejected), Approve, invalid),
            ((Inactive, Rejected), Reject, noop),
            ((Active, Rejected), Activate, invalid),
            ((Active, Rejected), Deactivate, change(Inactive, None)),
            ((Active, Rejected), Approve, invalid),
            ((Active, Rejected), Reject, noop),
        ];
        for ((status, approval_status), action, expected) in table {
            let state = State {
                status,
                approval_status,
            };
            assert_eq!(
                decide(action, state, CHECKER),
                expected,
                "{status:?}/{approval_status:?} {action:?}"
            );
        }
    }

    #[test]
    fn approving_or_rejecting_needs_the_scope_and_another_user() {
        let pending = State {
            status: Active,
            approval_status: Pending,
        };
        let no_scope = Actor {
            is_creator: false,
            can_approve: false,
        };
        let maker = Actor {
            is_creator: true,
            can_approve: true,
        };
        for action in [Action::Approve, Action::Reject] {
            assert_eq!(decide(action, pending, no_scope), Err(Refusal::MissingScope));
            assert_eq!(decide(action, pending, maker), Err(Refusal::SelfApproval));
        }
        // Activate and deactivate need neither.
        assert!(decide(Action::Deactivate, pending, no_scope).is_ok());
    }
}
