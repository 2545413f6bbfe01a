//! The contact list: envelope and paging, newest-first order, each filter alone and combined, `expand`,
//! and the refusal of bad or unknown query parameters.

use crate::contact_helpers::{
    act_ok, checker_of, contact_body, contacts_query, create_contact, create_contact_with, list_contacts,
    with,
};
use crate::helpers::{assert_problem, assert_query_error, create_namespace, id_of, result_ids, result_names};
use crego_api_tests::shapes::UtcDate;
use crego_api_tests::TestTenant;
use serde_json::{json, Value};
use std::time::Duration;

/// Creates one contact per body, a few ms apart so their created_at differ; oldest first.
async fn create_in_order(tenant: &TestTenant, bodies: Vec<Value>) -> Vec<Value> {
    let mut created = Vec::new();
    for body in bodies {
        created.push(create_contact_with(tenant, body).await);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    created
}

/// The envelope without `results`.
fn paging(page: &Value) -> Value {
    let mut envelope = page.clone();
    envelope.as_object_mut().expect("an object").remove("results");
    envelope
}

/// The UTC date of a created_at timestamp.
fn date_of(timestamp: &str) -> UtcDate {
    let part = |range: std::ops::Range<usize>| timestamp[range].parse::<u32>().expect("a date");
    UtcDate {
        year: i64::from(part(0..4)),
        month: part(5..7),
        day: part(8..10),
    }
}

/// Names of the contacts a query lists.
async fn names(tenant: &TestTenant, query: &[(&str, &str)]) -> Vec<String> {
    result_names(&list_contacts(tenant, query).await)
}

#[tokio::test]
async fn an_empty_contact_list_has_the_whole_envelope() {
    let tenant = TestTenant::new();

    let page = list_contacts(&tenant, &[]).await;

    assert_eq!(
        page,
        json!({"count": 0, "total_pages": 0, "current_page": 1, "has_previous": false, "has_next": false,
               "previous_page": null, "next_page": null, "results": []})
    );
}

#[tokio::test]
async fn contacts_are_listed_newest_first_and_paged() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let bodies = ["A One", "B Two", "C Three", "D Four", "E Five"].map(|n| contact_body("Retail", n));
    let created = create_in_order(&tenant, bodies.to_vec()).await;
    let newest_first: Vec<String> = created.iter().rev().map(id_of).collect();

    let all = list_contacts(&tenant, &[]).await;
    let first = list_contacts(&tenant, &[("page_size", "2")]).await;
    let middle = list_contacts(&tenant, &[("page_size", "2"), ("page", "2")]).await;
    let last = list_contacts(&tenant, &[("page_size", "2"), ("page", "3")]).await;
    let past = list_contacts(&tenant, &[("page_size", "2"), ("page", "4")]).await;

    assert_eq!(result_ids(&all), newest_first);
    assert_eq!(all["results"][0], created[4], "list items are whole contacts");
    assert_eq!(
        paging(&first),
        json!({"count": 5, "total_pages": 3, "current_page": 1, "has_previous": false, "has_next": true,
               "previous_page": null, "next_page": 2})
    );
    assert_eq!(result_ids(&first), newest_first[0..2]);
    assert_eq!(
        paging(&middle),
        json!({"count": 5, "total_pages": 3, "current_page": 2, "has_previous": true, "has_next": true,
               "previous_page": 1, "next_page": 3})
    );
    assert_eq!(result_ids(&middle), newest_first[2..4]);
    assert_eq!(paging(&last)["next_page"], Value::Null);
    assert_eq!(paging(&last)["has_next"], false);
    assert_eq!(result_ids(&last), newest_first[4..5]);
    assert_eq!(past["results"], json!([]));
    assert_eq!((&past["count"], &past["current_page"]), (&json!(5), &json!(4)));
}

#[tokio::test]
async fn bad_paging_parameters_are_refused_naming_them() {
    let tenant = TestTenant::new();

    for (param, value) in [
        ("page_size", "0"),
        ("page_size", "101"),
        ("page_size", "x"),
        ("page", "0"),
        ("page", "-1"),
    ] {
        let response = tenant.get(&contacts_query(&[(param, value)])).await;
        assert_query_error(&response, param);
    }
    let max = list_contacts(&tenant, &[("page_size", "100")]).await;
    assert_eq!(max["count"], 0);
}

#[tokio::test]
async fn search_matches_name_or_ref_id_case_insensitively() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let ref_body = |name: &str, r: &str| with(contact_body("Retail", name), json!({"ref_id": r}));
    create_in_order(
        &tenant,
        vec![
            ref_body("Rajesh Kumar", "CUST-001"),
            ref_body("Priya Nair", "LEGACY-RAJ"),
            ref_body("Verma Textiles", "V-9"),
        ],
    )
    .await;

    assert_eq!(
        names(&tenant, &[("search", "RAJ")]).await,
        ["Priya Nair", "Rajesh Kumar"]
    );
    assert_eq!(names(&tenant, &[("search", "cust-0")]).await, ["Rajesh Kumar"]);
    assert_eq!(names(&tenant, &[("search", "textile")]).await, ["Verma Textiles"]);
    assert!(names(&tenant, &[("search", "nobody")]).await.is_empty());
    assert!(
        names(&tenant, &[("search", "%")]).await.is_empty(),
        "% is a literal"
    );
    assert!(
        names(&tenant, &[("search", "_")]).await.is_empty(),
        "_ is a literal"
    );
}

#[tokio::test]
async fn the_namespace_filter_takes_a_name_in_any_case_or_an_id() {
    let tenant = TestTenant::new();
    let retail = create_namespace(&tenant, "Retail").await;
    create_namespace(&tenant, "Corporate").await;
    create_contact(&tenant, "Retail", "Asha Rao").await;
    create_contact(&tenant, "Corporate", "Sharma Traders").await;

    assert_eq!(names(&tenant, &[("namespace", "Retail")]).await, ["Asha Rao"]);
    assert_eq!(
        names(&tenant, &[("namespace", "corporate")]).await,
        ["Sharma Traders"]
    );
    assert_eq!(
        names(&tenant, &[("namespace", &id_of(&retail))]).await,
        ["Asha Rao"]
    );
    assert_eq!(
        list_contacts(&tenant, &[("namespace", "Nowhere")]).await["count"],
        0
    );
}

#[tokio::test]
async fn status_type_and_approval_status_filter_exactly() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let body = |name: &str, status: &str, kind: &str| {
        with(
            contact_body("Retail", name),
            json!({"status": status, "type": kind}),
        )
    };
    let created = create_in_order(
        &maker,
        vec![
            body("Asha Rao", "active", "individual"),
            body("Sharma Traders", "inactive", "corporate"),
            body("Vikram Shah", "inactive", "individual"),
            body("Verma Textiles", "active", "corporate"),
        ],
    )
    .await;
    act_ok(&checker, &created[0], "approve").await;
    act_ok(&checker, &created[2], "reject").await;

    assert_eq!(
        names(&maker, &[("status", "active")]).await,
        ["Verma Textiles", "Asha Rao"]
    );
    assert_eq!(
        names(&maker, &[("status", "inactive")]).await,
        ["Vikram Shah", "Sharma Traders"]
    );
    assert_eq!(
        names(&maker, &[("type", "corporate")]).await,
        ["Verma Textiles", "Sharma Traders"]
    );
    assert_eq!(
        names(&maker, &[("approval_status", "approved")]).await,
        ["Asha Rao"]
    );
    assert_eq!(
        names(&maker, &[("approval_status", "rejected")]).await,
        ["Vikram Shah"]
    );
    assert_eq!(
        names(&maker, &[("approval_status", "pending")]).await,
        ["Verma Textiles", "Sharma Traders"]
    );
}

#[tokio::test]
async fn a_tags_filter_lists_contacts_that_carry_every_tag() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let tagged = |name: &str, tags: Value| with(contact_body("Retail", name), json!({"tags": tags}));
    create_in_order(
        &tenant,
        vec![
            tagged("Asha Rao", json!(["vip", "gold"])),
            tagged("Vikram Shah", json!(["vip"])),
            tagged("Meena Iyer", json!(["gold", "vip", "nri"])),
            tagged("Priya Nair", json!([])),
        ],
    )
    .await;

    assert_eq!(
        names(&tenant, &[("tags", "vip")]).await,
        ["Meena Iyer", "Vikram Shah", "Asha Rao"]
    );
    assert_eq!(
        names(&tenant, &[("tags", "vip,gold")]).await,
        ["Meena Iyer", "Asha Rao"]
    );
    assert_eq!(names(&tenant, &[("tags", "gold,vip,nri")]).await, ["Meena Iyer"]);
    assert!(names(&tenant, &[("tags", "vip,platinum")]).await.is_empty());
    assert!(
        names(&tenant, &[("tags", "VIP")]).await.is_empty(),
        "tags match exactly"
    );
}

#[tokio::test]
async fn created_at_filters_take_whole_utc_days_or_inclusive_instants() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let bodies = vec![contact_body("Retail", "Older"), contact_body("Retail", "Newer")];
    let created = create_in_order(&tenant, bodies).await;
    let older_at = created[0]["created_at"].as_str().unwrap();
    let newer_at = created[1]["created_at"].as_str().unwrap();
    assert!(older_at < newer_at, "{older_at} vs {newer_at}");
    let day = date_of(older_at);
    let count = |page: Value| page["count"].as_i64().unwrap();

    assert_eq!(
        count(list_contacts(&tenant, &[("created_at_after", &day.iso())]).await),
        2
    );
    assert_eq!(
        count(list_contacts(&tenant, &[("created_at_before", &day.iso())]).await),
        2
    );
    assert_eq!(
        count(list_contacts(&tenant, &[("created_at_after", &day.plus_days(1).iso())]).await),
        0
    );
    assert_eq!(
        count(list_contacts(&tenant, &[("created_at_before", &day.plus_days(-1).iso())]).await),
        0
    );
    let exactly_older = [("created_at_after", older_at), ("created_at_before", older_at)];
    assert_eq!(names(&tenant, &exactly_older).await, ["Older"]);
    assert_eq!(names(&tenant, &[("created_at_after", newer_at)]).await, ["Newer"]);
    assert_eq!(
        count(list_contacts(&tenant, &[("created_at_before", "2000-01-01T05:30:00+05:30")]).await),
        0
    );
    for bad in ["2026-13-01", "yesterday", "2026-01-01T25:00:00Z"] {
        let response = tenant.get(&contacts_query(&[("created_at_after", bad)])).await;
        assert_query_error(&response, "created_at_after");
    }
}

#[tokio::test]
async fn filters_combine_and_page_together() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    create_namespace(&maker, "Corporate").await;
    let body = |ns: &str, name: &str, kind: &str, tags: Value| {
        with(contact_body(ns, name), json!({"type": kind, "tags": tags}))
    };
    let created = create_in_order(
        &maker,
        vec![
            body("Retail", "Rajesh Kumar", "individual", json!(["vip"])),
            body("Retail", "Rajesh Traders", "corporate", json!(["vip"])),
            body("Corporate", "Rajesh Exports", "corporate", json!(["vip"])),
            body("Retail", "Rajesh Mehta", "individual", json!([])),
            body("Retail", "Rajesh Pillai", "individual", json!(["vip"])),
            body("Retail", "Priya Nair", "individual", json!(["vip"])),
        ],
    )
    .await;
    act_ok(&checker, &created[4], "approve").await;
    let combined = [
        ("search", "rajesh"),
        ("namespace", "retail"),
        ("type", "individual"),
        ("tags", "vip"),
    ];

    let all = list_contacts(&maker, &combined).await;
    let paged = list_contacts(
        &maker,
        &[combined.as_slice(), &[("page_size", "1"), ("page", "2")]].concat(),
    )
    .await;
    let approved = names(
        &maker,
        &[combined.as_slice(), &[("approval_status", "approved")]].concat(),
    )
    .await;

    assert_eq!(result_names(&all), ["Rajesh Pillai", "Rajesh Kumar"]);
    assert_eq!((&paged["count"], &paged["total_pages"]), (&json!(2), &json!(2)));
    assert_eq!(result_names(&paged), ["Rajesh Kumar"]);
    assert_eq!(approved, ["Rajesh Pillai"]);
}

#[tokio::test]
async fn expand_accepts_the_known_sub_resources() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    for expand in ["addresses", "banks", "relations", "addresses,banks,relations"] {
        let page = list_contacts(&tenant, &[("expand", expand)]).await;
        assert_eq!(result_ids(&page), [id_of(&created)], "expand={expand}");
    }
}

#[tokio::test]
async fn bad_filter_values_and_unknown_parameters_are_refused() {
    let tenant = TestTenant::new();
    let cases = [
        ("status", "gone", "enum"),
        ("type", "robot", "enum"),
        ("approval_status", "maybe", "enum"),
        ("expand", "history", "enum"),
        ("expand", "addresses,owners", "enum"),
        ("colour", "red", "unknown_field"),
    ];

    for (param, value, code) in cases {
        let response = tenant.get(&contacts_query(&[(param, value)])).await;
        assert_problem(&response, 400, "invalid_query");
        assert!(
            response.has_field_error(param, code),
            "{param}={value}: {:?}",
            response.field_errors()
        );
    }
    let two = tenant
        .get(&contacts_query(&[("status", "gone"), ("type", "robot")]))
        .await;
    assert!(
        two.has_field_error("status", "enum") && two.has_field_error("type", "enum"),
        "{}",
        two.text
    );
}
