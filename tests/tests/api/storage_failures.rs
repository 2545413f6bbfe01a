//! Storage failures as a client meets them (issue 14), on the fault-injection server (`CREGO_FAULTS`
//! on, `CREGO_FAULT_API_URL`; the runner's `faults` phase runs these `#[ignore]`d tests): a failure no
//! retry can fix is a `500` without `Retry-After`, a transient one a `503` that undoes what it began,
//! and Idempotency-Key claims expire and are purged, as the D1 file on disk shows.

use crego_api_tests::{Body, D1File};
use serde_json::json;

use crate::contact_helpers::{contact_body, create_contact_with};
use crate::faults::fault_tenant;
use crate::helpers::{assert_problem, create_namespace_with, get_namespace, namespace_count, ns_path};

fn fault_disk() -> D1File {
    D1File::from_var("CREGO_FAULT_STATE_DIR")
        .unwrap_or_else(|| panic!("CREGO_FAULT_STATE_DIR must name the fault-injection server's state"))
}

#[tokio::test]
#[ignore = "needs the fault-injection server: run by the `faults` phase"]
async fn a_failure_no_retry_can_fix_is_a_500_without_retry_after_however_often_it_is_sent() {
    let tenant = fault_tenant();
    let too_big = [("X-Crego-Fault", "d1-too-big")];

    for _ in 0..3 {
        let body = Body::Json(json!({"name": "Retail"}));
        let response = tenant.send_with("POST", "/namespaces/", &too_big, body).await;
        assert_problem(&response, 500, "internal");
        assert_eq!(response.header("retry-after"), "", "a retry cannot help");
    }

    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
#[ignore = "needs the fault-injection server: run by the `faults` phase"]
async fn a_namespace_patch_whose_write_fails_puts_its_counter_back() {
    let tenant = fault_tenant();
    let ns = create_namespace_with(&tenant, json!({"name": "Retail", "contact_pattern": "C-{SEQ}"})).await;
    let fault = [("X-Crego-Fault", "d1-batch")];

    let failed = tenant
        .send_with(
            "PATCH",
            &ns_path(&ns),
            &fault,
            Body::Json(json!({"contact_counter": 1000})),
        )
        .await;

    assert_problem(&failed, 503, "unavailable");
    assert_eq!(get_namespace(&tenant, &ns).await["contact_counter"], json!(1));
    let next = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    assert_eq!(next["ref_id"], json!("C-1"), "the counter object was left moved");
}

#[tokio::test]
#[ignore = "needs the fault-injection server: run by the `faults` phase"]
async fn an_expired_idempotency_claim_is_purged_by_the_next_claim_of_its_tenant() {
    let tenant = fault_tenant();
    let disk = fault_disk();
    let claims = "SELECT COUNT(*) FROM idempotency_keys WHERE tenant_id = ?1 AND expires_at < ?2";
    let all = "SELECT COUNT(*) FROM idempotency_keys WHERE tenant_id = ?1";
    // Sent as if two days ago (the dev-only clock): its claim expired a day ago.
    let past = [
        ("Idempotency-Key", "old-key"),
        ("X-Crego-Now", "2026-01-01T00:00:00Z"),
    ];
    let old = tenant
        .send_with("POST", "/namespaces/", &past, Body::Json(json!({"name": "Old"})))
        .await;
    assert_eq!(old.status, 201, "{}", old.text);
    assert_eq!(disk.count(claims, &[&tenant.id, "2026-01-03"]), 1);

    let now = [("Idempotency-Key", "new-key")];
    let new = tenant
        .send_with("POST", "/namespaces/", &now, Body::Json(json!({"name": "New"})))
        .await;

    assert_eq!(new.status, 201, "{}", new.text);
    assert_eq!(
        disk.count(claims, &[&tenant.id, "2026-01-03"]),
        0,
        "the expired claim is gone"
    );
    assert_eq!(disk.count(all, &[&tenant.id]), 1, "the new claim is kept");
}
