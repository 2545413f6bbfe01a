//! Contact updates: partial PATCH, the props list replaced whole, the immutable namespace, clearing
//! codes, and status changes that obey the action rules.

use crate::contact_helpers::{
    act_ok, checker_of, contact_body, contact_path, create_contact, create_contact_with, get_contact,
    text_prop, user_of, with,
};
use crate::helpers::{assert_field_error, assert_problem, create_namespace, id_of};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// Every field of `after` except the ones an update is expected to touch equals `before`'s.
fn assert_unchanged_except(before: &Value, after: &Value, changed: &[&str]) {
    let skip = ["version", "updated_at", "updated_by"];
    for (field, value) in before.as_object().unwrap() {
        if !changed.contains(&field.as_str()) && !skip.contains(&field.as_str()) {
            assert_eq!(&after[field], value, "{field} changed: {after}");
        }
    }
}

#[tokio::test]
async fn patching_changes_only_the_fields_sent_and_bumps_the_version() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = with(
        contact_body("Retail", "Asha Rao"),
        json!({"tags": ["vip"], "rm_id": "RM1", "props": [text_prop("city", "Pune")]}),
    );
    let created = create_contact_with(&tenant, body).await;

    let response = tenant
        .patch(
            &contact_path(&created),
            Some(json!({"name": "Asha R. Rao", "tags": ["vip", "gold"], "type": "corporate"})),
        )
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.header("etag"), "\"2\"");
    let c = &response.json;
    assert_eq!(c["name"], "Asha R. Rao");
    assert_eq!(c["tags"], json!(["vip", "gold"]));
    assert_eq!(c["type"], "corporate");
    assert_unchanged_except(&created, c, &["name", "tags", "type"]);
    assert_eq!(c["version"], 2);
    assert_eq!(c["updated_by"], tenant.sub.as_str());
    assert!(c["updated_at"].as_str() >= created["updated_at"].as_str());
    let read = tenant.get(&contact_path(&created)).await;
    assert_eq!(read.header("etag"), "\"2\"");
    assert_eq!(&read.json, c);
}

#[tokio::test]
async fn patching_props_replaces_the_whole_list() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let props = json!([text_prop("city", "Pune"), text_prop("email", "asha@example.com")]);
    let created = create_contact_with(
        &tenant,
        with(contact_body("Retail", "Asha Rao"), json!({"props": props})),
    )
    .await;

    let response = tenant
        .patch(
            &contact_path(&created),
            Some(json!({"props": [{"key": "age", "value": "30", "type": "number"}]})),
        )
        .await;
    let emptied = tenant
        .patch(&contact_path(&created), Some(json!({"props": []})))
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(
        response.json["props"],
        json!([{"key": "age", "value": "30", "type": "number"}])
    );
    assert_eq!(emptied.status, 200, "{}", emptied.text);
    assert_eq!(emptied.json["props"], json!([]));
    assert_eq!(get_contact(&tenant, &created).await["props"], json!([]));
}

#[tokio::test]
async fn another_user_of_the_tenant_is_recorded_as_the_updater() {
    let owner = TestTenant::new();
    let colleague = user_of(&owner, "user-colleague", "");
    create_namespace(&owner, "Retail").await;
    let created = create_contact(&owner, "Retail", "Asha Rao").await;

    let response = colleague
        .patch(&contact_path(&created), Some(json!({"name": "Asha R. Rao"})))
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["created_by"], owner.sub.as_str());
    assert_eq!(response.json["updated_by"], "user-colleague");
}

#[tokio::test]
async fn sending_the_namespace_back_unchanged_is_fine() {
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    let same_name = tenant
        .patch(
            &contact_path(&created),
            Some(json!({"namespace": "Retail", "name": "Asha A"})),
        )
        .await;
    let other_case = tenant
        .patch(
            &contact_path(&created),
            Some(json!({"namespace": "RETAIL", "name": "Asha B"})),
        )
        .await;
    let by_id = tenant
        .patch(
            &contact_path(&created),
            Some(json!({"namespace": id_of(&ns), "name": "Asha C"})),
        )
        .await;

    for response in [&same_name, &other_case, &by_id] {
        assert_eq!(response.status, 200, "{}", response.text);
        assert_eq!(response.json["namespace"], "Retail");
    }
    assert_eq!(get_contact(&tenant, &created).await["name"], "Asha C");
}

#[tokio::test]
async fn moving_a_contact_to_another_namespace_is_refused_and_nothing_changes() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let other = create_namespace(&tenant, "Corporate").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    let by_name = tenant
        .patch(
            &contact_path(&created),
            Some(json!({"namespace": "Corporate", "name": "Moved"})),
        )
        .await;
    let by_id = tenant
        .patch(&contact_path(&created), Some(json!({"namespace": id_of(&other)})))
        .await;
    let unknown = tenant
        .patch(&contact_path(&created), Some(json!({"namespace": "Nowhere"})))
        .await;

    for response in [&by_name, &by_id, &unknown] {
        assert_field_error(response, "namespace", "immutable");
    }
    assert_eq!(get_contact(&tenant, &created).await, created);
}

#[tokio::test]
async fn an_empty_patch_changes_nothing() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    let response = tenant.patch(&contact_path(&created), Some(json!({}))).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.header("etag"), "\"1\"");
    assert_eq!(response.json, created);
    assert_eq!(get_contact(&tenant, &created).await, created);
}

#[tokio::test]
async fn a_blank_or_null_rm_id_clears_it() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = with(
        contact_body("Retail", "Asha Rao"),
        json!({"rm_id": "RM1", "branch_id": "BR1"}),
    );
    let created = create_contact_with(&tenant, body).await;

    let blank = tenant
        .patch(&contact_path(&created), Some(json!({"rm_id": ""})))
        .await;
    let null = tenant
        .patch(&contact_path(&created), Some(json!({"branch_id": null})))
        .await;

    assert_eq!(blank.status, 200, "{}", blank.text);
    assert_eq!(blank.json["rm_id"], Value::Null);
    assert_eq!(blank.json["branch_id"], "BR1");
    assert_eq!(null.status, 200, "{}", null.text);
    let read = get_contact(&tenant, &created).await;
    assert_eq!((&read["rm_id"], &read["branch_id"]), (&Value::Null, &Value::Null));
}

#[tokio::test]
async fn a_contact_as_read_can_be_sent_back_as_a_patch() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = with(
        contact_body("Retail", "Asha Rao"),
        json!({"props": [text_prop("city", "Pune")]}),
    );
    let created = create_contact_with(&tenant, body).await;
    let edited = with(
        get_contact(&tenant, &created).await,
        json!({"name": "Asha Rao Iyer"}),
    );

    let response = tenant.patch(&contact_path(&created), Some(edited)).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["name"], "Asha Rao Iyer");
    assert_unchanged_except(&created, &response.json, &["name"]);
    assert_eq!(response.json["version"], 2);
}

#[tokio::test]
async fn a_patch_with_bad_fields_reports_them_all_and_changes_nothing() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;
    let body = json!({
        "name": "",
        "status": "gone",
        "type": null,
        "tags": ["a", "a"],
        "props": [text_prop("k", "1"), text_prop("k", "2")],
        "shade": "blue",
        "id": "ignored",
    });

    let response = tenant.patch(&contact_path(&created), Some(body)).await;

    assert_problem(&response, 400, "validation_failed");
    let fields: Vec<String> = response.field_errors().into_iter().map(|(f, _)| f).collect();
    for field in ["name", "status", "type", "tags[1]", "props[1].key", "shade"] {
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
    assert_eq!(get_contact(&tenant, &created).await, created);
}

#[tokio::test]
async fn patching_status_to_active_on_a_rejected_contact_is_an_invalid_transition() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;
    let rejected = act_ok(&checker, &created, "reject").await;

    let response = maker
        .patch(
            &contact_path(&created),
            Some(json!({"status": "active", "name": "Sneaky"})),
        )
        .await;

    assert_problem(&response, 409, "invalid_transition");
    assert_eq!(get_contact(&maker, &created).await, rejected);
}

#[tokio::test]
async fn patching_status_to_inactive_is_always_allowed() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;
    act_ok(&checker, &created, "approve").await;

    let response = maker
        .patch(&contact_path(&created), Some(json!({"status": "inactive"})))
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["status"], "inactive");
    assert_eq!(response.json["approval_status"], "approved");
    assert_eq!(response.json["version"], 3);
}

#[tokio::test]
async fn patching_status_back_to_active_on_an_approved_contact_is_allowed() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;
    act_ok(&checker, &created, "approve").await;
    act_ok(&maker, &created, "inactive").await;

    let response = maker
        .patch(&contact_path(&created), Some(json!({"status": "active"})))
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["status"], "active");
    assert_eq!(response.json["approval_status"], "approved");
}

#[tokio::test]
async fn approval_fields_in_a_patch_are_ignored() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    let response = tenant
        .patch(
            &contact_path(&created),
            Some(json!({"approval_status": "approved", "approved_by": "mallory", "version": 99})),
        )
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    let read = get_contact(&tenant, &created).await;
    assert_eq!(read["approval_status"], "pending");
    assert_eq!(read["approved_by"], Value::Null);
    assert_ne!(read["version"], 99);
}
