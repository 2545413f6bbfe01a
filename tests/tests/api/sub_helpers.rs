//! Arrange and assert steps for a contact's sub-resources (addresses, banks, relations, props): the
//! collection paths, valid bodies, create/read/list shortcuts and the field lists each document shows.

use crate::contact_helpers::create_contact;
use crate::helpers::{create_namespace, id_of};
use crego_api_tests::shapes::{is_ulid, is_utc_micros_timestamp};
use crego_api_tests::{encode_query, ApiResponse, Body, TestTenant};
use serde_json::{json, Value};
use std::time::Duration;

pub const ADDRESSES: &str = "/contacts/addresses/";
pub const BANKS: &str = "/contacts/banks/";
pub const RELATIONS: &str = "/contacts/relations/";

/// Every field of an address document, and nothing else.
pub const ADDRESS_FIELDS: [&str; 16] = [
    "id",
    "tenant_id",
    "contact_id",
    "address_line",
    "city",
    "state",
    "pincode",
    "country",
    "coords",
    "codes",
    "tags",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];

/// Every field of a bank account document, and nothing else.
pub const BANK_FIELDS: [&str; 20] = [
    "id",
    "tenant_id",
    "contact_id",
    "account_number",
    "ifsc",
    "account_holder_name",
    "bank_name",
    "branch",
    "account_type",
    "is_primary",
    "verification_status",
    "tags",
    "account_changed_by",
    "verified_by",
    "verified_at",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];

/// Every field of a relation document, and nothing else.
pub const RELATION_FIELDS: [&str; 10] = [
    "id",
    "tenant_id",
    "contact",
    "type",
    "related_contact",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];

/// Creates the namespace "Retail" and a contact named `name` in it: the owner of the sub-resources.
pub async fn owner_contact(tenant: &TestTenant, name: &str) -> Value {
    create_namespace(tenant, "Retail").await;
    create_contact(tenant, "Retail", name).await
}

/// Another contact in the "Retail" namespace that `owner_contact` made.
pub async fn another_contact(tenant: &TestTenant, name: &str) -> Value {
    create_contact(tenant, "Retail", name).await
}

/// A complete, valid address of this contact.
pub fn address_body(contact: &Value) -> Value {
    json!({
        "contact_id": id_of(contact),
        "address_line": "Flat 4B, Sai Residency, 12/3 M.G. Road",
        "city": "Navi Mumbai",
        "state": "Maharashtra",
        "pincode": "400703",
        "country": "India",
        "coords": {"lat": 19.033, "lng": 73.0297},
        "codes": {"district": "THN", "lgd": "517"},
        "tags": ["registered"],
    })
}

/// A valid bank account of this contact with just the required fields.
pub fn bank_body(contact: &Value, account_number: &str) -> Value {
    json!({"contact_id": id_of(contact), "account_number": account_number, "ifsc": "HDFC0001234"})
}

/// A relation of `contact` of this type, to `related` (or to nobody).
pub fn relation_body(contact: &Value, kind: &str, related: Option<&Value>) -> Value {
    json!({"contact": id_of(contact), "type": kind, "related_contact": related.map(id_of)})
}

/// The item path of a document in a collection (`/contacts/banks/{id}/`).
pub fn item(collection: &str, doc: &Value) -> String {
    format!("{collection}{}/", id_of(doc))
}

/// Creates a document; panics unless 201.
pub async fn create_doc(tenant: &TestTenant, collection: &str, body: Value) -> Value {
    let response = tenant.post(collection, Some(body.clone())).await;
    assert_eq!(
        response.status, 201,
        "POST {collection} {body}: {}",
        response.text
    );
    response.json
}

/// Creates one document per body, a few ms apart so their created_at differ; oldest first.
pub async fn create_docs_in_order(tenant: &TestTenant, collection: &str, bodies: Vec<Value>) -> Vec<Value> {
    let mut created = Vec::new();
    for body in bodies {
        created.push(create_doc(tenant, collection, body).await);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    created
}

/// GETs a document; panics unless 200.
pub async fn read_doc(tenant: &TestTenant, collection: &str, doc: &Value) -> Value {
    let response = tenant.get(&item(collection, doc)).await;
    assert_eq!(
        response.status,
        200,
        "GET {}: {}",
        item(collection, doc),
        response.text
    );
    response.json
}

/// PATCHes a document.
pub async fn patch_doc(tenant: &TestTenant, collection: &str, doc: &Value, body: Value) -> ApiResponse {
    tenant.patch(&item(collection, doc), Some(body)).await
}

/// The path of a collection with these query parameters.
pub fn query_path(collection: &str, query: &[(&str, &str)]) -> String {
    if query.is_empty() {
        collection.to_string()
    } else {
        format!("{collection}{}", encode_query(query))
    }
}

/// GETs a collection list with these query parameters; panics unless 200.
pub async fn list_docs(tenant: &TestTenant, collection: &str, query: &[(&str, &str)]) -> Value {
    let path = query_path(collection, query);
    let response = tenant.get(&path).await;
    assert_eq!(response.status, 200, "GET {path}: {}", response.text);
    response.json
}

/// The `count` of a collection list with these query parameters.
pub async fn count_docs(tenant: &TestTenant, collection: &str, query: &[(&str, &str)]) -> i64 {
    let page = list_docs(tenant, collection, query).await;
    page["count"]
        .as_i64()
        .unwrap_or_else(|| panic!("no count in {page}"))
}

/// Asserts the document has exactly these fields.
pub fn assert_exact_fields(doc: &Value, fields: &[&str]) {
    for field in fields {
        assert!(doc.get(field).is_some(), "no {field} in {doc}");
    }
    let object = doc.as_object().unwrap_or_else(|| panic!("not an object: {doc}"));
    assert_eq!(object.len(), fields.len(), "unexpected fields in {doc}");
}

/// Asserts the common fields of a document this tenant has just created.
pub fn assert_freshly_created(doc: &Value, tenant: &TestTenant) {
    assert!(is_ulid(doc["id"].as_str().unwrap_or_default()), "id in {doc}");
    assert_eq!(doc["tenant_id"], tenant.id.as_str(), "{doc}");
    assert_eq!(doc["version"], 1, "{doc}");
    assert_eq!(doc["created_by"], tenant.sub.as_str(), "{doc}");
    assert_eq!(doc["updated_by"], Value::Null, "{doc}");
    for field in ["created_at", "updated_at"] {
        let at = doc[field].as_str().unwrap_or_default();
        assert!(is_utc_micros_timestamp(at), "{field} in {doc}");
    }
}

/// Asserts the problem is a 404 `not_found`.
pub fn assert_not_found(response: &ApiResponse) {
    crate::helpers::assert_problem(response, 404, "not_found");
}

/// `GET /contacts/{id}/props/`.
pub fn props_path(contact: &Value) -> String {
    format!("/contacts/{}/props/", id_of(contact))
}

/// `PUT /contacts/{id}/props/` with `{"props": props}`.
pub async fn put_props(tenant: &TestTenant, contact: &Value, props: Value) -> ApiResponse {
    let body = json!({ "props": props });
    tenant.send("PUT", &props_path(contact), Body::Json(body)).await
}

/// `GET /contacts/{id}/props/`; panics unless 200. Returns the props list.
pub async fn read_props(tenant: &TestTenant, contact: &Value) -> Value {
    let response = tenant.get(&props_path(contact)).await;
    assert_eq!(response.status, 200, "GET props: {}", response.text);
    response.json["props"].clone()
}

/// The `key` of each prop, in order.
pub fn keys_of(props: &Value) -> Vec<String> {
    let items = props.as_array().unwrap_or_else(|| panic!("not a list: {props}"));
    items
        .iter()
        .map(|p| p["key"].as_str().unwrap_or_default().to_string())
        .collect()
}
