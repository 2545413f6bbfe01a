//! Ref ids under load: 300 creates in flight at once in one patterned namespace get 300 distinct,
//! consecutive numbers, and another namespace's sequence is unaffected.

use crate::contact_helpers::{
    contact_body, create_contact, create_patterned_namespace, cust_prefix, list_contacts,
};
use crate::helpers::get_namespace;
use crego_api_tests::{Body, TestTenant};
use futures::future::join_all;
use std::collections::BTreeSet;

const CONCURRENT_CREATES: u64 = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_concurrent_creates_get_distinct_consecutive_ref_ids() {
    let tenant = TestTenant::new();
    let ns = create_patterned_namespace(&tenant, "Retail", "CUST-{YYYY}-{SEQ:6}").await;
    let other = create_patterned_namespace(&tenant, "Corporate", "CUST-{YYYY}-{SEQ:6}").await;

    let creates = (0..CONCURRENT_CREATES).map(|i| {
        let tenant = tenant.clone();
        async move {
            let body = contact_body("Retail", &format!("Load Test {i}"));
            let key = format!("load-test-{i}");
            tenant
                .send_retrying("POST", "/contacts/", Some(&key), Body::Json(body))
                .await
        }
    });
    let responses = join_all(creates).await;

    let failures: Vec<String> = responses
        .iter()
        .filter(|r| r.status != 201)
        .map(|r| format!("{} {}", r.status, r.text))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {CONCURRENT_CREATES} failed, e.g. {:?}",
        failures.len(),
        failures.first()
    );
    let prefix = cust_prefix();
    let numbers: BTreeSet<u64> = responses
        .iter()
        .map(|r| {
            let ref_id = r.json["ref_id"].as_str().unwrap_or_default();
            let seq = ref_id
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("ref_id {ref_id:?}"));
            assert_eq!(seq.len(), 6, "{ref_id}");
            seq.parse().unwrap_or_else(|_| panic!("ref_id {ref_id:?}"))
        })
        .collect();
    let expected: BTreeSet<u64> = (1..=CONCURRENT_CREATES).collect();
    assert_eq!(numbers, expected, "distinct and consecutive");
    let stored = list_contacts(&tenant, &[("namespace", "Retail"), ("page_size", "1")]).await;
    assert_eq!(stored["count"], CONCURRENT_CREATES);
    assert_eq!(
        get_namespace(&tenant, &ns).await["contact_counter"],
        CONCURRENT_CREATES + 1
    );

    let first_elsewhere = create_contact(&tenant, "Corporate", "Sharma Traders").await;

    assert_eq!(first_elsewhere["ref_id"], format!("{prefix}000001"));
    assert_eq!(get_namespace(&tenant, &other).await["contact_counter"], 2);
    assert_eq!(
        get_namespace(&tenant, &ns).await["contact_counter"],
        CONCURRENT_CREATES + 1
    );
}
