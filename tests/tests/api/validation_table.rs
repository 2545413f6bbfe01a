//! The shared table of cases (`validation/cases/cases.json`) through the running API: every case whose
//! resource has a route in `ROUTES` is sent as a request body, and the API must decide as the crate and
//! the npm package do (their runners: validation/tests/cases.rs, npm/test/cases.test.mjs): a valid case
//! gets the route's success status, an invalid one a 400 whose problem+json `errors` hold exactly the
//! expected codes per field.
//!
//! One fresh tenant per run. The table guarantees that this works (validation/tests/cases.rs checks it):
//! valid namespace names are distinct case-insensitively and differ from the fixture namespaces, and
//! valid records reference fixtures only. The runner creates the fixtures first (the namespaces, then one
//! contact per placeholder id in `fixtures.contacts`) and replaces each placeholder id in a case's input
//! with the real id; an id for an id changes no decision.
//!
//! Identifier cases of a kind a route decides on (IFSC on banks, pincode on addresses) are sent as that
//! field of a body the route otherwise accepts: the route must refuse with `validateIdentifier`'s codes
//! on the field, or store the value in its normalised form.

use std::collections::BTreeMap;

use crego_api_tests::{ApiResponse, Body, TestTenant};
use serde_json::{json, Value};

/// A table resource and the request that carries its body.
struct Route {
    resource: &'static str,
    method: &'static str,
    /// `{contact}` stands for the first fixture contact's id.
    path: &'static str,
    success: u16,
}

/// Every resource of the table that has a route. The others (the `isValid*` helpers' cases, identifier
/// kinds no route decides on, `ref_pattern`) are rules for forms with no route of their own, and are
/// skipped here.
const ROUTES: &[Route] = &[
    Route {
        resource: "namespace",
        method: "POST",
        path: "/namespaces/",
        success: 201,
    },
    Route {
        resource: "contact",
        method: "POST",
        path: "/contacts/",
        success: 201,
    },
    Route {
        resource: "contact_patch",
        method: "PATCH",
        path: "/contacts/{contact}/",
        success: 200,
    },
    Route {
        resource: "address",
        method: "POST",
        path: "/contacts/addresses/",
        success: 201,
    },
    Route {
        resource: "bank",
        method: "POST",
        path: "/contacts/banks/",
        success: 201,
    },
    Route {
        resource: "relation",
        method: "POST",
        path: "/contacts/relations/",
        success: 201,
    },
    Route {
        resource: "props",
        method: "PUT",
        path: "/contacts/{contact}/props/",
        success: 200,
    },
];

fn route(resource: &str) -> &'static Route {
    ROUTES
        .iter()
        .find(|r| r.resource == resource)
        .unwrap_or_else(|| panic!("no route for {resource}"))
}

/// The route and body that carry an identifier case's value, for the kinds a route decides on; the
/// field is named like the kind.
fn identifier_request(case: &Value, contact: &str) -> Option<(&'static Route, Value)> {
    let value = &case["input"]["value"];
    match case["input"]["kind"].as_str()? {
        "ifsc" => Some((
            route("bank"),
            json!({"contact_id": contact, "account_number": "123456789012", "ifsc": value}),
        )),
        "pincode" => Some((route("address"), json!({"contact_id": contact, "pincode": value}))),
        _ => None,
    }
}

/// What is wrong with the route's answer to an identifier case: its decision and codes, and for a
/// valid value the stored field, which must be the normalised form.
fn identifier_disagreement(route: &Route, case: &Value, response: &ApiResponse) -> Option<String> {
    if let Some(why) = disagreement(route, case, response) {
        return Some(why);
    }
    let kind = case["input"]["kind"].as_str().unwrap_or_default();
    let want = &case["expect"]["value"];
    (response.status == route.success && response.json[kind] != *want)
        .then(|| format!("want {kind} stored as {want}, got {}", response.json[kind]))
}

fn table() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../validation/cases/cases.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

fn strings(value: &Value) -> Vec<String> {
    let items = value.as_array().map_or(&[][..], Vec::as_slice);
    items
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// Placeholder id (as written in the table) → the real id of the fixture created for it.
struct Fixtures {
    ids: BTreeMap<String, String>,
    first_contact: String,
}

async fn create(tenant: &TestTenant, path: &str, body: Value) -> String {
    let response = tenant.post(path, Some(body.clone())).await;
    assert_eq!(response.status, 201, "fixture {path} {body}: {}", response.text);
    response.json["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {}", response.text))
        .to_string()
}

async fn create_fixtures(tenant: &TestTenant, fixtures: &Value) -> Fixtures {
    let mut ids = BTreeMap::new();
    let namespaces = strings(&fixtures["namespaces"]);
    let mut first_namespace = None;
    for name in &namespaces {
        let id = create(tenant, "/namespaces/", json!({ "name": name })).await;
        first_namespace.get_or_insert(id);
    }
    let (Some(namespace_id), Some(namespace)) = (first_namespace, namespaces.first()) else {
        panic!("the table names no fixture namespace");
    };
    if let Some(placeholder) = fixtures["namespace_id"].as_str() {
        ids.insert(placeholder.to_string(), namespace_id);
    }
    let mut first_contact = None;
    for (i, placeholder) in strings(&fixtures["contacts"]).into_iter().enumerate() {
        let body = json!({
            "name": format!("Fixture Contact {}", i + 1),
            "namespace": namespace,
            "status": "active",
            "type": "individual",
        });
        let id = create(tenant, "/contacts/", body).await;
        first_contact.get_or_insert(id.clone());
        ids.insert(placeholder, id);
    }
    Fixtures {
        ids,
        first_contact: first_contact.unwrap_or_else(|| panic!("the table names no fixture contact")),
    }
}

/// The input with every string equal to a placeholder id replaced by the real id.
fn with_real_ids(value: &Value, ids: &BTreeMap<String, String>) -> Value {
    match value {
        Value::String(s) => ids.get(s).map_or_else(|| value.clone(), |id| json!(id)),
        Value::Array(items) => Value::Array(items.iter().map(|v| with_real_ids(v, ids)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), with_real_ids(v, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The codes per field of a problem's `errors`, in order, as the other runners collect them.
fn codes_of(response: &ApiResponse) -> BTreeMap<String, Vec<String>> {
    let mut codes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (field, code) in response.field_errors() {
        codes.entry(field).or_default().push(code);
    }
    codes
}

fn expected_codes(case: &Value) -> BTreeMap<String, Vec<String>> {
    let codes = case["expect"]["codes"].as_object();
    codes
        .into_iter()
        .flatten()
        .map(|(field, list)| (field.clone(), strings(list)))
        .collect()
}

/// What is wrong with the API's answer to one case, if anything.
fn disagreement(route: &Route, case: &Value, response: &ApiResponse) -> Option<String> {
    let ok = case["expect"]["ok"].as_bool().unwrap_or_default();
    if ok {
        return (response.status != route.success).then(|| {
            format!(
                "want {}, got {}: {}",
                route.success, response.status, response.text
            )
        });
    }
    if response.status != 400 || response.code() != Some("validation_failed") {
        return Some(format!(
            "want 400 validation_failed, got {}: {}",
            response.status, response.text
        ));
    }
    let (want, got) = (expected_codes(case), codes_of(response));
    (want != got).then(|| format!("want codes {want:?}\n    got  {got:?}"))
}

/// Each case is judged alone: what a successful case created is removed again, so that valid cases of
/// one resource (the same bank account, a hundred props) do not collide with each other's rows.
async fn undo(tenant: &TestTenant, route: &Route, path: &str, response: &ApiResponse) {
    if response.status != route.success {
        return;
    }
    let cleanup = match route.resource {
        "address" | "bank" | "relation" => {
            let id = response.json["id"].as_str().unwrap_or_default();
            Some(format!("{path}{id}/"))
        }
        "props" => Some(format!("{path}?all=true")),
        _ => None,
    };
    if let Some(target) = cleanup {
        let removed = tenant.delete(&target).await;
        assert_eq!(removed.status, 204, "undo {target}: {}", removed.text);
    }
}

#[tokio::test]
async fn every_routed_case_of_the_shared_table_gets_the_same_decision_from_the_api() {
    let table = table();
    let cases = table["cases"].as_array().map_or(&[][..], Vec::as_slice);
    let tenant = TestTenant::new();
    let fixtures = create_fixtures(&tenant, &table["fixtures"]).await;

    let mut failures = Vec::new();
    let mut ran: BTreeMap<&str, usize> = BTreeMap::new();
    for case in cases {
        let resource = case["resource"].as_str().unwrap_or_default();
        if resource == "identifier" {
            let Some((route, body)) = identifier_request(case, &fixtures.first_contact) else {
                continue;
            };
            let response = tenant.send(route.method, route.path, Body::Json(body)).await;
            if let Some(why) = identifier_disagreement(route, case, &response) {
                failures.push(format!("{resource}: {}\n    {why}", case["title"]));
            }
            undo(&tenant, route, route.path, &response).await;
            *ran.entry(resource).or_default() += 1;
            continue;
        }
        let Some(route) = ROUTES.iter().find(|r| r.resource == resource) else {
            continue;
        };
        let path = route.path.replace("{contact}", &fixtures.first_contact);
        let body = with_real_ids(&case["input"], &fixtures.ids);
        let response = tenant.send(route.method, &path, Body::Json(body)).await;
        if let Some(why) = disagreement(route, case, &response) {
            failures.push(format!("{resource}: {}\n    {why}", case["title"]));
        }
        undo(&tenant, route, &path, &response).await;
        *ran.entry(resource).or_default() += 1;
    }

    let total: usize = ran.values().sum();
    println!(
        "validation table through the API: {total} cases {ran:?}; {} skipped (no route)",
        cases.len() - total
    );
    for resource in ROUTES.iter().map(|r| r.resource).chain(["identifier"]) {
        assert!(
            ran.get(resource).is_some_and(|n| *n > 0),
            "no case for {resource}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases disagree with the table:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
