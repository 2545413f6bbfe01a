//! Counters at the top of their range (issue 14): a counter stops with `409 counter_exhausted` before it
//! would need 2^53, and its namespace stays readable, patchable and deletable.

use crego_api_tests::TestTenant;
use serde_json::json;

use crate::contact_helpers::{contact_body, create_contact_with};
use crate::helpers::{assert_problem, create_namespace_with, get_namespace, ns_path};

/// 2^53 - 1: the largest integer JSON and D1 hold exactly.
const MAX: u64 = 9_007_199_254_740_991;

#[tokio::test]
async fn the_last_contact_number_is_two_to_the_53_minus_2_and_the_namespace_stays_usable_after_it() {
    let tenant = TestTenant::new();
    let ns = create_namespace_with(
        &tenant,
        json!({"name": "Top", "contact_pattern": "C-{SEQ}", "contact_counter": MAX - 1}),
    )
    .await;

    let last = create_contact_with(&tenant, contact_body("Top", "Asha Rao")).await;
    let refused = tenant
        .post("/contacts/", Some(contact_body("Top", "Ravi Rao")))
        .await;

    assert_eq!(last["ref_id"], json!(format!("C-{}", MAX - 1)));
    assert_problem(&refused, 409, "counter_exhausted");
    assert!(
        refused.has_field_error("contact_counter", "counter_exhausted"),
        "{}",
        refused.text
    );
    let read = get_namespace(&tenant, &ns).await;
    assert_eq!(read["contact_counter"], json!(MAX), "{read}");
    let patched = tenant
        .patch(&ns_path(&ns), Some(json!({"name": "Top Renamed"})))
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    assert_eq!(patched.json["contact_counter"], json!(MAX));
    // A contact uses it: refused for that, not a server error.
    assert_problem(&tenant.delete(&ns_path(&ns)).await, 409, "namespace_in_use");
}

#[tokio::test]
async fn an_account_counter_at_its_top_issues_its_last_number_and_then_refuses() {
    let tenant = TestTenant::new();
    let ns = create_namespace_with(
        &tenant,
        json!({"name": "Accounts", "account_pattern": "A-{SEQ}", "account_counter": MAX - 1}),
    )
    .await;
    let path = format!("{}account-refs/", ns_path(&ns));

    let last = tenant.post(&path, None).await;
    let refused = tenant.post(&path, None).await;

    assert_eq!(last.status, 201, "{}", last.text);
    assert_eq!(last.json["counter"], json!(MAX - 1));
    assert_eq!(last.json["ref_id"], json!(format!("A-{}", MAX - 1)));
    assert_problem(&refused, 409, "counter_exhausted");
    assert_eq!(get_namespace(&tenant, &ns).await["account_counter"], json!(MAX));
    assert_eq!(tenant.delete(&ns_path(&ns)).await.status, 204);
}

#[tokio::test]
async fn a_counter_set_to_two_to_the_53_minus_1_is_exhausted_and_one_past_it_is_out_of_range() {
    let tenant = TestTenant::new();
    let ns = create_namespace_with(
        &tenant,
        json!({"name": "Full", "contact_pattern": "F-{SEQ}", "account_pattern": "FA-{SEQ}",
               "contact_counter": MAX, "account_counter": MAX}),
    )
    .await;

    let contact = tenant
        .post("/contacts/", Some(contact_body("Full", "Asha Rao")))
        .await;
    let account = tenant.post(&format!("{}account-refs/", ns_path(&ns)), None).await;
    let past = tenant
        .patch(&ns_path(&ns), Some(json!({"contact_counter": MAX + 1})))
        .await;
    let past_create = tenant
        .post(
            "/namespaces/",
            Some(json!({"name": "Past", "account_counter": MAX + 1})),
        )
        .await;

    assert_problem(&contact, 409, "counter_exhausted");
    assert_problem(&account, 409, "counter_exhausted");
    assert_problem(&past, 400, "validation_failed");
    assert!(past.has_field_error("contact_counter", "range"), "{}", past.text);
    assert!(
        past_create.has_field_error("account_counter", "range"),
        "{}",
        past_create.text
    );
    let read = get_namespace(&tenant, &ns).await;
    assert_eq!(
        (&read["contact_counter"], &read["account_counter"]),
        (&json!(MAX), &json!(MAX))
    );
}
