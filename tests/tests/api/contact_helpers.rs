//! Arrange and act steps for contacts: create bodies, reading and listing, the actions, a checker user
//! of the same tenant, history, dedupe, and a namespace with a contact pattern.

use crate::helpers::{create_namespace_with, id_of};
use crego_api_tests::shapes::UtcDate;
use crego_api_tests::{encode_query, ApiResponse, Body, TestTenant};
use serde_json::{json, Value};

/// The scope approve and reject need.
pub const APPROVE_SCOPE: &str = "contacts:approve";

/// Every field of a contact document, and nothing else.
pub const CONTACT_FIELDS: [&str; 30] = [
    "id",
    "tenant_id",
    "namespace",
    "name",
    "type",
    "status",
    "ref_id",
    "tags",
    "refs",
    "props",
    "rm_id",
    "branch_id",
    "approval_status",
    "approved_by",
    "approved_at",
    "rejected_by",
    "rejected_at",
    "rejection_reason",
    "approved_version",
    "rejected_version",
    "makers",
    "legal_hold",
    "relationship_ended_at",
    "erased_at",
    "merged_into",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];

/// A valid create body: an active individual with this name in this namespace.
pub fn contact_body(namespace: &str, name: &str) -> Value {
    json!({"name": name, "namespace": namespace, "status": "active", "type": "individual"})
}

/// `base` with every field of `extra` set over it.
pub fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(target), Value::Object(fields)) = (base.as_object_mut(), extra) {
        target.extend(fields);
    }
    base
}

/// Creates a contact from a full body; panics unless 201.
pub async fn create_contact_with(tenant: &TestTenant, body: Value) -> Value {
    let response = tenant.post("/contacts/", Some(body.clone())).await;
    assert_eq!(response.status, 201, "create {body}: {}", response.text);
    response.json
}

/// Creates an active individual in `namespace` with these text props; panics unless 201.
pub async fn create_contact_with_props(
    tenant: &TestTenant,
    namespace: &str,
    name: &str,
    props: &[(&str, &str)],
) -> Value {
    let props: Vec<Value> = props.iter().map(|(k, v)| text_prop(k, v)).collect();
    create_contact_with(
        tenant,
        with(contact_body(namespace, name), json!({ "props": props })),
    )
    .await
}

/// Creates an active individual named `name` in `namespace`; panics unless 201.
pub async fn create_contact(tenant: &TestTenant, namespace: &str, name: &str) -> Value {
    create_contact_with(tenant, contact_body(namespace, name)).await
}

/// Creates a namespace with this contact pattern (and counter 1).
pub async fn create_patterned_namespace(tenant: &TestTenant, name: &str, pattern: &str) -> Value {
    create_namespace_with(tenant, json!({"name": name, "contact_pattern": pattern})).await
}

/// The item path of a contact (`/contacts/{id}/`).
pub fn contact_path(contact: &Value) -> String {
    format!("/contacts/{}/", id_of(contact))
}

/// GETs one contact; panics unless 200.
pub async fn get_contact(tenant: &TestTenant, contact: &Value) -> Value {
    let response = tenant.get(&contact_path(contact)).await;
    assert_eq!(response.status, 200, "GET contact: {}", response.text);
    response.json
}

/// The path of the contact list with these query parameters.
pub fn contacts_query(query: &[(&str, &str)]) -> String {
    if query.is_empty() {
        "/contacts/".to_string()
    } else {
        format!("/contacts/{}", encode_query(query))
    }
}

/// GETs the contact list with these query parameters; panics unless 200.
pub async fn list_contacts(tenant: &TestTenant, query: &[(&str, &str)]) -> Value {
    let path = contacts_query(query);
    let response = tenant.get(&path).await;
    assert_eq!(response.status, 200, "GET {path}: {}", response.text);
    response.json
}

/// The contact list's `count` for this tenant.
pub async fn contact_count(tenant: &TestTenant) -> i64 {
    let page = list_contacts(tenant, &[]).await;
    page["count"]
        .as_i64()
        .unwrap_or_else(|| panic!("no count in {page}"))
}

/// `PUT /contacts/{id}/{action}/` without a body.
pub async fn act(tenant: &TestTenant, contact: &Value, action: &str) -> ApiResponse {
    let path = format!("{}{action}/", contact_path(contact));
    tenant.send("PUT", &path, Body::None).await
}

/// `PUT /contacts/{id}/{action}/` with a JSON body.
pub async fn act_with(tenant: &TestTenant, contact: &Value, action: &str, body: Value) -> ApiResponse {
    let path = format!("{}{action}/", contact_path(contact));
    tenant.send("PUT", &path, Body::Json(body)).await
}

/// Runs an action that must change the contact; panics unless 200. Returns the contact.
pub async fn act_ok(tenant: &TestTenant, contact: &Value, action: &str) -> Value {
    let response = act(tenant, contact, action).await;
    assert_eq!(response.status, 200, "{action}: {}", response.text);
    response.json
}

/// Another user of the same tenant holding `contacts:approve`: a checker for the maker's contacts.
pub fn checker_of(maker: &TestTenant) -> TestTenant {
    user_of(
        maker,
        &format!("checker-{}", crego_api_tests::client::random_hex12()),
        APPROVE_SCOPE,
    )
}

/// Another user of the same tenant with these scopes ("" for none).
pub fn user_of(tenant: &TestTenant, sub: &str, scope: &str) -> TestTenant {
    let mut user = TestTenant::with_ids(&tenant.id, sub);
    if !scope.is_empty() {
        user.token = user.token_builder().scope(scope).mint();
    }
    user
}

/// The same user as `tenant`, now holding these scopes.
pub fn with_scope(tenant: &TestTenant, scope: &str) -> TestTenant {
    user_of(tenant, &tenant.sub, scope)
}

/// GETs a contact's history with these query parameters; panics unless 200.
pub async fn history_with(tenant: &TestTenant, contact: &Value, query: &[(&str, &str)]) -> Value {
    let mut path = format!("{}history/", contact_path(contact));
    if !query.is_empty() {
        path.push_str(&encode_query(query));
    }
    let response = tenant.get(&path).await;
    assert_eq!(response.status, 200, "GET {path}: {}", response.text);
    response.json
}

/// A contact's whole history (first page of 100), newest first.
pub async fn history(tenant: &TestTenant, contact: &Value) -> Value {
    history_with(tenant, contact, &[("page_size", "100")]).await
}

/// The `action` of each history entry, in order.
pub fn actions_of(page: &Value) -> Vec<String> {
    results(page)
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A list page's `results`.
pub fn results(page: &Value) -> Vec<Value> {
    page["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results in {page}"))
        .clone()
}

/// `POST /contacts/dedupe/`.
pub async fn dedupe(tenant: &TestTenant, body: Value) -> ApiResponse {
    tenant.post("/contacts/dedupe/", Some(body)).await
}

/// `POST /contacts/dedupe/`; panics unless 200. Returns the results.
pub async fn dedupe_ok(tenant: &TestTenant, body: Value) -> Vec<Value> {
    let response = dedupe(tenant, body.clone()).await;
    assert_eq!(response.status, 200, "dedupe {body}: {}", response.text);
    let found = results(&response.json);
    assert_eq!(response.json["count"], json!(found.len()), "{}", response.text);
    found
}

/// The contact ids of dedupe results, best first.
pub fn matched_ids(found: &[Value]) -> Vec<String> {
    found.iter().map(|r| id_of(&r["contact"])).collect()
}

/// The dedupe result for this contact, if any.
pub fn match_for<'a>(found: &'a [Value], contact: &Value) -> Option<&'a Value> {
    found.iter().find(|r| r["contact"]["id"] == contact["id"])
}

/// A prop of type text.
pub fn text_prop(key: &str, value: &str) -> Value {
    json!({"key": key, "value": value, "type": "text"})
}

/// The value of a contact's prop `key` as the document shows it (`null` when it has none).
pub fn prop_value<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["props"]
        .as_array()
        .and_then(|props| props.iter().find(|p| p["key"] == key))
        .map_or(&Value::Null, |p| &p["value"])
}

/// The `CUST-<utc year>-` prefix a `CUST-{YYYY}-{SEQ:6}` pattern renders today.
pub fn cust_prefix() -> String {
    format!("CUST-{:04}-", UtcDate::today().year)
}
