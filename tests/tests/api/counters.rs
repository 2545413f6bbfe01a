//! Account references: rendering, the counter rules on PATCH, and concurrent draws.

use crate::helpers::{
    assert_field_error, assert_problem, create_account_namespace, create_namespace, draw_account_ref,
    get_namespace, ns_path, MISSING_ID,
};
use crego_api_tests::shapes::UtcDate;
use crego_api_tests::{Body, TestTenant};
use futures::future::join_all;
use serde_json::json;
use std::collections::HashSet;

/// The account-refs path of a namespace.
fn refs_path(namespace: &serde_json::Value) -> String {
    format!("{}account-refs/", ns_path(namespace))
}

/// Asserts a ref id equals `render(date)` for today (or for tomorrow, if the UTC day turned meanwhile).
fn assert_rendered(ref_id: &str, before: UtcDate, render: impl Fn(UtcDate) -> String) {
    let candidates = [render(before), render(UtcDate::today())];
    assert!(
        candidates.iter().any(|c| c == ref_id),
        "{ref_id} is none of {candidates:?}"
    );
}

#[tokio::test]
async fn drawing_an_account_ref_renders_the_pattern_with_todays_date() {
    let tenant = TestTenant::new();
    let ns = create_account_namespace(&tenant, "Loans", "ACC-{YYYY}-{SEQ:6}", 1).await;
    let today = UtcDate::today();

    let first = tenant.post(&refs_path(&ns), None).await;
    let (second_ref, second_counter) = draw_account_ref(&tenant, &ns).await;

    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.json["counter"], 1);
    assert_rendered(first.json["ref_id"].as_str().unwrap_or_default(), today, |d| {
        format!("ACC-{}-000001", d.year)
    });
    assert_eq!(second_counter, 2);
    assert_rendered(&second_ref, today, |d| format!("ACC-{}-000002", d.year));
    assert_eq!(get_namespace(&tenant, &ns).await["account_counter"], 3);
}

#[tokio::test]
async fn every_date_token_and_width_renders() {
    let tenant = TestTenant::new();
    let padded = create_account_namespace(&tenant, "Padded", "{YY}{MM}{DD}/{SEQ:3}", 42).await;
    let wide = create_account_namespace(&tenant, "Wide", "W.{SEQ:3}", 12_345).await;
    let plain = create_account_namespace(&tenant, "Plain", "P_{SEQ}", 7).await;
    let today = UtcDate::today();

    let (padded_ref, padded_counter) = draw_account_ref(&tenant, &padded).await;
    let (wide_ref, _) = draw_account_ref(&tenant, &wide).await;
    let (plain_ref, _) = draw_account_ref(&tenant, &plain).await;

    assert_eq!(padded_counter, 42);
    let yymmdd = |d: UtcDate| format!("{:02}{:02}{:02}/042", d.year % 100, d.month, d.day);
    assert_rendered(&padded_ref, today, yymmdd);
    assert_eq!(wide_ref, "W.12345");
    assert_eq!(plain_ref, "P_7");
}

#[tokio::test]
async fn a_namespace_without_an_account_pattern_cannot_issue_refs() {
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Bare").await;

    let response = tenant.post(&refs_path(&ns), None).await;

    assert_problem(&response, 409, "no_account_pattern");
    assert_eq!(get_namespace(&tenant, &ns).await, ns);
}

#[tokio::test]
async fn drawing_from_a_missing_namespace_is_404() {
    let tenant = TestTenant::new();

    let response = tenant
        .post(&format!("/namespaces/{MISSING_ID}/account-refs/"), None)
        .await;

    assert_problem(&response, 404, "not_found");
}

#[tokio::test]
async fn a_counter_can_be_raised_but_never_set_at_or_below_an_issued_number() {
    let tenant = TestTenant::new();
    let ns = create_account_namespace(&tenant, "Loans", "A-{SEQ}", 1).await;
    for expected in 1..=5 {
        assert_eq!(draw_account_ref(&tenant, &ns).await.1, expected);
    }

    let at_last_issued = tenant
        .patch(&ns_path(&ns), Some(json!({"account_counter": 5})))
        .await;
    let below = tenant
        .patch(&ns_path(&ns), Some(json!({"account_counter": 2})))
        .await;
    let next_one = tenant
        .patch(&ns_path(&ns), Some(json!({"account_counter": 6})))
        .await;
    let raised = tenant
        .patch(&ns_path(&ns), Some(json!({"account_counter": 100})))
        .await;
    let (ref_id, counter) = draw_account_ref(&tenant, &ns).await;

    for refused in [&at_last_issued, &below] {
        assert_problem(refused, 409, "counter_regression");
        let codes = refused.field_errors();
        assert!(
            refused.has_field_error("account_counter", "counter_regression"),
            "{codes:?}"
        );
    }
    assert_eq!(next_one.status, 200, "{}", next_one.text);
    assert_eq!(
        (
            next_one.json["account_counter"].clone(),
            next_one.json["version"].clone()
        ),
        (json!(6), json!(2))
    );
    assert_eq!(raised.status, 200, "{}", raised.text);
    assert_eq!(raised.json["account_counter"], 100);
    assert_eq!((ref_id.as_str(), counter), ("A-100", 100));
    let stored = get_namespace(&tenant, &ns).await;
    assert_eq!(
        (stored["account_counter"].clone(), stored["version"].clone()),
        (json!(101), json!(3))
    );
}

#[tokio::test]
async fn a_refused_counter_patch_changes_no_other_field() {
    let tenant = TestTenant::new();
    let ns = create_account_namespace(&tenant, "Loans", "A-{SEQ}", 10).await;
    draw_account_ref(&tenant, &ns).await;

    let body = json!({"name": "Renamed", "account_counter": 10});
    let response = tenant.patch(&ns_path(&ns), Some(body)).await;

    assert_problem(&response, 409, "counter_regression");
    let stored = get_namespace(&tenant, &ns).await;
    assert_eq!(stored["name"], "Loans");
    assert_eq!(
        (stored["account_counter"].clone(), stored["version"].clone()),
        (json!(11), json!(1))
    );
}

#[tokio::test]
async fn counters_may_be_raised_before_any_number_is_issued() {
    let tenant = TestTenant::new();
    let ns = create_account_namespace(&tenant, "Loans", "A-{SEQ}", 50).await;

    let body = json!({"account_counter": 60, "contact_counter": 3});
    let raised = tenant.patch(&ns_path(&ns), Some(body)).await;
    let (_, counter) = draw_account_ref(&tenant, &ns).await;

    assert_eq!(raised.status, 200, "{}", raised.text);
    assert_eq!(raised.json["contact_counter"], 3);
    assert_eq!(raised.json["account_counter"], 60);
    assert_eq!(counter, 60);
}

#[tokio::test]
async fn a_counter_patch_outside_the_range_is_a_validation_error() {
    let tenant = TestTenant::new();
    let ns = create_account_namespace(&tenant, "Loans", "A-{SEQ}", 1).await;

    let zero = tenant
        .patch(&ns_path(&ns), Some(json!({"account_counter": 0})))
        .await;
    let text = tenant
        .patch(&ns_path(&ns), Some(json!({"contact_counter": "7"})))
        .await;

    assert_field_error(&zero, "account_counter", "range");
    assert_field_error(&text, "contact_counter", "type");
}

#[tokio::test]
async fn two_hundred_concurrent_draws_get_distinct_consecutive_numbers() {
    let tenant = TestTenant::new();
    let start = 1_000;
    let busy = create_account_namespace(&tenant, "Busy", "B-{SEQ:6}", start).await;
    let quiet = create_account_namespace(&tenant, "Quiet", "Q-{SEQ:6}", 1).await;
    let path = refs_path(&busy);

    // Every request is in flight at once: the futures are polled together on one task.
    let draws = (0..200).map(|i| {
        let (tenant, path, key) = (tenant.clone(), path.clone(), format!("draw-{i}"));
        async move { tenant.send_retrying("POST", &path, Some(&key), Body::None).await }
    });
    let responses = join_all(draws).await;

    let failures: Vec<String> = responses
        .iter()
        .filter(|r| r.status != 201)
        .map(|r| format!("{} {}", r.status, r.text))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of 200 draws failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    let mut counters: Vec<u64> = responses
        .iter()
        .map(|r| r.json["counter"].as_u64().unwrap())
        .collect();
    counters.sort_unstable();
    assert_eq!(counters, (start..start + 200).collect::<Vec<u64>>());
    let ref_ids: HashSet<&str> = responses
        .iter()
        .map(|r| r.json["ref_id"].as_str().unwrap())
        .collect();
    assert_eq!(ref_ids.len(), 200);
    for response in &responses {
        let expected = format!("B-{:06}", response.json["counter"].as_u64().unwrap());
        assert_eq!(response.json["ref_id"], expected.as_str());
    }
    assert_eq!(
        draw_account_ref(&tenant, &quiet).await,
        ("Q-000001".to_string(), 1)
    );
    assert_eq!(
        get_namespace(&tenant, &busy).await["account_counter"],
        start + 200
    );
}

#[tokio::test]
async fn concurrent_draws_on_two_namespaces_keep_separate_sequences() {
    let tenant = TestTenant::new();
    let left = create_account_namespace(&tenant, "Left", "L-{SEQ}", 1).await;
    let right = create_account_namespace(&tenant, "Right", "R-{SEQ}", 1).await;
    let (left_path, right_path) = (refs_path(&left), refs_path(&right));

    let requests = (0..100).flat_map(|i| {
        [
            (&left_path, format!("left-{i}")),
            (&right_path, format!("right-{i}")),
        ]
        .map(|(path, key)| {
            let (tenant, path) = (tenant.clone(), path.clone());
            async move { tenant.send_retrying("POST", &path, Some(&key), Body::None).await }
        })
    });
    let responses = join_all(requests).await;

    let mut by_prefix = [Vec::new(), Vec::new()];
    for response in &responses {
        assert_eq!(response.status, 201, "{}", response.text);
        let ref_id = response.json["ref_id"].as_str().unwrap();
        by_prefix[usize::from(ref_id.starts_with('R'))].push(response.json["counter"].as_u64().unwrap());
    }
    for mut counters in by_prefix {
        counters.sort_unstable();
        assert_eq!(counters, (1..=100).collect::<Vec<u64>>());
    }
    assert_eq!(get_namespace(&tenant, &left).await["account_counter"], 101);
    assert_eq!(get_namespace(&tenant, &right).await["account_counter"], 101);
}
