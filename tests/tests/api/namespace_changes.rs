//! Namespace changes: partial PATCH (version, updated_by, clearing, renames) and DELETE.

use crate::helpers::{
    assert_field_error, assert_problem, create_namespace, create_namespace_with, get_namespace,
    namespace_count, ns_path, MISSING_ID,
};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

#[tokio::test]
async fn patching_changes_only_the_fields_sent_and_bumps_the_version() {
    let tenant = TestTenant::new();
    let created =
        create_namespace_with(&tenant, json!({"name": "Retail", "account_pattern": "A-{SEQ}"})).await;

    let first = tenant
        .patch(&ns_path(&created), Some(json!({"contact_pattern": "C-{SEQ:4}"})))
        .await;
    let second = tenant
        .patch(&ns_path(&created), Some(json!({"contact_counter": 500})))
        .await;

    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.json["version"], 2);
    assert_eq!(first.json["contact_pattern"], "C-{SEQ:4}");
    assert_eq!(second.status, 200, "{}", second.text);
    let ns = &second.json;
    assert_eq!(ns["version"], 3);
    assert_eq!(ns["contact_counter"], 500);
    assert_eq!(
        (ns["name"].clone(), ns["account_pattern"].clone()),
        (json!("Retail"), json!("A-{SEQ}"))
    );
    assert_eq!(ns["contact_pattern"], "C-{SEQ:4}");
    assert_eq!(
        (ns["id"].clone(), ns["created_at"].clone()),
        (created["id"].clone(), created["created_at"].clone())
    );
    assert_eq!(ns["created_by"], tenant.sub.as_str());
    assert_eq!(ns["updated_by"], tenant.sub.as_str());
    assert!(ns["updated_at"].as_str() >= created["updated_at"].as_str());
    assert_eq!(&get_namespace(&tenant, &created).await, ns);
}

#[tokio::test]
async fn patching_by_another_user_of_the_tenant_records_that_user() {
    let owner = TestTenant::new();
    let colleague = TestTenant::with_ids(&owner.id, "user-colleague");
    let created = create_namespace(&owner, "Retail").await;

    let response = colleague
        .patch(&ns_path(&created), Some(json!({"name": "Retail 2"})))
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["created_by"], owner.sub.as_str());
    assert_eq!(response.json["updated_by"], "user-colleague");
}

#[tokio::test]
async fn patching_with_a_null_name_is_refused_and_changes_nothing() {
    let tenant = TestTenant::new();
    let created = create_namespace(&tenant, "Retail").await;

    let response = tenant
        .patch(&ns_path(&created), Some(json!({"name": null})))
        .await;

    assert_field_error(&response, "name", "required");
    assert_eq!(get_namespace(&tenant, &created).await, created);
}

#[tokio::test]
async fn patching_a_pattern_to_null_clears_it() {
    let tenant = TestTenant::new();
    let body = json!({"name": "Retail", "contact_pattern": "C-{SEQ}", "account_pattern": "A-{SEQ}"});
    let created = create_namespace_with(&tenant, body).await;

    let response = tenant
        .patch(&ns_path(&created), Some(json!({"contact_pattern": null})))
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["contact_pattern"], Value::Null);
    assert_eq!(response.json["account_pattern"], "A-{SEQ}");
    assert_eq!(
        get_namespace(&tenant, &created).await["contact_pattern"],
        Value::Null
    );
}

#[tokio::test]
async fn renaming_to_a_name_taken_in_the_tenant_is_a_conflict() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let other = create_namespace(&tenant, "Corporate").await;

    let response = tenant
        .patch(&ns_path(&other), Some(json!({"name": "RETAIL"})))
        .await;

    assert_problem(&response, 409, "conflict");
    assert!(
        response.has_field_error("name", "unique"),
        "{:?}",
        response.field_errors()
    );
    assert_eq!(get_namespace(&tenant, &other).await, other);
}

#[tokio::test]
async fn renaming_a_namespace_to_a_new_case_of_its_own_name_is_allowed() {
    let tenant = TestTenant::new();
    let created = create_namespace(&tenant, "Retail").await;

    let response = tenant
        .patch(&ns_path(&created), Some(json!({"name": "RETAIL"})))
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["name"], "RETAIL");
}

#[tokio::test]
async fn a_patch_with_bad_fields_reports_them_all_and_changes_nothing() {
    let tenant = TestTenant::new();
    let created = create_namespace(&tenant, "Retail").await;
    let body = json!({"name": "", "account_pattern": "X", "account_counter": -5, "id": "x", "shade": 1});

    let response = tenant.patch(&ns_path(&created), Some(body)).await;

    assert_problem(&response, 400, "validation_failed");
    let fields: Vec<String> = response.field_errors().into_iter().map(|(f, _)| f).collect();
    for field in ["name", "account_pattern", "account_counter", "shade"] {
        assert!(
            fields.iter().any(|f| f == field),
            "{field} missing from {fields:?}"
        );
    }
    assert!(response.has_field_error("shade", "unknown_field"));
    assert!(
        !fields.iter().any(|f| f == "id"),
        "a server-managed field is ignored: {fields:?}"
    );
    assert_eq!(get_namespace(&tenant, &created).await, created);
}

#[tokio::test]
async fn patching_a_missing_namespace_is_404() {
    let tenant = TestTenant::new();

    let response = tenant
        .patch(&format!("/namespaces/{MISSING_ID}/"), Some(json!({"name": "X"})))
        .await;

    assert_problem(&response, 404, "not_found");
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn deleting_a_namespace_returns_204_and_then_it_is_gone() {
    let tenant = TestTenant::new();
    let doomed = create_namespace(&tenant, "Retail").await;
    let kept = create_namespace(&tenant, "Corporate").await;

    let response = tenant.delete(&ns_path(&doomed)).await;

    assert_eq!(response.status, 204, "{}", response.text);
    assert!(response.text.is_empty(), "a 204 has no body: {}", response.text);
    assert_problem(&tenant.get(&ns_path(&doomed)).await, 404, "not_found");
    assert_problem(&tenant.delete(&ns_path(&doomed)).await, 404, "not_found");
    assert_eq!(namespace_count(&tenant).await, 1);
    assert_eq!(get_namespace(&tenant, &kept).await, kept);
}

#[tokio::test]
async fn a_deleted_namespace_frees_its_name() {
    let tenant = TestTenant::new();
    let first = create_namespace(&tenant, "Retail").await;
    assert_eq!(tenant.delete(&ns_path(&first)).await.status, 204);

    let second = create_namespace(&tenant, "retail").await;

    assert_ne!(second["id"], first["id"]);
    assert_eq!(namespace_count(&tenant).await, 1);
}
