//! Idempotency keys belong to the caller (tenant and user), and the request they remember is its
//! method, path, query string and body (issue 14).

use crego_api_tests::{Body, TestTenant};
use serde_json::json;

use crate::contact_helpers::{contact_body, contact_count, user_of};
use crate::helpers::{assert_problem, create_namespace};

#[tokio::test]
async fn another_user_sending_the_same_key_and_body_runs_their_own_request() {
    let maker = TestTenant::new();
    let colleague = user_of(&maker, "user-colleague", "");
    create_namespace(&maker, "Retail").await;
    let key = [("Idempotency-Key", "create-asha")];
    let body = || Body::Json(contact_body("Retail", "Asha Rao"));

    let first = maker.send_with("POST", "/contacts/", &key, body()).await;
    let second = colleague.send_with("POST", "/contacts/", &key, body()).await;
    let replay = maker.send_with("POST", "/contacts/", &key, body()).await;

    assert_eq!((first.status, second.status), (201, 201), "{}", second.text);
    assert_eq!(second.header("idempotent-replayed"), "");
    assert_ne!(second.json["id"], first.json["id"]);
    assert_eq!(second.json["created_by"], json!("user-colleague"));
    assert_eq!(replay.header("idempotent-replayed"), "true");
    assert_eq!(replay.text, first.text);
    assert_eq!(contact_count(&maker).await, 2);
}

#[tokio::test]
async fn a_refusal_of_a_bad_query_is_not_replayed_to_the_corrected_request() {
    let tenant = TestTenant::new();
    let key = [("Idempotency-Key", "create-retail")];
    let body = || Body::Json(json!({"name": "Retail"}));

    let bad = tenant
        .send_with("POST", "/namespaces/?dry_run=1", &key, body())
        .await;
    let corrected = tenant.send_with("POST", "/namespaces/", &key, body()).await;
    let bad_again = tenant
        .send_with("POST", "/namespaces/?dry_run=1", &key, body())
        .await;

    assert_problem(&bad, 400, "invalid_query");
    // Another request under the same key: refused as such, never answered with the old 400.
    assert_problem(&corrected, 409, "idempotency_key_reused");
    assert_eq!(
        (bad_again.status, bad_again.text.as_str()),
        (400, bad.text.as_str())
    );
    assert_eq!(bad_again.header("idempotent-replayed"), "true");
    let fresh = tenant
        .send_with(
            "POST",
            "/namespaces/",
            &[("Idempotency-Key", "create-retail-2")],
            body(),
        )
        .await;
    assert_eq!(fresh.status, 201, "{}", fresh.text);
}
