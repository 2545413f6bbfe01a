//! The contact actions `PUT /contacts/{id}/active|inactive|approve|reject/`: what approve and reject
//! record, the approve scope, the creator's refusal, remarks, and routing. Every (state, action) pair is
//! in `approval_machine.rs`; the rest of the maker-checker rule in `maker_checker.rs`.

use crate::contact_helpers::{
    act, act_with, checker_of, contact_body, contact_path, create_contact, create_contact_with, get_contact,
    user_of, with, with_scope, APPROVE_SCOPE,
};
use crate::helpers::{assert_field_error, assert_problem, create_namespace};
use crego_api_tests::shapes::is_utc_micros_timestamp;
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

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
async fn an_action_whose_body_is_json_null_or_not_an_object_is_a_400_and_changes_nothing() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;

    for (action, body) in [
        ("approve", Value::Null),
        ("submit", Value::Null),
        ("inactive", json!(["x"])),
    ] {
        let response = act_with(&checker, &created, action, body).await;
        assert_field_error(&response, "body", "type");
    }
    assert_eq!(get_contact(&maker, &created).await, created);
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
