//! The contact actions `PUT /contacts/{id}/active|inactive|approve|reject/`: every reachable
//! (state, action) pair, the approve scope, the maker-checker rule, remarks, and routing.

use crate::contact_helpers::{
    act, act_ok, act_with, actions_of, checker_of, contact_body, contact_path, create_contact,
    create_contact_with, get_contact, history, user_of, with, with_scope, APPROVE_SCOPE,
};
use crate::helpers::{assert_field_error, assert_problem, create_namespace};
use crego_api_tests::shapes::is_utc_micros_timestamp;
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// The reachable (approval_status, status) states.
#[derive(Debug, Clone, Copy)]
enum State {
    PendingActive,
    PendingInactive,
    ApprovedActive,
    ApprovedInactive,
    RejectedInactive,
}

/// What an action by a checker (scope, not the creator) does in a state.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// 200 and a write: the new (approval_status, status).
    Change(&'static str, &'static str),
    /// 200, nothing written.
    NoOp,
    /// 409 `invalid_transition`, nothing written.
    Refused,
}

use Expect::{Change, NoOp, Refused};
use State::*;

/// Every reachable (state, action) pair and its outcome (CONTRACT §3, Actions).
const TABLE: [(State, &str, Expect); 20] = [
    (PendingActive, "approve", Change("approved", "active")),
    (PendingActive, "reject", Change("rejected", "inactive")),
    (PendingActive, "active", NoOp),
    (PendingActive, "inactive", Change("pending", "inactive")),
    (PendingInactive, "approve", Change("approved", "active")),
    (PendingInactive, "reject", Change("rejected", "inactive")),
    (PendingInactive, "active", Change("pending", "active")),
    (PendingInactive, "inactive", NoOp),
    (ApprovedActive, "approve", NoOp),
    (ApprovedActive, "reject", Refused),
    (ApprovedActive, "active", NoOp),
    (ApprovedActive, "inactive", Change("approved", "inactive")),
    (ApprovedInactive, "approve", NoOp),
    (ApprovedInactive, "reject", Refused),
    (ApprovedInactive, "active", Change("approved", "active")),
    (ApprovedInactive, "inactive", NoOp),
    (RejectedInactive, "approve", Refused),
    (RejectedInactive, "reject", NoOp),
    (RejectedInactive, "active", Refused),
    (RejectedInactive, "inactive", NoOp),
];

/// A new contact of `maker`, brought into `state` (approvals by `checker`).
async fn contact_in(state: State, maker: &TestTenant, checker: &TestTenant, name: &str) -> Value {
    let status = if matches!(state, PendingInactive) {
        "inactive"
    } else {
        "active"
    };
    let created = create_contact_with(
        maker,
        with(contact_body("Retail", name), json!({"status": status})),
    )
    .await;
    match state {
        PendingActive | PendingInactive => created,
        ApprovedActive => act_ok(checker, &created, "approve").await,
        ApprovedInactive => {
            act_ok(checker, &created, "approve").await;
            act_ok(maker, &created, "inactive").await
        }
        RejectedInactive => act_ok(checker, &created, "reject").await,
    }
}

#[tokio::test]
async fn every_reachable_state_and_action_gives_the_expected_outcome() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;

    for (i, (state, action, expect)) in TABLE.into_iter().enumerate() {
        let case = format!("{state:?} + {action}");
        let before = contact_in(state, &maker, &checker, &format!("Case {i}")).await;
        let entries_before = actions_of(&history(&maker, &before).await).len();

        let response = act(&checker, &before, action).await;

        let after = get_contact(&maker, &before).await;
        let entries_after = actions_of(&history(&maker, &before).await).len();
        match expect {
            Change(approval_status, status) => {
                assert_eq!(response.status, 200, "{case}: {}", response.text);
                assert_eq!(response.json["approval_status"], approval_status, "{case}");
                assert_eq!(response.json["status"], status, "{case}");
                assert_eq!(
                    response.json["version"],
                    before["version"].as_i64().unwrap() + 1,
                    "{case}"
                );
                assert_eq!(response.json["updated_by"], checker.sub.as_str(), "{case}");
                assert_eq!(
                    response.header("etag"),
                    format!("\"{}\"", response.json["version"]),
                    "{case}"
                );
                assert_eq!(after, response.json, "{case}: stored");
                assert_eq!(entries_after, entries_before + 1, "{case}: one history entry");
            }
            NoOp => {
                assert_eq!(response.status, 200, "{case}: {}", response.text);
                assert_eq!(response.json, before, "{case}: unchanged");
                assert_eq!(after, before, "{case}: nothing stored");
                assert_eq!(entries_after, entries_before, "{case}: no history entry");
            }
            Refused => {
                assert_problem(&response, 409, "invalid_transition");
                assert_eq!(after, before, "{case}: nothing stored");
                assert_eq!(entries_after, entries_before, "{case}: no history entry");
            }
        }
    }
}

#[tokio::test]
async fn approving_records_the_approver_and_activates_the_contact() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact_with(
        &maker,
        with(contact_body("Retail", "Asha Rao"), json!({"status": "inactive"})),
    )
    .await;

    let response = act_with(&checker, &created, "approve", json!({"remarks": "KYC verified"})).await;

    assert_eq!(response.status, 200, "{}", response.text);
    let c = &response.json;
    assert_eq!(
        (&c["approval_status"], &c["status"]),
        (&json!("approved"), &json!("active"))
    );
    assert_eq!(c["approved_by"], checker.sub.as_str());
    assert!(
        is_utc_micros_timestamp(c["approved_at"].as_str().unwrap_or_default()),
        "{c}"
    );
    assert_eq!(
        (&c["rejected_by"], &c["rejected_at"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(c["rejection_reason"], Value::Null);
    assert_eq!(c["created_by"], maker.sub.as_str());
}

#[tokio::test]
async fn rejecting_stores_the_remarks_as_the_reason_and_deactivates_the_contact() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;

    let response = act_with(
        &checker,
        &created,
        "reject",
        json!({"remarks": "PAN does not match the name"}),
    )
    .await;

    assert_eq!(response.status, 200, "{}", response.text);
    let c = &response.json;
    assert_eq!(
        (&c["approval_status"], &c["status"]),
        (&json!("rejected"), &json!("inactive"))
    );
    assert_eq!(c["rejection_reason"], "PAN does not match the name");
    assert_eq!(c["rejected_by"], checker.sub.as_str());
    assert!(
        is_utc_micros_timestamp(c["rejected_at"].as_str().unwrap_or_default()),
        "{c}"
    );
    assert_eq!(
        (&c["approved_by"], &c["approved_at"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(&get_contact(&maker, &created).await, c);
}

#[tokio::test]
async fn approve_and_reject_need_the_approve_scope() {
    let maker = TestTenant::new();
    let colleague = user_of(&maker, "user-colleague", "contacts:read contacts:write");
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;

    let approve = act(&colleague, &created, "approve").await;
    let reject = act(&colleague, &created, "reject").await;

    assert_problem(&approve, 403, "missing_scope");
    assert_problem(&reject, 403, "missing_scope");
    assert_eq!(get_contact(&maker, &created).await, created);
}

#[tokio::test]
async fn the_creator_cannot_approve_or_reject_their_own_contact() {
    let maker = TestTenant::new();
    let maker_with_scope = with_scope(&maker, APPROVE_SCOPE);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;

    let approve = act(&maker_with_scope, &created, "approve").await;
    let reject = act(&maker_with_scope, &created, "reject").await;

    assert_problem(&approve, 403, "self_approval");
    assert_problem(&reject, 403, "self_approval");
    assert_eq!(get_contact(&maker, &created).await, created);
}

#[tokio::test]
async fn active_and_inactive_need_no_scope_and_the_creator_may_use_them() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;

    let inactive = act(&maker, &created, "inactive").await;
    let active = act(&maker, &created, "active").await;

    assert_eq!(inactive.status, 200, "{}", inactive.text);
    assert_eq!(inactive.json["status"], "inactive");
    assert_eq!(active.status, 200, "{}", active.text);
    assert_eq!(active.json["status"], "active");
    assert_eq!(active.json["approval_status"], "pending");
    assert_eq!(active.json["version"], 3);
}

#[tokio::test]
async fn remarks_must_be_1_to_500_characters_and_nothing_else_may_be_sent() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;

    let too_long = act_with(&checker, &created, "reject", json!({"remarks": "x".repeat(501)})).await;
    let other_field = act_with(
        &checker,
        &created,
        "approve",
        json!({"remarks": "ok", "note": "x"}),
    )
    .await;
    let on_inactive = act_with(&maker, &created, "inactive", json!({"remarks": "y".repeat(501)})).await;

    assert_field_error(&too_long, "remarks", "length");
    assert_field_error(&other_field, "note", "unknown_field");
    assert_field_error(&on_inactive, "remarks", "length");
    assert_eq!(get_contact(&maker, &created).await, created);
    let longest = act_with(&checker, &created, "reject", json!({"remarks": "z".repeat(500)})).await;
    assert_eq!(longest.status, 200, "{}", longest.text);
    assert_eq!(longest.json["rejection_reason"], "z".repeat(500));
}

#[tokio::test]
async fn an_action_with_an_empty_json_object_is_like_no_body() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;

    let response = act_with(&checker, &created, "reject", json!({})).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["approval_status"], "rejected");
    assert_eq!(response.json["rejection_reason"], Value::Null);
}

#[tokio::test]
async fn a_wrong_method_on_an_action_is_405_allowing_put() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    for method in ["GET", "POST", "PATCH", "DELETE"] {
        let path = format!("{}approve/", contact_path(&created));
        let response = tenant.send(method, &path, crego_api_tests::Body::None).await;
        assert_eq!(response.status, 405, "{method}: {}", response.text);
        assert_eq!(response.header("allow"), "PUT", "{method}");
    }
    assert_eq!(get_contact(&tenant, &created).await, created);
}

#[tokio::test]
async fn an_unknown_action_is_404() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    let delete = act(&tenant, &created, "delete").await;
    let approved = act(&tenant, &created, "approved").await;

    assert_problem(&delete, 404, "not_found");
    assert_problem(&approved, 404, "not_found");
    assert_eq!(get_contact(&tenant, &created).await, created);
}
