//! Route resolution, methods, and body handling: every failure is problem+json with a stable code.

use crate::contact_helpers::{contact_body, contact_path, create_contact_with, get_contact};
use crate::helpers::{
    assert_field_error, assert_problem, create_namespace, get_namespace, namespace_count, ns_path, MISSING_ID,
};
use crego_api_tests::{Api, ApiResponse, Body, TestTenant};
use serde_json::json;

/// The methods listed in an `Allow` header, upper-cased.
fn allowed_methods(response: &ApiResponse) -> Vec<String> {
    response
        .header("allow")
        .split(',')
        .map(|m| m.trim().to_ascii_uppercase())
        .filter(|m| !m.is_empty())
        .collect()
}

/// Asserts a 405 whose `Allow` lists every method given.
fn assert_method_not_allowed(response: &ApiResponse, expected: &[&str]) {
    assert_problem(response, 405, "method_not_allowed");
    let allowed = allowed_methods(response);
    for method in expected {
        assert!(
            allowed.iter().any(|m| m == method),
            "Allow {allowed:?} lacks {method}"
        );
    }
}

/// Raw bytes with a Content-Type.
fn raw(content_type: &str, bytes: impl Into<Vec<u8>>) -> Body {
    Body::Raw {
        content_type: Some(content_type.to_string()),
        bytes: bytes.into(),
    }
}

#[tokio::test]
async fn an_unknown_route_is_404_problem_json_even_without_a_token() {
    let api = Api::from_env();

    for (method, path) in [
        ("GET", "/nope/"),
        ("POST", "/nope"),
        ("GET", "/namespaces/x/y/z/"),
    ] {
        let response = api.send(method, path, None, Body::None).await;
        assert_problem(&response, 404, "not_found");
    }
}

#[tokio::test]
async fn an_unknown_route_is_404_with_a_token_too() {
    let tenant = TestTenant::new();

    let response = tenant.get("/nope/").await;

    assert_problem(&response, 404, "not_found");
}

#[tokio::test]
async fn put_on_the_namespace_list_is_405_allowing_get_and_post() {
    let tenant = TestTenant::new();

    let anonymous = tenant.api().send("PUT", "/namespaces/", None, Body::None).await;
    let authenticated = tenant
        .send("PUT", "/namespaces/", Body::Json(json!({"name": "x"})))
        .await;
    let delete = tenant.delete("/namespaces/").await;

    assert_method_not_allowed(&anonymous, &["GET", "POST"]);
    assert_method_not_allowed(&authenticated, &["GET", "POST"]);
    assert_method_not_allowed(&delete, &["GET", "POST"]);
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn a_wrong_method_on_a_namespace_is_405_allowing_get_patch_and_delete() {
    let api = Api::from_env();
    let path = format!("/namespaces/{MISSING_ID}/");

    for method in ["POST", "PUT"] {
        let response = api.send(method, &path, None, Body::None).await;
        assert_method_not_allowed(&response, &["GET", "PATCH", "DELETE"]);
    }
}

#[tokio::test]
async fn get_on_account_refs_is_405_allowing_post() {
    let api = Api::from_env();

    let response = api
        .send(
            "GET",
            &format!("/namespaces/{MISSING_ID}/account-refs/"),
            None,
            Body::None,
        )
        .await;

    assert_method_not_allowed(&response, &["POST"]);
}

#[tokio::test]
async fn malformed_json_is_refused_and_stores_nothing() {
    let tenant = TestTenant::new();
    let namespace = create_namespace(&tenant, "Retail").await;

    let create = tenant
        .send("POST", "/namespaces/", Body::json_bytes(r#"{"name": "Oops",}"#))
        .await;
    let patch = tenant
        .send("PATCH", &ns_path(&namespace), Body::json_bytes("{\"name\": "))
        .await;

    assert_problem(&create, 400, "malformed_json");
    assert_problem(&patch, 400, "malformed_json");
    assert_eq!(namespace_count(&tenant).await, 1);
    let stored = get_namespace(&tenant, &namespace).await;
    assert_eq!(stored["name"], "Retail");
    assert_eq!(stored["version"], 1);
}

/// A route whose body is optional takes an empty one, or JSON whitespace, as none; a form feed is not
/// JSON whitespace, so a body of one is malformed (schemathesis found it answered 200).
#[tokio::test]
async fn a_body_of_anything_but_json_whitespace_is_read_as_json() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let contact = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let inactive = format!("{}inactive/", contact_path(&contact));

    let form_feed = tenant.send("PUT", &inactive, Body::json_bytes("\x0c")).await;
    assert_problem(&form_feed, 400, "malformed_json");
    assert_eq!(get_contact(&tenant, &contact).await["status"], contact["status"]);

    let blank = tenant.send("PUT", &inactive, Body::json_bytes(" \t\r\n")).await;
    assert_eq!(blank.status, 200, "{}", blank.text);
    assert_eq!(blank.json["status"], "inactive");
}

#[tokio::test]
async fn a_json_body_that_is_not_an_object_is_a_type_error_on_body() {
    let tenant = TestTenant::new();

    for body in [json!([{"name": "Retail"}]), json!("Retail"), json!(42)] {
        let response = tenant.post("/namespaces/", Some(body)).await;
        assert_field_error(&response, "body", "type");
    }
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn a_key_the_json_parser_keeps_for_itself_is_an_unknown_field_like_any_other() {
    let tenant = TestTenant::new();
    // serde_json's `raw_value` feature reads such an object as the JSON text it holds; it is off, so
    // the API decides as the npm package does (npm/test/package.test.mjs).
    let smuggled = json!({"$serde_json::private::RawValue": r#"{"name": "Retail"}"#});

    let response = tenant.post("/namespaces/", Some(smuggled)).await;

    assert_field_error(&response, "$serde_json::private::RawValue", "unknown_field");
    assert_field_error(&response, "name", "required");
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415_and_stores_nothing() {
    let tenant = TestTenant::new();
    let namespace = create_namespace(&tenant, "Retail").await;

    let text = tenant
        .send("POST", "/namespaces/", raw("text/plain", r#"{"name": "A"}"#))
        .await;
    let form = tenant
        .send(
            "POST",
            "/namespaces/",
            raw("application/x-www-form-urlencoded", "name=B"),
        )
        .await;
    let patch = tenant
        .send(
            "PATCH",
            &ns_path(&namespace),
            raw("text/plain", r#"{"name": "C"}"#),
        )
        .await;

    assert_problem(&text, 415, "unsupported_media_type");
    assert_problem(&form, 415, "unsupported_media_type");
    assert_problem(&patch, 415, "unsupported_media_type");
    assert_eq!(namespace_count(&tenant).await, 1);
    assert_eq!(get_namespace(&tenant, &namespace).await["name"], "Retail");
}

#[tokio::test]
async fn a_json_content_type_with_a_charset_is_accepted() {
    let tenant = TestTenant::new();

    let response = tenant
        .send(
            "POST",
            "/namespaces/",
            raw("application/json; charset=utf-8", r#"{"name": "Retail"}"#),
        )
        .await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert_eq!(response.json["name"], "Retail");
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_413_and_stores_nothing() {
    let tenant = TestTenant::new();
    let padding = "x".repeat(1_048_576);
    let body = format!(r#"{{"name": "Big", "contact_pattern": "{padding}"}}"#);

    let response = tenant.send("POST", "/namespaces/", Body::json_bytes(body)).await;

    assert_problem(&response, 413, "payload_too_large");
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn a_body_under_one_mebibyte_is_read_and_validated() {
    let tenant = TestTenant::new();
    let padding = "x".repeat(1_000_000);
    let body = format!(r#"{{"name": "Big", "contact_pattern": "{padding}"}}"#);

    let response = tenant.send("POST", "/namespaces/", Body::json_bytes(body)).await;

    assert_field_error(&response, "contact_pattern", "length");
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn the_token_is_checked_before_the_body() {
    let api = Api::from_env();

    let malformed = api
        .send("POST", "/namespaces/", None, Body::json_bytes("{"))
        .await;
    let wrong_type = api
        .send("POST", "/namespaces/", None, raw("text/plain", "hi"))
        .await;
    let invalid = api
        .send("POST", "/namespaces/", None, Body::Json(json!({"name": ""})))
        .await;

    for response in [malformed, wrong_type, invalid] {
        assert_problem(&response, 401, "unauthorized");
    }
}
