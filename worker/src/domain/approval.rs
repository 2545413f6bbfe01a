//! The contact state machine (CONTRACT §3, Actions): `status` (active/inactive) and `approval_status`
//! (pending/approved/rejected), the four actions, the `contacts:approve` scope and the maker-checker rule.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Activate,
    Deactivate,
    Approve,
    Reject,
}

impl Action {
    pub fn from_path(segment: &str) -> Option<Action> {
        match segment {
            "active" => Some(Action::Activate),
            "inactive" => Some(Action::Deactivate),
            "approve" => Some(Action::Approve),
            "reject" => Some(Action::Reject),
            _ => None,
        }
    }

    /// The audit action name.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Activate => "active",
            Action::Deactivate => "inactive",
            Action::Approve => "approve",
            Action::Reject => "reject",
        }
    }
}

/// A contact's state as far as the actions care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State<'a> {
    pub status: &'a str,
    pub approval_status: &'a str,
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
        status: &'static str,
        approval_status: Option<&'static str>,
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
pub fn decide(action: Action, state: State<'_>, actor: Actor) -> Result<Outcome, Refusal> {
    match action {
        Action::Approve | Action::Reject => {
            if !actor.can_approve {
                return Err(Refusal::MissingScope);
            }
            let (target, status) = if action == Action::Approve {
                ("approved", "active")
            } else {
                ("rejected", "inactive")
            };
            if state.approval_status == target {
                return Ok(Outcome::NoOp);
            }
            if state.approval_status != "pending" {
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
            if state.approval_status == "rejected" {
                Err(Refusal::InvalidTransition)
            } else if state.status == "active" {
                Ok(Outcome::NoOp)
            } else {
                Ok(Outcome::Change {
                    status: "active",
                    approval_status: None,
                })
            }
        }
        Action::Deactivate => Ok(if state.status == "inactive" {
            Outcome::NoOp
        } else {
            Outcome::Change {
                status: "inactive",
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

    fn change(status: &'static str, approval: Option<&'static str>) -> Result<Outcome, Refusal> {
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
            (("active", "pending"), Activate, noop),
            (("active", "pending"), Deactivate, change("inactive", None)),
            (("active", "pending"), Approve, change("active", Some("approved"))),
            (
                ("active", "pending"),
                Reject,
                change("inactive", Some("rejected")),
            ),
            (("inactive", "pending"), Activate, change("active", None)),
            (("inactive", "pending"), Deactivate, noop),
            (
                ("inactive", "pending"),
                Approve,
                change("active", Some("approved")),
            ),
            (
                ("inactive", "pending"),
                Reject,
                change("inactive", Some("rejected")),
            ),
            (("active", "approved"), Activate, noop),
            (("active", "approved"), Deactivate, change("inactive", None)),
            (("active", "approved"), Approve, noop),
            (("active", "approved"), Reject, invalid),
            (("inactive", "approved"), Activate, change("active", None)),
            (("inactive", "approved"), Deactivate, noop),
            (("inactive", "approved"), Approve, noop),
            (("inactive", "approved"), Reject, invalid),
            (("inactive", "rejected"), Activate, invalid),
            (("inactive", "rejected"), Deactivate, noop),
            (("inactive", "rejected"), Approve, invalid),
            (("inactive", "rejected"), Reject, noop),
            (("active", "rejected"), Activate, invalid),
            (("active", "rejected"), Deactivate, change("inactive", None)),
            (("active", "rejected"), Approve, invalid),
            (("active", "rejected"), Reject, noop),
        ];
        for ((status, approval_status), action, expected) in table {
            let state = State {
                status,
                approval_status,
            };
            assert_eq!(
                decide(action, state, CHECKER),
                expected,
                "{status}/{approval_status} {action:?}"
            );
        }
    }

    #[test]
    fn approving_or_rejecting_needs_the_scope_and_another_user() {
        let pending = State {
            status: "active",
            approval_status: "pending",
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

    #[test]
    fn action_path_segments_are_recognised() {
        assert_eq!(Action::from_path("approve"), Some(Action::Approve));
        assert_eq!(Action::from_path("activate"), None);
    }
}
