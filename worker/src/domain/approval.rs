//! The contact state machine (CONTRACT §3, Actions; the whole table in §9): `status` (active/inactive)
//! and `approval_status` (pending/approved/rejected), the five actions, the `contacts:approve` scope and
//! the maker-checker rule. What a material write does to the approval is SQL on the write path
//! (`store::contacts`, "material change"), since a sub-resource write changes the contact without reading it.

use crego_validation::{ApprovalStatus, ContactStatus};

use ApprovalStatus::{Approved, Pending, Rejected};
use ContactStatus::{Active, Inactive};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Activate,
    Deactivate,
    Approve,
    Reject,
    /// Send a rejected contact, corrected, back for approval.
    Submit,
}

/// A contact's state as far as the actions care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub status: ContactStatus,
    pub approval_status: ApprovalStatus,
}

/// Why a user is one of a contact's makers, who may not approve or reject it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Maker {
    /// They created it.
    Creator,
    /// They made a material change since its last approval.
    Changed,
}

/// Who asks, relative to the contact.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub maker: Option<Maker>,
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
    /// 403 `self_approval`, and why the user counts as a maker.
    SelfApproval(Maker),
    /// 409 `invalid_transition`
    InvalidTransition,
}

/// A user id as the maker-checker rule compares it: trimmed, case-insensitive (CONTRACT §9).
pub fn user_key(user: &str) -> String {
    user.trim().to_lowercase()
}

/// Whether `user` is one of a contact's makers: its creator, or among `makers` (those who made a material
/// change since its last approval). Both sides are compared as [`user_key`]s, so a list written by an
/// older rule in another spelling still counts.
pub fn maker(user: &str, created_by: &str, makers: &[String]) -> Option<Maker> {
    let key = user_key(user);
    if user_key(created_by) == key {
        Some(Maker::Creator)
    } else if makers.iter().any(|m| user_key(m) == key) {
        Some(Maker::Changed)
    } else {
        None
    }
}

/// Decides an action. Order: scope, then "already in effect", then the transition, then maker-checker,
/// so that a repeat is a harmless 200 and a refusal names the first rule broken.
pub fn decide(action: Action, state: State, actor: Actor) -> Result<Outcome, Refusal> {
    let change = |status, approval_status| {
        Ok(Outcome::Change {
            status,
            approval_status,
        })
    };
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
            if let Some(maker) = actor.maker {
                return Err(Refusal::SelfApproval(maker));
            }
            change(status, Some(target))
        }
        Action::Submit => match state.approval_status {
            Rejected => change(state.status, Some(Pending)),
            Pending => Ok(Outcome::NoOp),
            Approved => Err(Refusal::InvalidTransition),
        },
        Action::Activate => {
            if state.approval_status == Rejected {
                Err(Refusal::InvalidTransition)
            } else if state.status == Active {
                Ok(Outcome::NoOp)
            } else {
                change(Active, None)
            }
        }
        Action::Deactivate => match state.status {
            Inactive => Ok(Outcome::NoOp),
            Active => change(Inactive, None),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECKER: Actor = Actor {
        maker: None,
        can_approve: true,
    };

    fn change(status: ContactStatus, approval: Option<ApprovalStatus>) -> Result<Outcome, Refusal> {
        Ok(Outcome::Change {
            status,
            approval_status: approval,
        })
    }

    /// Every (state, action) pair for a checker with the scope: the actions' part of CONTRACT §9's table.
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
            ((Active, Pending), Submit, noop),
            ((Inactive, Pending), Activate, change(Active, None)),
            ((Inactive, Pending), Deactivate, noop),
            ((Inactive, Pending), Approve, change(Active, Some(Approved))),
            ((Inactive, Pending), Reject, change(Inactive, Some(Rejected))),
            ((Inactive, Pending), Submit, noop),
            ((Active, Approved), Activate, noop),
            ((Active, Approved), Deactivate, change(Inactive, None)),
            ((Active, Approved), Approve, noop),
            ((Active, Approved), Reject, invalid),
            ((Active, Approved), Submit, invalid),
            ((Inactive, Approved), Activate, change(Active, None)),
            ((Inactive, Approved), Deactivate, noop),
            ((Inactive, Approved), Approve, noop),
            ((Inactive, Approved), Reject, invalid),
            ((Inactive, Approved), Submit, invalid),
            ((Inactive, Rejected), Activate, invalid),
            ((Inactive, Rejected), Deactivate, noop),
            ((Inactive, Rejected), Approve, invalid),
            ((Inactive, Rejected), Reject, noop),
            ((Inactive, Rejected), Submit, change(Inactive, Some(Pending))),
            ((Active, Rejected), Activate, invalid),
            ((Active, Rejected), Deactivate, change(Inactive, None)),
            ((Active, Rejected), Approve, invalid),
            ((Active, Rejected), Reject, noop),
            ((Active, Rejected), Submit, change(Active, Some(Pending))),
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
    fn approving_or_rejecting_needs_the_scope_and_a_user_who_is_no_maker() {
        let pending = State {
            status: Active,
            approval_status: Pending,
        };
        let no_scope = Actor {
            maker: None,
            can_approve: false,
        };
        for action in [Action::Approve, Action::Reject] {
            assert_eq!(decide(action, pending, no_scope), Err(Refusal::MissingScope));
            for maker in [Maker::Creator, Maker::Changed] {
                let actor = Actor {
                    maker: Some(maker),
                    can_approve: true,
                };
                assert_eq!(decide(action, pending, actor), Err(Refusal::SelfApproval(maker)));
            }
        }
        // Activate, deactivate and submit need neither.
        let maker = Actor {
            maker: Some(Maker::Creator),
            can_approve: false,
        };
        assert!(decide(Action::Deactivate, pending, maker).is_ok());
        let rejected = State {
            status: Inactive,
            approval_status: Rejected,
        };
        assert!(decide(Action::Submit, rejected, maker).is_ok());
    }

    #[test]
    fn users_are_the_same_maker_whatever_their_case_and_surrounding_spaces() {
        let makers = vec!["ravi.k".to_string(), " Asha ".to_string()];
        assert_eq!(maker(" Maker-1 ", "maker-1", &[]), Some(Maker::Creator));
        assert_eq!(maker("RAVI.K", "maker-1", &makers), Some(Maker::Changed));
        assert_eq!(maker("asha", "maker-1", &makers), Some(Maker::Changed));
        assert_eq!(maker("ÉLISE", "élise", &[]), Some(Maker::Creator));
        assert_eq!(maker("checker", "maker-1", &makers), None);
        // Only case and the ends: inner characters still tell users apart.
        assert_eq!(maker("ravi k", "maker-1", &makers), None);
        assert_eq!(user_key("  Ravi.K\t"), "ravi.k");
    }
}
