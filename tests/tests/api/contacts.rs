//! Contacts: create and read, the namespace reference, and the field rules of a create body.

use crate::contact_helpers::{
    contact_body, contact_count, contact_path, create_contact, create_contact_with, get_contact, text_prop,
    with, CONTACT_FIELDS,
};
use crate::helpers::{assert_field_error, assert_problem, create_namespace, id_of};
use crego_api_tests::shapes::{is_ulid, is_utc_micros_timestamp};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

#[tokio::test]
async fn creating_a_contact_returns_201_with_every_field_and_etag_1() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = with(
        contact_body("Retail", "Rajesh Kumar"),
        json!({
            "tags": ["vip", "retail"],
            "refs": {"crm": "X-1", "score": 7},
            "props": [
                text_prop("pan_no", "ABCPK1234L"),
                {"key": "age", "value": "42", "type": "number"},
                {"key": "kyc_done", "value": "true", "type": "boolean"},
            ],
            "rm_id": "RM_01",
            "branch_id": "BR-7",
            "ref_id": "R-1",
        }),
    );

    let response = tenant.post("/contacts/", Some(body)).await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert!(response.header("content-type").starts_with("application/json"));
    assert_eq!(response.header("etag"), "\"1\"");
    let c = &response.json;
    for field in CONTACT_FIELDS {
        assert!(c.get(field).is_some(), "no {field} in {c}");
    }
    assert_eq!(
        c.as_object().unwrap().len(),
        CONTACT_FIELDS.len(),
        "unexpected fields in {c}"
    );
    assert!(is_ulid(c["id"].as_str().unwrap()), "id {}", c["id"]);
    assert_eq!(c["tenant_id"], tenant.id.as_str());
    assert_eq!(c["namespace"], "Retail");
    assert_eq!(
        (&c["name"], &c["type"], &c["status"], &c["ref_id"]),
        (
            &json!("Rajesh Kumar"),
            &json!("individual"),
            &json!("active"),
            &json!("R-1")
        )
    );
    assert_eq!(c["tags"], json!(["vip", "retail"]));
    assert_eq!(c["refs"], json!({"crm": "X-1", "score": 7}));
    let keys: Vec<&str> = c["props"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["age", "kyc_done", "pan_no"], "props sorted by key");
    assert_eq!(
        c["props"][0],
        json!({"key": "age", "value": "42", "type": "number"})
    );
    assert_eq!((&c["rm_id"], &c["branch_id"]), (&json!("RM_01"), &json!("BR-7")));
    assert_eq!(c["approval_status"], "pending");
    for field in [
        "approved_by",
        "approved_at",
        "rejected_by",
        "rejected_at",
        "rejection_reason",
        "updated_by",
    ] {
        assert_eq!(c[field], Value::Null, "{field} in {c}");
    }
    assert_eq!(c["version"], 1);
    assert_eq!(c["created_by"], tenant.sub.as_str());
    for field in ["created_at", "updated_at"] {
        assert!(
            is_utc_micros_timestamp(c[field].as_str().unwrap()),
            "{field}: {}",
            c[field]
        );
    }
}

#[tokio::test]
async fn a_created_contact_reads_back_the_same_with_its_etag() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = with(
        contact_body("Retail", "Priya Nair"),
        json!({"props": [text_prop("city", "Pune")]}),
    );
    let created = create_contact_with(&tenant, body).await;

    let read = tenant.get(&contact_path(&created)).await;
    let without_slash = tenant.get(contact_path(&created).trim_end_matches('/')).await;

    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.header("etag"), "\"1\"");
    assert_eq!(read.json, created);
    assert_eq!(without_slash.json, created);
}

#[tokio::test]
async fn the_namespace_may_be_named_in_any_case_or_by_id_and_is_shown_by_name() {
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Retail Loans").await;

    let by_name = create_contact(&tenant, "Retail Loans", "Asha Rao").await;
    let by_other_case = create_contact(&tenant, "rETAIL lOANS", "Vikram Shah").await;
    let by_id = create_contact(&tenant, &id_of(&ns), "Meena Iyer").await;

    for contact in [&by_name, &by_other_case, &by_id] {
        assert_eq!(contact["namespace"], "Retail Loans", "{contact}");
    }
    assert_eq!(contact_count(&tenant).await, 3);
}

#[tokio::test]
async fn an_unknown_namespace_is_refused_as_not_found_and_nothing_is_stored() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;

    let by_name = tenant
        .post("/contacts/", Some(contact_body("Wholesale", "Asha Rao")))
        .await;
    let by_id = tenant
        .post(
            "/contacts/",
            Some(contact_body("01ARZ3NDEKTSV4RRFFQ69G5FAV", "Asha Rao")),
        )
        .await;

    for response in [&by_name, &by_id] {
        assert_field_error(response, "namespace", "not_found");
        assert_eq!(response.field_errors().len(), 1, "{:?}", response.field_errors());
    }
    assert_eq!(contact_count(&tenant).await, 0);
}

#[tokio::test]
async fn a_body_without_the_required_fields_names_every_one_and_nothing_is_stored() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;

    let empty = tenant.post("/contacts/", Some(json!({}))).await;
    let nulls = tenant
        .post(
            "/contacts/",
            Some(json!({"name": null, "namespace": null, "status": null, "type": null})),
        )
        .await;

    for response in [&empty, &nulls] {
        for field in ["name", "namespace", "status", "type"] {
            assert_field_error(response, field, "required");
        }
    }
    assert_eq!(contact_count(&tenant).await, 0);
}

#[tokio::test]
async fn every_bad_field_is_reported_at_once_and_nothing_is_stored() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = json!({
        "name": "Rajesh <Kumar>",
        "namespace": "Retail",
        "status": "gone",
        "type": "robot",
        "tags": ["vip", "gold", "vip"],
        "refs": ["not", "an", "object"],
        "props": [
            text_prop("pan_no", "ABCPK1234L"),
            text_prop("pan_no", "ABCPK1234M"),
            {"key": "age", "value": "forty", "type": "number"},
            {"key": "kyc", "value": "yes", "type": "boolean"},
            {"key": "dob", "value": "1990-01-01", "type": "date"},
        ],
        "rm_id": "bad id!",
        "ref_id": "has space",
        "colour": "blue",
    });

    let response = tenant.post("/contacts/", Some(body)).await;

    let expected = [
        ("name", "pattern"),
        ("status", "enum"),
        ("type", "enum"),
        ("tags[2]", "duplicate"),
        ("props[1].key", "duplicate"),
        ("props[2].value", "pattern"),
        ("props[4].type", "enum"),
        ("rm_id", "pattern"),
        ("ref_id", "pattern"),
        ("colour", "unknown_field"),
    ];
    for (field, code) in expected {
        assert_field_error(&response, field, code);
    }
    for field in ["refs", "props[3].value"] {
        assert!(
            response.field_errors().iter().any(|(f, _)| f == field),
            "{field} missing from {:?}",
            response.field_errors()
        );
    }
    assert_eq!(contact_count(&tenant).await, 0);
}

#[tokio::test]
async fn names_at_the_edges_of_the_rule_are_accepted_and_past_them_refused() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;

    for name in [
        "A".to_string(),
        "x".repeat(100),
        "O'Brien & Sons (India), Pvt. Ltd-2".to_string(),
    ] {
        let created = create_contact(&tenant, "Retail", &name).await;
        assert_eq!(created["name"], name.as_str());
    }
    let too_long = tenant
        .post("/contacts/", Some(contact_body("Retail", &"x".repeat(101))))
        .await;
    let underscore = tenant
        .post("/contacts/", Some(contact_body("Retail", "Sharma_Sons")))
        .await;

    assert_field_error(&too_long, "name", "length");
    assert_field_error(&underscore, "name", "pattern");
    assert_eq!(contact_count(&tenant).await, 3);
}

#[tokio::test]
async fn every_prop_type_accepts_its_values() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let props = json!([
        {"key": "income", "value": "-12.50", "type": "number"},
        {"key": "kyc", "value": "false", "type": "boolean"},
        {"key": "photo", "value": "https://files.example/p.png", "type": "file"},
        {"key": "note", "value": "prefers e-mail", "type": "text"},
    ]);

    let created = create_contact_with(
        &tenant,
        with(contact_body("Retail", "Asha Rao"), json!({"props": props})),
    )
    .await;

    assert_eq!(created["props"].as_array().unwrap().len(), 4);
    assert_eq!(
        created["props"][0],
        json!({"key": "income", "value": "-12.50", "type": "number"})
    );
    assert_eq!(
        created["props"][1],
        json!({"key": "kyc", "value": "false", "type": "boolean"})
    );
}

#[tokio::test]
async fn server_managed_fields_in_the_body_are_ignored() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = with(
        contact_body("Retail", "Asha Rao"),
        json!({
            "id": "01ARZ3NDEKTSV4RRFFQ69G5FAV",
            "tenant_id": "someone-else",
            "version": 7,
            "created_at": "2001-01-01T00:00:00.000000Z",
            "created_by": "mallory",
            "updated_at": "2001-01-01T00:00:00.000000Z",
            "updated_by": "mallory",
            "approval_status": "approved",
            "approved_by": "mallory",
            "approved_at": "2001-01-01T00:00:00.000000Z",
            "rejected_by": null,
            "rejected_at": null,
            "rejection_reason": null,
        }),
    );

    let created = create_contact_with(&tenant, body).await;

    assert_ne!(created["id"], "01ARZ3NDEKTSV4RRFFQ69G5FAV");
    assert_eq!(created["tenant_id"], tenant.id.as_str());
    assert_eq!(created["version"], 1);
    assert_eq!(created["created_by"], tenant.sub.as_str());
    assert_eq!(created["updated_by"], Value::Null);
    assert_eq!(created["approval_status"], "pending");
    assert_eq!(
        (&created["approved_by"], &created["approved_at"]),
        (&Value::Null, &Value::Null)
    );
    assert!(created["created_at"].as_str().unwrap() > "2020");
    assert_eq!(get_contact(&tenant, &created).await, created);
}

#[tokio::test]
async fn blank_rm_and_branch_ids_are_stored_as_null() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = with(
        contact_body("Retail", "Asha Rao"),
        json!({"rm_id": "", "branch_id": ""}),
    );

    let created = create_contact_with(&tenant, body).await;

    assert_eq!(
        (&created["rm_id"], &created["branch_id"]),
        (&Value::Null, &Value::Null)
    );
    let read = get_contact(&tenant, &created).await;
    assert_eq!((&read["rm_id"], &read["branch_id"]), (&Value::Null, &Value::Null));
}

#[tokio::test]
async fn optional_fields_default_to_empty_collections_and_nulls() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;

    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    assert_eq!(created["tags"], json!([]));
    assert_eq!(created["refs"], json!({}));
    assert_eq!(created["props"], json!([]));
    assert_eq!(
        (&created["rm_id"], &created["branch_id"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(created["ref_id"], Value::Null, "no pattern, no ref_id");
}

#[tokio::test]
async fn a_create_that_is_not_json_is_refused_and_nothing_is_stored() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;

    let array = tenant
        .post("/contacts/", Some(json!([contact_body("Retail", "Asha Rao")])))
        .await;
    let malformed = tenant
        .send(
            "POST",
            "/contacts/",
            crego_api_tests::Body::json_bytes("{\"name\": "),
        )
        .await;

    assert_eq!(array.status, 400, "{}", array.text);
    assert_eq!(malformed.status, 400, "{}", malformed.text);
    assert_eq!(contact_count(&tenant).await, 0);
}

#[tokio::test]
async fn a_namespace_used_by_a_contact_cannot_be_deleted() {
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Retail").await;
    let contact = create_contact(&tenant, "Retail", "Asha Rao").await;

    let response = tenant.delete(&crate::helpers::ns_path(&ns)).await;

    assert_problem(&response, 409, "namespace_in_use");
    assert_eq!(crate::helpers::get_namespace(&tenant, &ns).await, ns);
    assert_eq!(get_contact(&tenant, &contact).await, contact);
}
