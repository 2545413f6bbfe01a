//! Contacts and tenancy: another tenant's contact is indistinguishable from a missing one on every
//! route, and neither its contacts nor its namespaces are reachable; unknown and malformed ids are 404.

use crate::contact_helpers::{
    checker_of, contact_body, contact_count, contact_path, create_contact, get_contact, history,
    list_contacts, APPROVE_SCOPE,
};
use crate::helpers::{assert_field_error, assert_problem, create_namespace, id_of, MISSING_ID};
use crego_api_tests::{Body, TestTenant};
use serde_json::{json, Value};

/// Every route on one contact path: (method, path suffix, body).
fn contact_routes() -> Vec<(&'static str, &'static str, Body)> {
    vec![
        ("GET", "", Body::None),
        ("PATCH", "", Body::Json(json!({"name": "Hijacked"}))),
        ("PUT", "active/", Body::None),
        ("PUT", "inactive/", Body::None),
        ("PUT", "approve/", Body::None),
        ("PUT", "reject/", Body::Json(json!({"remarks": "no"}))),
        ("GET", "history/", Body::None),
    ]
}

/// `detail` and `instance` may name the requested id; the rest of two 404s must match.
fn strip(mut problem: Value) -> Value {
    if let Some(o) = problem.as_object_mut() {
        o.remove("detail");
        o.remove("instance");
    }
    problem
}

#[tokio::test]
async fn another_tenants_contact_is_not_found_on_every_route() {
    let owner = TestTenant::new();
    let stranger = crate::contact_helpers::with_scope(&TestTenant::new(), APPROVE_SCOPE);
    create_namespace(&owner, "Retail").await;
    let contact = create_contact(&owner, "Retail", "Asha Rao").await;
    let path = contact_path(&contact);

    for (method, suffix, body) in contact_routes() {
        let response = stranger.send(method, &format!("{path}{suffix}"), body).await;
        assert_problem(&response, 404, "not_found");
        assert!(
            !response.text.contains(&owner.id),
            "{method} {suffix} leaks the owner: {}",
            response.text
        );
    }
    assert_eq!(get_contact(&owner, &contact).await, contact);
    assert_eq!(
        crate::contact_helpers::actions_of(&history(&owner, &contact).await),
        ["create"]
    );
}

#[tokio::test]
async fn a_foreign_contact_404_is_identical_to_a_missing_one() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    create_namespace(&owner, "Retail").await;
    let contact = create_contact(&owner, "Retail", "Asha Rao").await;

    let foreign = stranger.get(&contact_path(&contact)).await;
    let missing = stranger.get(&format!("/contacts/{MISSING_ID}/")).await;

    assert_problem(&foreign, 404, "not_found");
    assert_eq!(strip(foreign.json), strip(missing.json));
}

#[tokio::test]
async fn another_tenants_contacts_never_appear_in_a_list() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let ns = create_namespace(&owner, "Retail").await;
    create_contact(&owner, "Retail", "Asha Rao").await;
    create_namespace(&stranger, "Retail").await;
    let own = create_contact(&stranger, "Retail", "Vikram Shah").await;

    let all = list_contacts(&stranger, &[]).await;
    let searched = list_contacts(&stranger, &[("search", "Asha")]).await;
    let by_foreign_ns = list_contacts(&stranger, &[("namespace", &id_of(&ns))]).await;

    assert_eq!(all["count"], 1);
    assert_eq!(all["results"], json!([own]));
    assert_eq!(searched["count"], 0);
    assert_eq!(by_foreign_ns["count"], 0);
    assert_eq!(contact_count(&owner).await, 1);
}

#[tokio::test]
async fn a_contact_cannot_be_created_in_another_tenants_namespace() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let ns = create_namespace(&owner, "Owners Only").await;

    let by_name = stranger
        .post("/contacts/", Some(contact_body("Owners Only", "Asha Rao")))
        .await;
    let by_id = stranger
        .post("/contacts/", Some(contact_body(&id_of(&ns), "Asha Rao")))
        .await;

    assert_field_error(&by_name, "namespace", "not_found");
    assert_field_error(&by_id, "namespace", "not_found");
    assert_eq!(contact_count(&stranger).await, 0);
    assert_eq!(contact_count(&owner).await, 0);
}

#[tokio::test]
async fn the_same_user_id_in_two_tenants_sees_only_the_tokens_tenant() {
    let first = TestTenant::with_ids(
        &format!("t-{}", crego_api_tests::client::random_hex12()),
        "user-shared",
    );
    let second = TestTenant::with_ids(
        &format!("t-{}", crego_api_tests::client::random_hex12()),
        "user-shared",
    );
    create_namespace(&first, "Retail").await;
    let contact = create_contact(&first, "Retail", "Asha Rao").await;

    let read = second.get(&contact_path(&contact)).await;

    assert_problem(&read, 404, "not_found");
    assert_eq!(contact_count(&second).await, 0);
}

#[tokio::test]
async fn a_checker_of_another_tenant_cannot_approve() {
    let maker = TestTenant::new();
    let foreign_checker = checker_of(&TestTenant::new());
    create_namespace(&maker, "Retail").await;
    let contact = create_contact(&maker, "Retail", "Asha Rao").await;

    let response = crate::contact_helpers::act(&foreign_checker, &contact, "approve").await;

    assert_problem(&response, 404, "not_found");
    assert_eq!(get_contact(&maker, &contact).await["approval_status"], "pending");
}

#[tokio::test]
async fn an_unknown_contact_id_is_404_on_every_contact_route() {
    let tenant = crate::contact_helpers::with_scope(&TestTenant::new(), APPROVE_SCOPE);
    let path = format!("/contacts/{MISSING_ID}/");

    for (method, suffix, body) in contact_routes() {
        let response = tenant.send(method, &format!("{path}{suffix}"), body).await;
        assert_problem(&response, 404, "not_found");
    }
    assert_eq!(contact_count(&tenant).await, 0);
}

#[tokio::test]
async fn a_malformed_contact_id_is_404_on_every_contact_route() {
    let tenant = crate::contact_helpers::with_scope(&TestTenant::new(), APPROVE_SCOPE);

    for id in ["bad!id", "short", "x".repeat(51).as_str()] {
        for (method, suffix, body) in contact_routes() {
            let path = format!("/contacts/{id}/{suffix}");
            let response = tenant.send(method, &path, body).await;
            assert_eq!(response.status, 404, "{method} {path}: {}", response.text);
        }
    }
}
