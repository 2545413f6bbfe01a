//! Namespaces: create, read, partial update, delete, and the field rules on each write.

use crate::helpers::{
    assert_field_error, assert_problem, create_namespace, create_namespace_with, get_namespace, id_of,
    namespace_count, MISSING_ID,
};
use crego_api_tests::shapes::{is_ulid, is_utc_micros_timestamp};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

const FIELDS: [&str; 12] = [
    "id",
    "tenant_id",
    "name",
    "contact_pattern",
    "account_pattern",
    "contact_counter",
    "account_counter",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];

#[tokio::test]
async fn creating_a_namespace_returns_201_with_every_field() {
    let tenant = TestTenant::new();
    let body = json!({"name": "Retail Loans", "account_pattern": "ACC-{YYYY}-{SEQ:6}"});

    let response = tenant.post("/namespaces/", Some(body)).await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert!(response.header("content-type").starts_with("application/json"));
    let ns = &response.json;
    let keys: Vec<&String> = ns.as_object().expect("an object").keys().collect();
    for field in FIELDS {
        assert!(ns.get(field).is_some(), "no {field} in {ns}");
    }
    assert_eq!(keys.len(), FIELDS.len(), "unexpected fields in {ns}");
    assert!(is_ulid(ns["id"].as_str().unwrap()), "id {}", ns["id"]);
    assert_eq!(ns["tenant_id"], tenant.id.as_str());
    assert_eq!(ns["name"], "Retail Loans");
    assert_eq!(ns["contact_pattern"], Value::Null);
    assert_eq!(ns["account_pattern"], "ACC-{YYYY}-{SEQ:6}");
    assert_eq!(
        (ns["contact_counter"].clone(), ns["account_counter"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(ns["version"], 1);
    assert!(
        is_utc_micros_timestamp(ns["created_at"].as_str().unwrap()),
        "{}",
        ns["created_at"]
    );
    assert!(
        is_utc_micros_timestamp(ns["updated_at"].as_str().unwrap()),
        "{}",
        ns["updated_at"]
    );
    assert_eq!(ns["created_by"], tenant.sub.as_str());
    assert_eq!(ns["updated_by"], Value::Null);
}

#[tokio::test]
async fn a_created_namespace_reads_back_the_same() {
    let tenant = TestTenant::new();
    let body = json!({"name": "Corp", "contact_pattern": "C/{YY}{MM}{DD}.{SEQ}", "contact_counter": 42});
    let created = create_namespace_with(&tenant, body).await;

    let read = get_namespace(&tenant, &created).await;

    assert_eq!(read, created);
    assert_eq!(read["contact_counter"], 42);
}

#[tokio::test]
async fn paths_without_a_trailing_slash_are_served_identically() {
    let tenant = TestTenant::new();

    let created = tenant.post("/namespaces", Some(json!({"name": "Retail"}))).await;
    let id = id_of(&created.json);
    let item = tenant.get(&format!("/namespaces/{id}")).await;
    let list = tenant.get("/namespaces").await;
    let patched = tenant
        .patch(&format!("/namespaces/{id}"), Some(json!({"name": "Retail 2"})))
        .await;

    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(item.status, 200, "{}", item.text);
    assert_eq!(item.json, created.json);
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.json["count"], 1);
    assert_eq!(patched.status, 200, "{}", patched.text);
    assert_eq!(tenant.delete(&format!("/namespaces/{id}")).await.status, 204);
}

#[tokio::test]
async fn a_namespace_without_a_name_is_refused_and_nothing_is_stored() {
    let tenant = TestTenant::new();

    let missing = tenant
        .post("/namespaces/", Some(json!({"account_pattern": "{SEQ}"})))
        .await;
    let null = tenant.post("/namespaces/", Some(json!({"name": null}))).await;

    assert_field_error(&missing, "name", "required");
    assert_field_error(&null, "name", "required");
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn names_outside_the_rule_are_refused_with_their_codes() {
    let tenant = TestTenant::new();
    let cases = [
        (json!("x".repeat(51)), "length"),
        (json!(" leading space"), "pattern"),
        (json!("-leading-dash"), "pattern"),
        (json!("slash/name"), "pattern"),
        (json!("émoji"), "pattern"),
        (json!(123), "type"),
        (json!(["Retail"]), "type"),
    ];

    for (name, code) in cases {
        let response = tenant.post("/namespaces/", Some(json!({ "name": name }))).await;
        assert_field_error(&response, "name", code);
    }
    let empty = tenant.post("/namespaces/", Some(json!({"name": ""}))).await;
    assert_problem(&empty, 400, "validation_failed");
    assert!(empty.has_field_error("name", "required") || empty.has_field_error("name", "length"));
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn names_at_the_edges_of_the_rule_are_accepted() {
    let tenant = TestTenant::new();

    for name in [
        "A".to_string(),
        "9".repeat(50),
        "Retail loans_2026.v1-a".to_string(),
    ] {
        let created = create_namespace(&tenant, &name).await;
        assert_eq!(created["name"], name.as_str());
    }
}

#[tokio::test]
async fn names_are_unique_per_tenant_case_insensitively() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;

    let response = tenant.post("/namespaces/", Some(json!({"name": "retail"}))).await;

    assert_problem(&response, 409, "conflict");
    assert!(
        response.has_field_error("name", "unique"),
        "{:?}",
        response.field_errors()
    );
    assert_eq!(namespace_count(&tenant).await, 1);
}

#[tokio::test]
async fn invalid_ref_id_patterns_are_refused() {
    let tenant = TestTenant::new();
    let bad_patterns = [
        "ACC-{YYYY}",    // no {SEQ}
        "{SEQ}-{SEQ:4}", // two sequences
        "A-{SEQ:0}",     // width below 1
        "A-{SEQ:13}",    // width above 12
        "A-{SEQ:x}",     // width not a number
        "A-{FOO}-{SEQ}", // unknown token
        "A {SEQ}",       // space is not a literal
        "A-{SEQ",        // unclosed token
        "A-#{SEQ}",      // '#' is not a literal
        "",              // nothing at all
    ];

    for pattern in bad_patterns {
        for field in ["contact_pattern", "account_pattern"] {
            let response = tenant
                .post("/namespaces/", Some(json!({"name": "N", field: pattern})))
                .await;
            assert_problem(&response, 400, "validation_failed");
            let codes = response.field_errors();
            let reported = codes
                .iter()
                .any(|(f, c)| f == field && (c == "pattern" || c == "length"));
            assert!(reported, "{field}={pattern:?}: {codes:?}");
        }
    }
    let long = format!("{}{{SEQ}}", "A".repeat(46));
    let response = tenant
        .post(
            "/namespaces/",
            Some(json!({"name": "N", "account_pattern": long})),
        )
        .await;
    assert_field_error(&response, "account_pattern", "length");
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn every_valid_pattern_form_is_accepted() {
    let tenant = TestTenant::new();
    let patterns = [
        "{SEQ}",
        "{SEQ:12}",
        "CUST-{YYYY}-{SEQ:6}",
        "a.b_c/{YY}{MM}{DD}-{SEQ:1}",
    ];

    for (i, pattern) in patterns.into_iter().enumerate() {
        let body = json!({"name": format!("N{i}"), "contact_pattern": pattern, "account_pattern": pattern});
        let created = create_namespace_with(&tenant, body).await;
        assert_eq!(created["contact_pattern"], pattern);
        assert_eq!(created["account_pattern"], pattern);
    }
}

#[tokio::test]
async fn counters_outside_their_range_or_type_are_refused() {
    let tenant = TestTenant::new();
    let cases = [
        (json!(0), "range"),
        (json!(-1), "range"),
        (json!(9_007_199_254_740_992_u64), "range"),
        (json!(1.5), "type"),
        (json!("5"), "type"),
        (json!(true), "type"),
    ];

    for (value, code) in cases {
        for field in ["contact_counter", "account_counter"] {
            let response = tenant
                .post("/namespaces/", Some(json!({"name": "N", field: value})))
                .await;
            assert_field_error(&response, field, code);
        }
    }
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn the_largest_safe_integer_is_a_valid_counter() {
    let tenant = TestTenant::new();
    let max = 9_007_199_254_740_991_u64;

    let created = create_namespace_with(&tenant, json!({"name": "Max", "account_counter": max})).await;

    assert_eq!(created["account_counter"], max);
}

#[tokio::test]
async fn every_bad_field_is_reported_at_once() {
    let tenant = TestTenant::new();
    let body = json!({
        "name": " bad",
        "contact_pattern": "NO-SEQ",
        "account_pattern": "{SEQ}{SEQ}",
        "contact_counter": 0,
        "account_counter": "many",
        "colour": "blue",
    });

    let response = tenant.post("/namespaces/", Some(body)).await;

    assert_problem(&response, 400, "validation_failed");
    let expected = [
        ("name", "pattern"),
        ("contact_pattern", "pattern"),
        ("account_pattern", "pattern"),
        ("contact_counter", "range"),
        ("account_counter", "type"),
        ("colour", "unknown_field"),
    ];
    for (field, code) in expected {
        assert!(
            response.has_field_error(field, code),
            "({field}, {code}) missing: {:?}",
            response.field_errors()
        );
    }
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn server_managed_fields_in_a_body_are_ignored() {
    let tenant = TestTenant::new();
    let body = json!({
        "name": "Retail", "id": MISSING_ID, "tenant_id": "someone-else", "version": 99,
        "created_at": "2000-01-01T00:00:00.000000Z", "created_by": "mallory",
        "updated_at": "2000-01-01T00:00:00.000000Z", "updated_by": "mallory",
    });

    let created = create_namespace_with(&tenant, body).await;

    assert_ne!(created["id"], MISSING_ID);
    assert_eq!(created["tenant_id"], tenant.id.as_str());
    assert_eq!(created["version"], 1);
    assert_ne!(created["created_at"], "2000-01-01T00:00:00.000000Z");
    assert_eq!(created["created_by"], tenant.sub.as_str());
    assert_eq!(created["updated_by"], Value::Null);
}

#[tokio::test]
async fn getting_a_missing_namespace_is_404() {
    let tenant = TestTenant::new();

    for id in [MISSING_ID, "not-a-ulid"] {
        let response = tenant.get(&format!("/namespaces/{id}/")).await;
        assert_problem(&response, 404, "not_found");
    }
}
