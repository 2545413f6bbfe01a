//! docs/LIMITS.md walked row by row (`crego_validation::limits::ROWS`): each limit met exactly is
//! accepted (and what was written reads back whole), one past it is refused with the row's code. The
//! request rows are here, the field rows in `limits_fields.rs`; `every_row_of_the_table_is_walked`
//! holds the two files to the table.

use crego_api_tests::{encode_query, ApiResponse, Body, TestTenant};
use crego_validation::limits::{self, ROWS};
use serde_json::{json, Map, Value};

use crate::contact_helpers::{contact_body, contact_path, create_contact_with, with};
use crate::helpers::{assert_field_error, assert_problem, assert_query_error, create_namespace, id_of};
use crate::merge_helpers::{merge, merger};

/// The rows this file walks, by their names in the table.
const WALKED: &[&str] = &[
    "body bytes",
    "body depth",
    "errors listed",
    "query parameters",
    "Idempotency-Key",
    "search",
    "namespace filter",
    "tags filter",
    "props DELETE keys",
    "page",
    "page_size",
    "page_size with expand",
    "namespace name",
    "ref-id pattern",
    "ref_id",
    "contact name",
    "tag",
    "rm_id, branch_id",
    "ids in bodies",
    "prop key",
    "prop value",
    "remarks",
    "address_line",
    "city, state, country",
    "bank_name, branch, account_holder_name",
    "codes key",
    "codes value",
    "tags",
    "refs keys",
    "refs bytes",
    "refs depth",
    "props",
    "props bytes",
    "codes",
    "dedupe limit",
    "dedupe min_score",
    "addresses per contact",
    "banks per contact",
    "relations per contact",
    "contacts per merge",
    "counters",
];

#[test]
fn every_row_of_the_table_is_walked() {
    let rows: Vec<&str> = ROWS.iter().map(|r| r.name).collect();
    assert_eq!(WALKED, rows.as_slice());
}

/// A tenant with the namespace "Retail" and one contact in it.
pub async fn with_contact() -> (TestTenant, Value) {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let contact = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    (tenant, contact)
}

pub fn created(response: &ApiResponse, what: &str) -> Value {
    assert!(
        matches!(response.status, 200 | 201),
        "{what}: {} {}",
        response.status,
        response.text
    );
    response.json.clone()
}

#[tokio::test]
async fn a_body_at_its_byte_and_depth_limits_is_read_and_one_past_is_refused() {
    let tenant = TestTenant::new();
    let send = |raw: String| tenant.send("POST", "/namespaces/", Body::json_bytes(raw));
    let name = r#"{"name": "Exactly"}"#;
    let padded = |n: usize| format!("{name}{}", " ".repeat(n - name.len()));

    created(&send(padded(limits::BODY_BYTES)).await, "body bytes");
    assert_problem(
        &send(padded(limits::BODY_BYTES + 1)).await,
        413,
        "payload_too_large",
    );
    let deep = |n: usize| format!(r#"{{"x": {}{}}}"#, "[".repeat(n - 1), "]".repeat(n - 1));
    assert_field_error(&send(deep(limits::BODY_DEPTH)).await, "x", "unknown_field");
    assert_field_error(&send(deep(limits::BODY_DEPTH + 1)).await, "body", "depth");
}

#[tokio::test]
async fn a_report_lists_its_limit_of_errors_and_then_counts_the_rest() {
    let tenant = TestTenant::new();
    let unknown = |n: usize| -> Value {
        let fields: Map<String, Value> = (0..n).map(|i| (format!("f{i:03}"), json!(1))).collect();
        Value::Object(fields)
    };

    let at = tenant
        .post(
            "/namespaces/",
            Some(with(unknown(limits::REPORTED_ERRORS - 1), json!({}))),
        )
        .await;
    let past = tenant
        .post("/namespaces/", Some(unknown(limits::REPORTED_ERRORS + 1)))
        .await;

    // The missing name is the 100th error.
    assert_eq!(at.field_errors().len(), limits::REPORTED_ERRORS, "{}", at.text);
    assert!(!at.has_field_error("", "too_many_errors"));
    assert_eq!(past.field_errors().len(), limits::REPORTED_ERRORS + 1);
    assert!(past.has_field_error("", "too_many_errors"), "{}", past.text);
}

#[tokio::test]
async fn query_strings_at_their_limits_are_read_and_one_past_is_refused() {
    let (tenant, _) = with_contact().await;
    let params = |n: usize| (0..n).map(|i| format!("p{i}=1")).collect::<Vec<_>>().join("&");
    let at = tenant
        .get(&format!("/contacts/?{}", params(limits::QUERY_PARAMS)))
        .await;
    let past = tenant
        .get(&format!("/contacts/?{}", params(limits::QUERY_PARAMS + 1)))
        .await;
    assert_eq!(
        at.field_errors().len(),
        limits::QUERY_PARAMS,
        "each is named: {}",
        at.text
    );
    assert_query_error(&past, "query");
    assert_eq!(past.field_errors(), [("query".to_string(), "length".to_string())]);

    let get = |q: &[(&str, &str)]| {
        let (t, path) = (tenant.clone(), format!("/contacts/{}", encode_query(q)));
        async move { t.get(&path).await }
    };
    let search = "a".repeat(limits::SEARCH_CHARS);
    assert_eq!(get(&[("search", &search)]).await.status, 200);
    assert_query_error(&get(&[("search", &format!("{search}a"))]).await, "search");
    let ns = "n".repeat(limits::NAMESPACE_FILTER_CHARS);
    assert_eq!(get(&[("namespace", &ns)]).await.status, 200);
    assert_query_error(&get(&[("namespace", &format!("{ns}n"))]).await, "namespace");
    let page = limits::PAGE.to_string();
    assert_eq!(get(&[("page", &page)]).await.json["results"], json!([]));
    assert_query_error(&get(&[("page", &(limits::PAGE + 1).to_string())]).await, "page");
    let size = limits::PAGE_SIZE.to_string();
    assert_eq!(get(&[("page_size", &size)]).await.status, 200);
    assert_query_error(
        &get(&[("page_size", &(limits::PAGE_SIZE + 1).to_string())]).await,
        "page_size",
    );
    let expanded = limits::EXPANDED_PAGE_SIZE.to_string();
    assert_eq!(
        get(&[("page_size", &expanded), ("expand", "addresses")])
            .await
            .status,
        200
    );
    let over = (limits::EXPANDED_PAGE_SIZE + 1).to_string();
    assert_query_error(
        &get(&[("page_size", &over), ("expand", "banks")]).await,
        "page_size",
    );
}

#[tokio::test]
async fn list_parameters_at_their_item_limits_are_answered_and_one_past_is_refused() {
    let (tenant, contact) = with_contact().await;
    let tags: Vec<String> = (0..limits::FILTER_TAGS).map(|i| format!("t{i}")).collect();
    tenant
        .patch(&contact_path(&contact), Some(json!({"tags": tags})))
        .await;
    let at = tenant.get(&format!("/contacts/?tags={}", tags.join(","))).await;
    assert_eq!(at.json["count"], json!(1), "{}", at.text);
    let past = tenant
        .get(&format!("/contacts/?tags={},extra", tags.join(",")))
        .await;
    assert!(past.has_field_error("tags", "length"), "{}", past.text);

    let keys = |n: usize| (0..n).map(|i| format!("k{i}")).collect::<Vec<_>>().join(",");
    let props = format!("{}props/", contact_path(&contact));
    let at = tenant
        .delete(&format!("{props}?keys={}", keys(limits::DELETE_KEYS)))
        .await;
    assert_eq!(at.status, 204, "{}", at.text);
    let past = tenant
        .delete(&format!("{props}?keys={}", keys(limits::DELETE_KEYS + 1)))
        .await;
    assert!(past.has_field_error("keys", "length"), "{}", past.text);

    let key = "k".repeat(limits::IDEMPOTENCY_KEY_CHARS);
    let keyed = |k: String| {
        let t = tenant.clone();
        async move {
            let body = Body::Json(json!({"name": format!("Keyed {}", k.len())}));
            t.send_with("POST", "/namespaces/", &[("Idempotency-Key", &k)], body)
                .await
        }
    };
    assert_eq!(keyed(key.clone()).await.status, 201);
    let past = keyed(format!("{key}k")).await;
    assert!(past.has_field_error("Idempotency-Key", "length"), "{}", past.text);
}

#[tokio::test]
async fn a_merge_takes_its_limit_of_contacts_and_one_more_is_refused() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let mut others = Vec::new();
    for i in 0..=limits::MERGED_PER_MERGE {
        others.push(create_contact_with(&tenant, contact_body("Retail", &format!("Asha R {i}"))).await);
    }
    let ids: Vec<String> = others.iter().map(id_of).collect();

    let past = merge(&tenant, &survivor, json!({ "contacts": ids })).await;
    assert_field_error(&past, "contacts", "length");
    let at = merge(
        &tenant,
        &survivor,
        json!({ "contacts": ids[..limits::MERGED_PER_MERGE] }),
    )
    .await;
    created(&at, "a merge of its limit of contacts");

    for (i, other) in others.iter().enumerate() {
        let now = tenant.get(&contact_path(other)).await;
        let into = if i < limits::MERGED_PER_MERGE {
            survivor["id"].clone()
        } else {
            Value::Null
        };
        assert_eq!(now.json["merged_into"], into, "{}", now.text);
    }
}
