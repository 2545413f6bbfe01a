//! The namespace list: envelope, paging, order, search, and the created_at filters.

use crate::helpers::{
    assert_query_error, create_namespace, id_of, list_namespaces, result_ids, result_names,
};
use crego_api_tests::shapes::UtcDate;
use crego_api_tests::{encode_query, TestTenant};
use futures::future::join_all;
use serde_json::{json, Value};
use std::time::Duration;

/// Creates namespaces one after another, a few ms apart so their created_at differ; oldest first.
async fn create_in_order(tenant: &TestTenant, names: &[&str]) -> Vec<Value> {
    let mut created = Vec::new();
    for name in names {
        created.push(create_namespace(tenant, name).await);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    created
}

/// The list's paging fields, without `results`.
fn paging(page: &Value) -> Value {
    let mut envelope = page.clone();
    envelope.as_object_mut().expect("an object").remove("results");
    envelope
}

/// The date part of a created_at timestamp.
fn date_of(namespace: &Value) -> UtcDate {
    let text = namespace["created_at"].as_str().expect("created_at");
    let part = |range: std::ops::Range<usize>| text[range].parse::<u32>().expect("a date");
    UtcDate {
        year: i64::from(part(0..4)),
        month: part(5..7),
        day: part(8..10),
    }
}

#[tokio::test]
async fn an_empty_list_has_the_whole_envelope() {
    let tenant = TestTenant::new();

    let page = list_namespaces(&tenant, &[]).await;

    let expected = json!({
        "count": 0, "total_pages": 0, "current_page": 1, "has_previous": false, "has_next": false,
        "previous_page": null, "next_page": null, "results": [],
    });
    assert_eq!(page, expected);
}

#[tokio::test]
async fn the_list_is_newest_first() {
    let tenant = TestTenant::new();
    create_in_order(&tenant, &["First", "Second", "Third"]).await;

    let page = list_namespaces(&tenant, &[]).await;

    assert_eq!(result_names(&page), ["Third", "Second", "First"]);
    assert_eq!(page["count"], 3);
}

#[tokio::test]
async fn pages_split_the_list_and_link_to_their_neighbours() {
    let tenant = TestTenant::new();
    let created = create_in_order(&tenant, &["N1", "N2", "N3", "N4", "N5"]).await;

    let first = list_namespaces(&tenant, &[("page_size", "2")]).await;
    let second = list_namespaces(&tenant, &[("page_size", "2"), ("page", "2")]).await;
    let third = list_namespaces(&tenant, &[("page", "3"), ("page_size", "2")]).await;

    let envelope = |current: u32, prev: Value, next: Value| {
        json!({
            "count": 5, "total_pages": 3, "current_page": current,
            "has_previous": !prev.is_null(), "has_next": !next.is_null(),
            "previous_page": prev, "next_page": next,
        })
    };
    assert_eq!(paging(&first), envelope(1, Value::Null, json!(2)));
    assert_eq!(paging(&second), envelope(2, json!(1), json!(3)));
    assert_eq!(paging(&third), envelope(3, json!(2), Value::Null));
    let seen: Vec<String> = [first, second, third].iter().flat_map(result_ids).collect();
    let newest_first: Vec<String> = created.iter().rev().map(id_of).collect();
    assert_eq!(seen, newest_first);
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_with_the_true_count() {
    let tenant = TestTenant::new();
    create_in_order(&tenant, &["N1", "N2", "N3"]).await;

    let page = list_namespaces(&tenant, &[("page", "9"), ("page_size", "2")]).await;

    assert_eq!(page["results"], json!([]));
    assert_eq!(page["count"], 3);
    assert_eq!(page["total_pages"], 2);
    assert_eq!(page["current_page"], 9);
    assert_eq!(page["has_next"], false);
    assert_eq!(page["next_page"], Value::Null);
}

#[tokio::test]
async fn the_default_page_size_is_20_and_100_is_allowed() {
    let tenant = TestTenant::new();
    let names: Vec<String> = (1..=21).map(|i| format!("Bulk {i:02}")).collect();
    join_all(names.iter().map(|name| create_namespace(&tenant, name))).await;

    let default = list_namespaces(&tenant, &[]).await;
    let largest = list_namespaces(&tenant, &[("page_size", "100")]).await;

    assert_eq!(result_ids(&default).len(), 20);
    assert_eq!(
        (default["count"].clone(), default["total_pages"].clone()),
        (json!(21), json!(2))
    );
    assert_eq!(
        (default["has_next"].clone(), default["next_page"].clone()),
        (json!(true), json!(2))
    );
    assert_eq!(result_ids(&largest).len(), 21);
    assert_eq!(largest["total_pages"], 1);
}

#[tokio::test]
async fn bad_paging_parameters_are_refused_naming_the_parameter() {
    let tenant = TestTenant::new();
    let cases = [
        ("page", "0", Some("range")),
        ("page", "-1", None),
        ("page", "abc", Some("type")),
        ("page", "1.5", None),
        ("page_size", "0", Some("range")),
        ("page_size", "101", Some("range")),
        ("page_size", "", None),
    ];

    for (param, value, code) in cases {
        let response = tenant
            .get(&format!("/namespaces/{}", encode_query(&[(param, value)])))
            .await;
        assert_query_error(&response, param);
        if let Some(code) = code {
            assert!(
                response.has_field_error(param, code),
                "{param}={value}: {:?}",
                response.field_errors()
            );
        }
    }
}

#[tokio::test]
async fn an_unknown_query_parameter_is_refused_with_unknown_field() {
    let tenant = TestTenant::new();

    let response = tenant.get("/namespaces/?colour=red&page=1").await;

    assert_query_error(&response, "colour");
    assert!(
        response.has_field_error("colour", "unknown_field"),
        "{:?}",
        response.field_errors()
    );
}

#[tokio::test]
async fn search_matches_a_case_insensitive_substring_of_the_name() {
    let tenant = TestTenant::new();
    create_in_order(
        &tenant,
        &["Retail Loans", "Corporate", "retail-cards", "Pre-RETAIL"],
    )
    .await;

    let page = list_namespaces(&tenant, &[("search", "RETAIL"), ("page_size", "2")]).await;
    let none = list_namespaces(&tenant, &[("search", "wholesale")]).await;

    assert_eq!(page["count"], 3);
    assert_eq!(page["total_pages"], 2);
    assert_eq!(result_names(&page), ["Pre-RETAIL", "retail-cards"]);
    assert_eq!(none["count"], 0);
    assert_eq!(none["results"], json!([]));
}

#[tokio::test]
async fn search_treats_percent_and_underscore_literally() {
    let tenant = TestTenant::new();
    create_in_order(&tenant, &["a_b", "axb", "a-b"]).await;

    let underscore = list_namespaces(&tenant, &[("search", "a_b")]).await;
    let percent = list_namespaces(&tenant, &[("search", "%")]).await;
    let percent_inside = list_namespaces(&tenant, &[("search", "a%b")]).await;

    assert_eq!(result_names(&underscore), ["a_b"]);
    assert_eq!(percent["count"], 0);
    assert_eq!(percent_inside["count"], 0);
}

#[tokio::test]
async fn date_filters_include_the_whole_utc_day() {
    let tenant = TestTenant::new();
    let created = create_namespace(&tenant, "Today").await;
    let day = date_of(&created);
    let count = |page: Value| page["count"].as_i64().unwrap_or(-1);

    let on_or_after_day = list_namespaces(&tenant, &[("created_at_after", &day.iso())]).await;
    let on_or_before_day = list_namespaces(&tenant, &[("created_at_before", &day.iso())]).await;
    let after_next_day = list_namespaces(&tenant, &[("created_at_after", &day.plus_days(1).iso())]).await;
    let before_last_day = list_namespaces(&tenant, &[("created_at_before", &day.plus_days(-1).iso())]).await;

    assert_eq!(count(on_or_after_day), 1);
    assert_eq!(count(on_or_before_day), 1);
    assert_eq!(count(after_next_day), 0);
    assert_eq!(count(before_last_day), 0);
}

#[tokio::test]
async fn instant_filters_are_inclusive_and_accept_offsets() {
    let tenant = TestTenant::new();
    let created = create_in_order(&tenant, &["Older", "Newer"]).await;
    let older_at = created[0]["created_at"].as_str().unwrap();
    let newer_at = created[1]["created_at"].as_str().unwrap();
    assert!(older_at < newer_at, "{older_at} vs {newer_at}");

    let exactly_older = list_namespaces(
        &tenant,
        &[("created_at_after", older_at), ("created_at_before", older_at)],
    )
    .await;
    let from_newer = list_namespaces(&tenant, &[("created_at_after", newer_at)]).await;
    let since_2000 = list_namespaces(&tenant, &[("created_at_after", "2000-01-01T05:30:00+05:30")]).await;
    let before_2000 = list_namespaces(&tenant, &[("created_at_before", "2000-01-01T05:30:00+05:30")]).await;

    assert_eq!(result_names(&exactly_older), ["Older"]);
    assert_eq!(result_names(&from_newer), ["Newer"]);
    assert_eq!(since_2000["count"], 2);
    assert_eq!(before_2000["count"], 0);
}

#[tokio::test]
async fn malformed_date_filters_are_refused_naming_the_parameter() {
    let tenant = TestTenant::new();
    let bad = [
        "2026-13-01",
        "2026-02-30",
        "yesterday",
        "2026-1-5",
        "2026-03-26T25:00:00Z",
        "2026-03-26T10:00:00",
    ];

    for value in bad {
        for param in ["created_at_after", "created_at_before"] {
            let response = tenant
                .get(&format!("/namespaces/{}", encode_query(&[(param, value)])))
                .await;
            assert_query_error(&response, param);
        }
    }
}
