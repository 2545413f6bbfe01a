//! A contact's props: read sorted by key, upsert by key, delete by key or all, the prop rules and the
//! 100-props limit counted after the upsert.

use crate::contact_helpers::{contact_body, create_contact_with, get_contact, text_prop, with};
use crate::helpers::{assert_field_error, assert_problem, assert_query_error, id_of, MISSING_ID};
use crate::sub_helpers::{keys_of, owner_contact, props_path, put_props, read_props};
use crego_api_tests::{Body, TestTenant};
use serde_json::{json, Value};

/// A contact in "Retail" created with these props.
async fn contact_with_props(tenant: &TestTenant, props: Value) -> Value {
    crate::helpers::create_namespace(tenant, "Retail").await;
    create_contact_with(
        tenant,
        with(contact_body("Retail", "Asha Rao"), json!({ "props": props })),
    )
    .await
}

/// `count` text props `k000`, `k001`, ...
fn many_props(prefix: &str, count: usize) -> Value {
    Value::Array(
        (0..count)
            .map(|i| text_prop(&format!("{prefix}{i:03}"), "x"))
            .collect(),
    )
}

#[tokio::test]
async fn a_contacts_props_are_read_sorted_by_key() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(
        &tenant,
        json!([text_prop("pan_no", "ABCPK1234L"), {"key": "age", "value": "42", "type": "number"}]),
    )
    .await;
    let bare = crate::contact_helpers::create_contact(&tenant, "Retail", "Vikram Shah").await;

    // With `pii:read`: the PAN as written (without it, masked: `pii_reads`).
    let reader = crate::contact_helpers::with_scope(&tenant, "pii:read");
    let response = reader.get(&props_path(&contact)).await;
    let empty = reader.get(&props_path(&bare)).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(
        response.json,
        json!({"contact_id": id_of(&contact), "props": [
            {"key": "age", "value": "42", "type": "number"},
            {"key": "pan_no", "value": "ABCPK1234L", "type": "text"},
        ]})
    );
    assert_eq!(empty.status, 200, "{}", empty.text);
    assert_eq!(empty.json, json!({"contact_id": id_of(&bare), "props": []}));
}

#[tokio::test]
async fn putting_props_upserts_by_key_and_returns_the_whole_list() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(
        &tenant,
        json!([
            text_prop("city", "Pune"),
            text_prop("pan_no", "ABCPK1234L"),
            text_prop("score", "high")
        ]),
    )
    .await;

    let response = put_props(
        &tenant,
        &contact,
        json!([
            text_prop("city", "Mumbai"),
            {"key": "score", "value": "7.5", "type": "number"},
            {"key": "kyc_done", "value": "false", "type": "boolean"},
            {"key": "aadhaar card", "value": "files/a1.pdf", "type": "file"},
        ]),
    )
    .await;

    assert_eq!(response.status, 200, "{}", response.text);
    let expected = json!([
        {"key": "aadhaar card", "value": "files/a1.pdf", "type": "file"},
        {"key": "city", "value": "Mumbai", "type": "text"},
        {"key": "kyc_done", "value": "false", "type": "boolean"},
        // Masked without `pii:read` (CONTRACT §9, "Personal data").
        {"key": "pan_no", "value": "XXXXXX234L", "type": "text"},
        {"key": "score", "value": "7.5", "type": "number"},
    ]);
    assert_eq!(
        response.json,
        json!({"contact_id": id_of(&contact), "props": expected})
    );
    assert_eq!(read_props(&tenant, &contact).await, expected);
    let stored = get_contact(&tenant, &contact).await;
    assert_eq!(stored["props"], expected, "props are inline on the contact");
    assert_eq!(
        (&stored["version"], &stored["updated_by"]),
        (&json!(2), &json!(tenant.sub))
    );
}

#[tokio::test]
async fn an_empty_or_missing_props_list_is_required() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let empty = put_props(&tenant, &contact, json!([])).await;
    let missing = tenant
        .send("PUT", &props_path(&contact), Body::Json(json!({})))
        .await;
    let unknown = tenant
        .send(
            "PUT",
            &props_path(&contact),
            Body::Json(json!({"props": [text_prop("a", "b")], "replace": true})),
        )
        .await;

    assert_field_error(&empty, "props", "required");
    assert_field_error(&missing, "props", "required");
    assert_field_error(&unknown, "replace", "unknown_field");
    assert_eq!(get_contact(&tenant, &contact).await, contact);
}

#[tokio::test]
async fn every_bad_prop_is_reported_at_once_and_nothing_changes() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(&tenant, json!([text_prop("city", "Pune")])).await;

    let response = put_props(
        &tenant,
        &contact,
        json!([
            text_prop("pan@no", "ABCPK1234L"),
            text_prop("city", ""),
            {"key": "dob", "value": "1990-01-01", "type": "date"},
            {"key": "age", "value": "forty", "type": "number"},
            {"key": "kyc", "value": "yes", "type": "boolean"},
            text_prop("note", &"n".repeat(501)),
        ]),
    )
    .await;

    assert_problem(&response, 400, "validation_failed");
    for field in [
        "props[0].key",
        "props[1].value",
        "props[2].type",
        "props[3].value",
        "props[4].value",
        "props[5].value",
    ] {
        assert!(
            response.field_errors().iter().any(|(f, _)| f == field),
            "{field} in {:?}",
            response.field_errors()
        );
    }
    assert!(
        response.has_field_error("props[0].key", "pattern"),
        "{}",
        response.text
    );
    assert!(
        response.has_field_error("props[2].type", "enum"),
        "{}",
        response.text
    );
    assert_eq!(get_contact(&tenant, &contact).await, contact);
}

#[tokio::test]
async fn number_values_are_decimals_and_underscored_keys_are_allowed() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let response = put_props(
        &tenant,
        &contact,
        json!([
            {"key": "balance_due", "value": "-12", "type": "number"},
            {"key": "rate (p.a.)", "value": "3.5", "type": "number"},
            {"key": "kyc_done", "value": "true", "type": "boolean"},
        ]),
    )
    .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(
        keys_of(&response.json["props"]),
        ["balance_due", "kyc_done", "rate (p.a.)"]
    );
}

#[tokio::test]
async fn the_100_props_limit_counts_after_the_upsert() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(&tenant, many_props("k", 95)).await;
    let mut ten_new = many_props("n", 10);

    let over = put_props(&tenant, &contact, ten_new.clone()).await;
    // Five existing keys and five new ones make exactly 100.
    ten_new.as_array_mut().unwrap().truncate(5);
    let mut mixed = ten_new.as_array().unwrap().clone();
    mixed.extend((0..5).map(|i| text_prop(&format!("k{i:03}"), "updated")));
    let exactly = put_props(&tenant, &contact, Value::Array(mixed)).await;

    assert_field_error(&over, "props", "length");
    assert_eq!(exactly.status, 200, "{}", exactly.text);
    let props = read_props(&tenant, &contact).await;
    assert_eq!(props.as_array().unwrap().len(), 100);
    assert_eq!(props[0], text_prop("k000", "updated"));
    assert!(!keys_of(&props).iter().any(|k| k.as_str() >= "n005"));
    assert_eq!(
        get_contact(&tenant, &contact).await["version"],
        2,
        "the refused PUT wrote nothing"
    );
}

#[tokio::test]
async fn deleting_props_by_key_removes_only_those() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(
        &tenant,
        json!([text_prop("a", "1"), text_prop("b", "2"), text_prop("c", "3")]),
    )
    .await;

    let response = tenant.delete(&format!("{}?keys=a,c", props_path(&contact))).await;

    assert_eq!(response.status, 204, "{}", response.text);
    assert!(response.text.is_empty(), "{}", response.text);
    assert_eq!(read_props(&tenant, &contact).await, json!([text_prop("b", "2")]));
    let stored = get_contact(&tenant, &contact).await;
    assert_eq!(
        (&stored["props"], &stored["version"]),
        (&json!([text_prop("b", "2")]), &json!(2))
    );
}

#[tokio::test]
async fn deleting_all_props_empties_the_list() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(&tenant, many_props("k", 12)).await;

    let response = tenant.delete(&format!("{}?all=true", props_path(&contact))).await;

    assert_eq!(response.status, 204, "{}", response.text);
    assert_eq!(read_props(&tenant, &contact).await, json!([]));
    assert_eq!(get_contact(&tenant, &contact).await["props"], json!([]));
}

#[tokio::test]
async fn a_delete_needs_either_keys_or_all_but_not_both() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(&tenant, json!([text_prop("a", "1")])).await;
    let path = props_path(&contact);

    let neither = tenant.delete(&path).await;
    let both = tenant.delete(&format!("{path}?keys=a&all=true")).await;

    for response in [&neither, &both] {
        assert_query_error(response, "keys");
        assert!(response.has_field_error("keys", "required"), "{}", response.text);
    }
    assert_eq!(get_contact(&tenant, &contact).await, contact);
}

#[tokio::test]
async fn the_props_routes_of_an_unknown_contact_are_404() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;
    let path = format!("/contacts/{MISSING_ID}/props/");

    let get = tenant.get(&path).await;
    let put = tenant
        .send("PUT", &path, Body::Json(json!({"props": [text_prop("a", "1")]})))
        .await;
    let delete = tenant.delete(&format!("{path}?all=true")).await;

    for response in [&get, &put, &delete] {
        assert_problem(response, 404, "not_found");
    }
}
