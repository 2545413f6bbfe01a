//! A D1 failure inside a write leaves nothing behind (the batch is the unit) and answers `503` with
//! `Retry-After`. Run against a second `wrangler dev` started with `--var CREGO_FAULTS:on`
//! (`CREGO_FAULT_API_URL`), where `X-Crego-Fault: d1-batch` appends a statement that fails at run time
//! as the last of every write batch. The tests are `#[ignore]`d: a plain `cargo test` reports them as
//! ignored, and the runner's `faults` phase runs them with `--ignored`.
//!
//! Each test snapshots what it can read (lists, the record, its props, its history, the namespace row
//! with its counters), sends the write with the fault, checks the snapshot is unchanged, then sends the
//! same write without the fault and sees it succeed.

use crego_api_tests::{Api, ApiResponse, Body, TestTenant};
use serde_json::{json, Value};

use crate::contact_helpers::{contact_body, contact_path, create_contact_with, with};
use crate::helpers::{assert_problem, create_namespace_with, id_of, ns_path};
use crate::sub_helpers::{address_body, bank_body, create_doc, item, props_path, ADDRESSES, BANKS};

const FAULT: [(&str, &str); 1] = [("X-Crego-Fault", "d1-batch")];

/// A fresh tenant on the fault-injection instance (the runner's `faults` phase starts one).
pub fn fault_tenant() -> TestTenant {
    let api = Api::from_var("CREGO_FAULT_API_URL")
        .unwrap_or_else(|| panic!("CREGO_FAULT_API_URL must name the fault-injection server"));
    TestTenant::new_on(api)
}

/// Sends a write with the fault header and asserts the 503 the client may retry.
async fn send_faulted(tenant: &TestTenant, method: &str, path: &str, body: Option<Value>) -> ApiResponse {
    let body = body.map_or(Body::None, Body::Json);
    let response = tenant.send_with(method, path, &FAULT, body).await;
    assert_problem(&response, 503, "unavailable");
    let retry_after = response.header("retry-after");
    assert!(
        retry_after.parse::<u32>().is_ok_and(|s| s >= 1),
        "{method} {path}: Retry-After {retry_after:?}"
    );
    response
}

/// The same write without the fault; asserts its status.
async fn send_plain(
    tenant: &TestTenant,
    method: &str,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let response = tenant
        .send(method, path, body.map_or(Body::None, Body::Json))
        .await;
    assert_eq!(response.status, status, "{method} {path}: {}", response.text);
    response.json
}

/// The bodies of these GETs, each asserted 200.
async fn snapshot(tenant: &TestTenant, paths: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for path in paths {
        let response = tenant.get(path).await;
        assert_eq!(response.status, 200, "GET {path}: {}", response.text);
        out.push(response.json);
    }
    out
}

async fn assert_unchanged(tenant: &TestTenant, paths: &[String], before: &[Value]) {
    let after = snapshot(tenant, paths).await;
    for ((path, was), is) in paths.iter().zip(before).zip(&after) {
        assert_eq!(is, was, "GET {path} changed after a failed write");
    }
}

/// A namespace "Faults" with contact pattern `F-{SEQ:3}` and a contact with two props in it.
async fn patterned_contact(tenant: &TestTenant) -> (Value, Value) {
    let namespace = create_namespace_with(
        tenant,
        json!({"name": "Faults", "contact_pattern": "F-{SEQ:3}", "account_pattern": "A-{SEQ:3}"}),
    )
    .await;
    let props = json!([{"key": "pan_no", "value": "ABCPK1234L", "type": "text"},
                       {"key": "mobile", "value": "9876543210", "type": "text"}]);
    let body = with(contact_body("Faults", "Rajesh Kumar"), json!({ "props": props }));
    let contact = create_contact_with(tenant, body).await;
    assert_eq!(contact["ref_id"], "F-001", "{contact}");
    (namespace, contact)
}

/// What a contact write may touch: the contact, its props, its history, the list, the namespace row.
fn contact_paths(namespace: &Value, contact: &Value) -> Vec<String> {
    let path = contact_path(contact);
    vec![
        format!("{path}?expand=addresses,banks"),
        props_path(contact),
        format!("{path}history/"),
        "/contacts/".to_string(),
        ns_path(namespace),
    ]
}

#[tokio::test]
#[ignore = "needs the fault-injection server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn a_failed_contact_create_leaves_no_rows_and_burns_only_its_drawn_number() {
    let tenant = fault_tenant();
    let (namespace, first) = patterned_contact(&tenant).await;
    let paths = contact_paths(&namespace, &first);
    let before = snapshot(&tenant, &paths).await;
    let pan = json!({"props": [{"key": "pan", "value": "AAAPZ9999Q"}]});
    let body = with(
        contact_body("Faults", "Meera Iyer"),
        json!({"props": [{"key": "pan", "value": "AAAPZ9999Q", "type": "text"}], "tags": ["vip"]}),
    );

    send_faulted(&tenant, "POST", "/contacts/", Some(body.clone())).await;

    assert_unchanged(&tenant, &paths, &before).await;
    let found = send_plain(&tenant, "POST", "/contacts/dedupe/", Some(pan.clone()), 200).await;
    assert_eq!(found["count"], 0, "no identifier row survived: {found}");
    // Number 2 was drawn from the counter object before the batch failed: it is a gap, never reused.
    let created = send_plain(&tenant, "POST", "/contacts/", Some(body), 201).await;
    assert_eq!(created["ref_id"], "F-003", "{created}");
    let row = send_plain(&tenant, "GET", &ns_path(&namespace), None, 200).await;
    assert_eq!(row["contact_counter"], 4, "{row}");
    let found = send_plain(&tenant, "POST", "/contacts/dedupe/", Some(pan), 200).await;
    assert_eq!(found["count"], 1, "{found}");
}

#[tokio::test]
#[ignore = "needs the fault-injection server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn a_failed_contact_patch_with_props_changes_nothing() {
    let tenant = fault_tenant();
    let (namespace, contact) = patterned_contact(&tenant).await;
    let paths = contact_paths(&namespace, &contact);
    let before = snapshot(&tenant, &paths).await;
    let patch = json!({"name": "Rajesh K Sharma", "tags": ["changed"],
                       "props": [{"key": "email", "value": "r@example.com", "type": "text"}]});

    send_faulted(&tenant, "PATCH", &contact_path(&contact), Some(patch.clone())).await;

    assert_unchanged(&tenant, &paths, &before).await;
    let updated = send_plain(&tenant, "PATCH", &contact_path(&contact), Some(patch), 200).await;
    assert_eq!(updated["version"], 2, "{updated}");
    assert_eq!(updated["props"][0]["key"], "email", "{updated}");
}

#[tokio::test]
#[ignore = "needs the fault-injection server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn a_failed_action_changes_nothing() {
    let tenant = fault_tenant();
    let (namespace, contact) = patterned_contact(&tenant).await;
    let paths = contact_paths(&namespace, &contact);
    let before = snapshot(&tenant, &paths).await;
    let path = format!("{}inactive/", contact_path(&contact));
    let remarks = Some(json!({"remarks": "customer asked"}));

    send_faulted(&tenant, "PUT", &path, remarks.clone()).await;

    assert_unchanged(&tenant, &paths, &before).await;
    let updated = send_plain(&tenant, "PUT", &path, remarks, 200).await;
    assert_eq!(updated["status"], "inactive", "{updated}");
}

#[tokio::test]
#[ignore = "needs the fault-injection server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn a_failed_props_put_changes_nothing() {
    let tenant = fault_tenant();
    let (namespace, contact) = patterned_contact(&tenant).await;
    let paths = contact_paths(&namespace, &contact);
    let before = snapshot(&tenant, &paths).await;
    let upsert = json!({"props": [{"key": "mobile", "value": "9123456789", "type": "text"},
                                  {"key": "gstin", "value": "27ABCPK1234L1Z5", "type": "text"}]});

    send_faulted(&tenant, "PUT", &props_path(&contact), Some(upsert.clone())).await;

    assert_unchanged(&tenant, &paths, &before).await;
    let props = send_plain(&tenant, "PUT", &props_path(&contact), Some(upsert), 200).await;
    assert_eq!(props["props"].as_array().map(Vec::len), Some(3), "{props}");
}

#[tokio::test]
#[ignore = "needs the fault-injection server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn failed_namespace_writes_change_nothing_and_free_their_idempotency_key() {
    let tenant = fault_tenant();
    let (namespace, _) = patterned_contact(&tenant).await;
    let paths = vec!["/namespaces/".to_string(), ns_path(&namespace)];
    let before = snapshot(&tenant, &paths).await;
    let key = [("Idempotency-Key", "faulted-create"), FAULT[0]];
    let body = Body::Json(json!({"name": "Faulty"}));
    let faulted = tenant.send_with("POST", "/namespaces/", &key, body.clone()).await;
    assert_problem(&faulted, 503, "unavailable");
    send_faulted(
        &tenant,
        "PATCH",
        &ns_path(&namespace),
        Some(json!({"name": "Renamed"})),
    )
    .await;

    assert_unchanged(&tenant, &paths, &before).await;
    // The failed create did not keep its key: the retry runs (a 201, not a replayed 503).
    let created = tenant.send_with("POST", "/namespaces/", &key[..1], body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.header("idempotent-replayed"), "");
    send_faulted(&tenant, "DELETE", &ns_path(&created.json), None).await;
    send_plain(&tenant, "GET", &ns_path(&created.json), None, 200).await;
    send_plain(&tenant, "DELETE", &ns_path(&created.json), None, 204).await;
}

#[tokio::test]
#[ignore = "needs the fault-injection server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn a_failed_account_ref_write_burns_its_number_and_leaves_the_counter_row() {
    let tenant = fault_tenant();
    let (namespace, _) = patterned_contact(&tenant).await;
    let path = format!("{}account-refs/", ns_path(&namespace));
    let before = snapshot(&tenant, &[ns_path(&namespace)]).await;

    send_faulted(&tenant, "POST", &path, None).await;

    assert_unchanged(&tenant, &[ns_path(&namespace)], &before).await;
    let issued = send_plain(&tenant, "POST", &path, None, 201).await;
    assert_eq!(issued, json!({"ref_id": "A-002", "counter": 2}));
}

#[tokio::test]
#[ignore = "needs the fault-injection server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn failed_address_and_bank_creates_leave_nothing() {
    let tenant = fault_tenant();
    let (namespace, contact) = patterned_contact(&tenant).await;
    let mut paths = contact_paths(&namespace, &contact);
    paths.push(format!("{ADDRESSES}?contact={}", id_of(&contact)));
    paths.push(format!("{BANKS}?contact={}", id_of(&contact)));
    let before = snapshot(&tenant, &paths).await;
    let bank = with(bank_body(&contact, "50100012345678"), json!({"is_primary": true}));

    send_faulted(&tenant, "POST", ADDRESSES, Some(address_body(&contact))).await;
    send_faulted(&tenant, "POST", BANKS, Some(bank.clone())).await;

    assert_unchanged(&tenant, &paths, &before).await;
    send_plain(&tenant, "POST", ADDRESSES, Some(address_body(&contact)), 201).await;
    send_plain(&tenant, "POST", BANKS, Some(bank), 201).await;
}

#[tokio::test]
#[ignore = "needs the fault-injection server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn a_failed_primary_switch_leaves_the_old_primary() {
    let tenant = fault_tenant();
    let (_, contact) = patterned_contact(&tenant).await;
    let primary = with(bank_body(&contact, "50100012345678"), json!({"is_primary": true}));
    let old = create_doc(&tenant, BANKS, primary).await;
    let new = create_doc(&tenant, BANKS, bank_body(&contact, "50100087654321")).await;
    let paths = vec![item(BANKS, &old), item(BANKS, &new)];
    let before = snapshot(&tenant, &paths).await;
    let third = with(bank_body(&contact, "50100011112222"), json!({"is_primary": true}));

    // Each batch clears the other primary first; the failure at its end must undo that too.
    send_faulted(
        &tenant,
        "PATCH",
        &item(BANKS, &new),
        Some(json!({"is_primary": true})),
    )
    .await;
    send_faulted(&tenant, "POST", BANKS, Some(third)).await;

    assert_unchanged(&tenant, &paths, &before).await;
    let query = format!("{BANKS}?contact={}", id_of(&contact));
    assert_eq!(send_plain(&tenant, "GET", &query, None, 200).await["count"], 2);
    let switch = Some(json!({"is_primary": true}));
    let switched = send_plain(&tenant, "PATCH", &item(BANKS, &new), switch, 200).await;
    assert_eq!(switched["is_primary"], true, "{switched}");
    let old_now = send_plain(&tenant, "GET", &item(BANKS, &old), None, 200).await;
    assert_eq!(old_now["is_primary"], false, "{old_now}");
}
