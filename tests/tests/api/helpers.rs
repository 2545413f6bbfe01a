//! Shared arrange and assert steps: creating namespaces, reading lists, checking problem+json.

use crego_api_tests::{encode_query, random_hex12, ApiResponse, Body, TestTenant};
use futures::future::join_all;
use serde_json::{json, Value};

/// Text that must never reach a client: storage, runtime and panic internals.
const INTERNAL_TEXT: &[&str] = &[
    "D1_",
    "D1 ",
    "SQLITE",
    "sqlite",
    "panicked",
    "Error:",
    "RuntimeError",
    "unreachable",
    "UNIQUE constraint",
    "stack",
];

/// Asserts a problem+json response with this status and top-level `code`, and no internal text.
pub fn assert_problem(response: &ApiResponse, status: u16, code: &str) {
    assert_eq!(
        response.status, status,
        "expected {status} {code}, got {}: {}",
        response.status, response.text
    );
    let content_type = response.header("content-type");
    assert!(
        content_type.starts_with("application/problem+json"),
        "content-type {content_type:?} for {}",
        response.text
    );
    assert_eq!(response.code(), Some(code), "body: {}", response.text);
    assert_eq!(response.json["status"], json!(status), "body: {}", response.text);
    assert!(response.json["type"].is_string(), "no type: {}", response.text);
    assert!(response.json["title"].is_string(), "no title: {}", response.text);
    assert_no_internal_text(response);
}

/// Asserts the body leaks nothing from the storage layer or the runtime.
pub fn assert_no_internal_text(response: &ApiResponse) {
    for needle in INTERNAL_TEXT {
        assert!(
            !response.text.contains(needle),
            "body leaks {needle:?}: {}",
            response.text
        );
    }
}

/// Asserts a 400 `validation_failed` listing (at least) this field with this code.
pub fn assert_field_error(response: &ApiResponse, field: &str, code: &str) {
    assert_problem(response, 400, "validation_failed");
    assert!(
        response.has_field_error(field, code),
        "expected ({field}, {code}) in {:?}",
        response.field_errors()
    );
}

/// Asserts a 400 `invalid_query` naming this query parameter.
pub fn assert_query_error(response: &ApiResponse, param: &str) {
    assert_problem(response, 400, "invalid_query");
    let fields = response.field_errors();
    assert!(
        fields.iter().any(|(f, _)| f == param),
        "expected {param} in {fields:?}"
    );
}

/// Creates a namespace from a full body; panics unless 201.
pub async fn create_namespace_with(tenant: &TestTenant, body: Value) -> Value {
    let response = tenant.post("/namespaces/", Some(body.clone())).await;
    assert_eq!(response.status, 201, "create {body}: {}", response.text);
    response.json
}

/// Creates a namespace with just a name; panics unless 201.
pub async fn create_namespace(tenant: &TestTenant, name: &str) -> Value {
    create_namespace_with(tenant, json!({ "name": name })).await
}

/// Creates a namespace with an account pattern and starting account counter.
pub async fn create_account_namespace(tenant: &TestTenant, name: &str, pattern: &str, start: u64) -> Value {
    let body = json!({"name": name, "account_pattern": pattern, "account_counter": start});
    create_namespace_with(tenant, body).await
}

/// The item path of a namespace (`/namespaces/{id}/`).
pub fn ns_path(namespace: &Value) -> String {
    format!("/namespaces/{}/", id_of(namespace))
}

/// The `id` of a resource body.
pub fn id_of(resource: &Value) -> String {
    resource["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {resource}"))
        .to_string()
}

/// GETs the list with these query parameters; panics unless 200.
pub async fn list_namespaces(tenant: &TestTenant, query: &[(&str, &str)]) -> Value {
    let path = if query.is_empty() {
        "/namespaces/".to_string()
    } else {
        format!("/namespaces/{}", encode_query(query))
    };
    let response = tenant.get(&path).await;
    assert_eq!(response.status, 200, "GET {path}: {}", response.text);
    response.json
}

/// The list's `count` for this tenant.
pub async fn namespace_count(tenant: &TestTenant) -> i64 {
    let page = list_namespaces(tenant, &[]).await;
    page["count"]
        .as_i64()
        .unwrap_or_else(|| panic!("no count in {page}"))
}

/// The ids of a list page's results, in order.
pub fn result_ids(page: &Value) -> Vec<String> {
    let results = page["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results in {page}"));
    results.iter().map(id_of).collect()
}

/// The names of a list page's results, in order.
pub fn result_names(page: &Value) -> Vec<String> {
    let results = page["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results in {page}"));
    results
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// GETs one namespace; panics unless 200.
pub async fn get_namespace(tenant: &TestTenant, namespace: &Value) -> Value {
    let response = tenant.get(&ns_path(namespace)).await;
    assert_eq!(response.status, 200, "GET namespace: {}", response.text);
    response.json
}

/// Draws the next account reference; panics unless 201. Returns (ref_id, counter). Sent with a key of its
/// own and retried like a careful client (`send_retrying`): right after a load test, `wrangler dev`'s
/// proxy may still drop a request, and a retry must not draw a second number.
pub async fn draw_account_ref(tenant: &TestTenant, namespace: &Value) -> (String, u64) {
    // Unique across processes too: the restart test's second process must not replay the first's draws.
    let key = format!("draw-account-ref-{}", random_hex12());
    let path = format!("{}account-refs/", ns_path(namespace));
    let response = tenant.send_retrying("POST", &path, Some(&key), Body::None).await;
    assert_eq!(response.status, 201, "account-refs: {}", response.text);
    let ref_id = response.json["ref_id"].as_str().unwrap_or_default().to_string();
    let counter = response.json["counter"]
        .as_u64()
        .unwrap_or_else(|| panic!("no counter in {}", response.text));
    (ref_id, counter)
}

/// A 26-char id in ULID shape that no test ever created.
pub const MISSING_ID: &str = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

/// `n` writes of `method` to `path` at once, all with `headers`, the i-th with `body(i)`: the answers,
/// each with its i.
pub async fn at_once(
    tenant: &TestTenant,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    n: usize,
    body: impl Fn(usize) -> Value,
) -> Vec<(usize, ApiResponse)> {
    let writes = (0..n).map(|i| {
        let body = Body::Json(body(i));
        async move { (i, tenant.send_with(method, path, headers, body).await) }
    });
    join_all(writes).await
}

/// Asserts that exactly one of `answers` is a 200 and every other a 412; returns the winner's i.
pub fn one_winner(answers: &[(usize, ApiResponse)]) -> usize {
    let winners: Vec<usize> = answers
        .iter()
        .filter(|(_, a)| a.status == 200)
        .map(|(i, _)| *i)
        .collect();
    let statuses: Vec<u16> = answers.iter().map(|(_, a)| a.status).collect();
    assert_eq!(winners.len(), 1, "{statuses:?}");
    for (_, a) in answers.iter().filter(|(_, a)| a.status != 200) {
        assert_problem(a, 412, "precondition_failed");
    }
    winners[0]
}
