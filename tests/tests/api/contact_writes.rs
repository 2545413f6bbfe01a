//! The one write path of a contact (CONTRACT §9): every change (`PATCH`, the actions, props) is checked in
//! one order (the request's own refusals before a stale `If-Match`), and a write that loses a race is a
//! `412` with `If-Match` and is retried without, so no update is ever lost.

use crego_api_tests::{ApiResponse, Body, TestTenant};
use serde_json::{json, Value};

use crate::contact_helpers::{
    act_ok, checker_of, contact_body, contact_path, create_contact, create_contact_with, get_contact,
    history, text_prop, with,
};
use crate::helpers::{assert_problem, at_once, create_namespace, one_winner};
use crate::sub_helpers::{props_path, read_props};

const STALE: [(&str, &str); 1] = [("If-Match", "\"7\"")];

async fn put_with(tenant: &TestTenant, path: &str, headers: &[(&str, &str)], body: Value) -> ApiResponse {
    tenant.send_with("PUT", path, headers, Body::Json(body)).await
}

#[tokio::test]
async fn an_action_the_state_refuses_is_a_409_even_with_a_stale_if_match() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Writes").await;
    let contact = create_contact(&maker, "Writes", "Asha Rao").await;
    let checker = checker_of(&maker);
    act_ok(&checker, &contact, "approve").await;

    let path = format!("{}reject/", contact_path(&contact));
    let refused = put_with(&checker, &path, &STALE, json!({})).await;

    assert_problem(&refused, 409, "invalid_transition");
    assert_eq!(get_contact(&maker, &contact).await["approval_status"], "approved");
}

#[tokio::test]
async fn props_over_the_limit_are_a_400_even_with_a_stale_if_match() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Writes").await;
    let hundred: Vec<Value> = (0..100).map(|i| text_prop(&format!("k{i:03}"), "v")).collect();
    let body = with(contact_body("Writes", "Asha Rao"), json!({ "props": hundred }));
    let contact = create_contact_with(&tenant, body).await;

    let more = json!({"props": [text_prop("one_more", "v")]});
    let refused = put_with(&tenant, &props_path(&contact), &STALE, more).await;

    assert_eq!(refused.status, 400, "{}", refused.text);
    assert!(refused.has_field_error("props", "length"), "{}", refused.text);
    assert_eq!(get_contact(&tenant, &contact).await["version"], 1);
}

#[tokio::test]
async fn an_action_already_in_effect_is_still_a_412_under_a_stale_if_match() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Writes").await;
    let contact = create_contact(&tenant, "Writes", "Asha Rao").await;

    let path = format!("{}active/", contact_path(&contact));
    let stale = tenant.send_with("PUT", &path, &STALE, Body::None).await;
    let current = tenant
        .send_with("PUT", &path, &[("If-Match", "\"1\"")], Body::None)
        .await;

    assert_problem(&stale, 412, "precondition_failed");
    assert_eq!(current.status, 200, "{}", current.text);
    assert_eq!(current.json["version"], 1, "already active: no new version");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_contact_writes_with_one_if_match_give_one_winner_and_412s() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Writes").await;
    let contact = create_contact(&tenant, "Writes", "Asha Rao").await;
    let if_match = [("If-Match", "\"1\"")];

    let answers = at_once(
        &tenant,
        "PATCH",
        &contact_path(&contact),
        &if_match,
        10,
        |i| json!({"name": format!("Winner {i}")}),
    )
    .await;

    let winner = one_winner(&answers);
    let stored = get_contact(&tenant, &contact).await;
    assert_eq!(stored["name"], format!("Winner {winner}"));
    assert_eq!(stored["version"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_props_writes_without_if_match_lose_no_update() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Writes").await;
    let contact = create_contact(&tenant, "Writes", "Asha Rao").await;

    let answers = at_once(
        &tenant,
        "PUT",
        &props_path(&contact),
        &[],
        8,
        |i| json!({"props": [text_prop(&format!("key_{i}"), "v")]}),
    )
    .await;

    // Each write re-reads and retries when it loses; one that loses every attempt is told to retry.
    let mut applied = Vec::new();
    for (i, answer) in &answers {
        match answer.status {
            200 => applied.push(format!("key_{i}")),
            _ => assert_problem(answer, 409, "concurrent_update"),
        }
    }
    assert!(!applied.is_empty(), "no write applied");
    let stored: Vec<String> = read_props(&tenant, &contact)
        .await
        .as_array()
        .map(|props| {
            props
                .iter()
                .map(|p| p["key"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    applied.sort();
    assert_eq!(stored, applied, "every applied write, and only those, is stored");
    let version = get_contact(&tenant, &contact).await["version"].clone();
    assert_eq!(version, json!(1 + applied.len()));
    let entries = history(&tenant, &contact).await;
    assert_eq!(
        entries["count"],
        json!(1 + applied.len()),
        "one history entry per write"
    );
}
