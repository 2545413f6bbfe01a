//! Dedupe by name: normalised names compared word by word (Jaro-Winkler, 0.85 and above), restricted to
//! the namespace and type given; ordering, `exclude_id`, `limit`, and the request rules. Many contacts
//! with the very same name: the newest first, within the scope, and a renamed contact by its new name.

use crate::contact_helpers::{
    contact_body, contact_path, create_contact, create_contact_with, dedupe, dedupe_ok, match_for,
    matched_ids, with,
};
use crate::helpers::{assert_field_error, create_namespace, id_of};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// A tenant with a "Retail" namespace and these individuals in it.
async fn tenant_with(names: &[&str]) -> (TestTenant, Vec<Value>) {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let mut created = Vec::new();
    for name in names {
        created.push(create_contact(&tenant, "Retail", name).await);
    }
    (tenant, created)
}

/// The one name reason of a result, and its similarity.
fn name_reason(result: &Value) -> (String, f64) {
    let reasons = result["reasons"]
        .as_array()
        .unwrap_or_else(|| panic!("no reasons in {result}"));
    let reason = reasons
        .iter()
        .find(|r| r["field"] == "name")
        .unwrap_or_else(|| panic!("no name reason in {result}"));
    let similarity = reason["similarity"]
        .as_f64()
        .unwrap_or_else(|| panic!("no similarity in {reason}"));
    (
        reason["match"].as_str().unwrap_or_default().to_string(),
        similarity,
    )
}

#[tokio::test]
async fn the_same_name_with_other_case_and_spacing_is_an_exact_match() {
    let (tenant, created) = tenant_with(&["Rajesh Kumar"]).await;

    let found = dedupe_ok(&tenant, json!({"name": "rajesh  kumar"})).await;

    assert_eq!(matched_ids(&found), [id_of(&created[0])]);
    assert_eq!(found[0]["score"].as_f64(), Some(1.0));
    assert_eq!(
        found[0]["reasons"],
        json!([{"field": "name", "match": "exact", "similarity": 1.0}])
    );
    assert_eq!(found[0]["contact"], created[0], "the whole contact is returned");
}

#[tokio::test]
async fn a_close_spelling_behind_an_honorific_is_a_similar_match() {
    let (tenant, created) = tenant_with(&["Rajesh Kumar"]).await;

    let found = dedupe_ok(&tenant, json!({"name": "Mr. Rajesh Kumaar"})).await;

    assert_eq!(matched_ids(&found), [id_of(&created[0])]);
    let (kind, similarity) = name_reason(&found[0]);
    assert_eq!(kind, "similar");
    assert!((0.85..1.0).contains(&similarity), "similarity {similarity}");
    assert_eq!(
        found[0]["score"].as_f64(),
        Some(similarity),
        "the score is the similarity"
    );
}

#[tokio::test]
async fn honorifics_and_company_suffixes_are_ignored() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let traders = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Sharma Traders Pvt Ltd"),
            json!({"type": "corporate"}),
        ),
    )
    .await;
    let doctor = create_contact(&tenant, "Retail", "Dr. Anil Gupta").await;

    let by_ms = dedupe_ok(&tenant, json!({"name": "M/s Sharma Traders"})).await;
    let by_limited = dedupe_ok(&tenant, json!({"name": "Sharma Traders Private Limited"})).await;
    let by_shri = dedupe_ok(&tenant, json!({"name": "Shri Anil Gupta"})).await;

    for (found, contact) in [(&by_ms, &traders), (&by_limited, &traders), (&by_shri, &doctor)] {
        assert_eq!(matched_ids(found), [id_of(contact)]);
        assert_eq!(found[0]["score"].as_f64(), Some(1.0), "{}", found[0]);
        assert_eq!(name_reason(&found[0]), ("exact".to_string(), 1.0));
    }
}

#[tokio::test]
async fn unrelated_names_do_not_match() {
    let (tenant, created) =
        tenant_with(&["Rajesh Kumar", "Ramesh Kapoor", "Priya Nair", "Verma Textiles"]).await;

    let found = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar"})).await;
    let nobody = dedupe_ok(&tenant, json!({"name": "Zubin Wadia"})).await;

    assert_eq!(matched_ids(&found), [id_of(&created[0])]);
    for stranger in &created[1..] {
        assert!(
            match_for(&found, stranger).is_none(),
            "{} must not match: {found:?}",
            stranger["name"]
        );
    }
    assert!(nobody.is_empty(), "{nobody:?}");
}

#[tokio::test]
async fn results_are_best_first_and_limit_caps_them() {
    let (tenant, created) =
        tenant_with(&["Rajesh Kumaar", "Rajesh Kumar", "Rajesh Kumari", "Priya Nair"]).await;

    let all = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar"})).await;
    let one = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar", "limit": 1})).await;
    let two = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar", "limit": 2})).await;

    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(
        matched_ids(&all)[0],
        id_of(&created[1]),
        "the exact match comes first"
    );
    let scores: Vec<f64> = all.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    assert!(scores.iter().all(|s| *s >= 0.85), "{scores:?}");
    assert_eq!(matched_ids(&one), matched_ids(&all)[0..1]);
    assert_eq!(matched_ids(&two), matched_ids(&all)[0..2]);
}

#[tokio::test]
async fn exclude_id_leaves_that_contact_out() {
    let (tenant, created) = tenant_with(&["Rajesh Kumar", "Rajesh Kumaar"]).await;

    let found = dedupe_ok(
        &tenant,
        json!({"name": "Rajesh Kumar", "exclude_id": id_of(&created[0])}),
    )
    .await;

    assert_eq!(matched_ids(&found), [id_of(&created[1])]);
}

#[tokio::test]
async fn name_matches_stay_within_the_namespace_and_type_given() {
    let tenant = TestTenant::new();
    let retail = create_namespace(&tenant, "Retail").await;
    create_namespace(&tenant, "Corporate").await;
    let individual = create_contact(&tenant, "Retail", "Rajesh Kumar").await;
    let corporate = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Rajesh Kumar"),
            json!({"type": "corporate"}),
        ),
    )
    .await;
    let elsewhere = create_contact(&tenant, "Corporate", "Rajesh Kumar").await;

    let anywhere = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar"})).await;
    let in_retail = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar", "namespace": "retail"})).await;
    let by_ns_id = dedupe_ok(
        &tenant,
        json!({"name": "Rajesh Kumar", "namespace": id_of(&retail)}),
    )
    .await;
    let retail_individuals = dedupe_ok(
        &tenant,
        json!({"name": "Rajesh Kumar", "namespace": "Retail", "type": "individual"}),
    )
    .await;
    let corporates = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar", "type": "corporate"})).await;

    assert_eq!(anywhere.len(), 3);
    let mut retail_ids = matched_ids(&in_retail);
    retail_ids.sort();
    let mut expected = vec![id_of(&individual), id_of(&corporate)];
    expected.sort();
    assert_eq!(retail_ids, expected);
    assert_eq!(matched_ids(&by_ns_id).len(), 2);
    assert!(match_for(&in_retail, &elsewhere).is_none());
    assert_eq!(matched_ids(&retail_individuals), [id_of(&individual)]);
    assert_eq!(matched_ids(&corporates), [id_of(&corporate)]);
}

#[tokio::test]
async fn a_request_without_a_name_or_props_is_refused() {
    let tenant = TestTenant::new();

    for body in [
        json!({}),
        json!({"type": "individual"}),
        json!({"name": "", "props": []}),
    ] {
        let response = dedupe(&tenant, body.clone()).await;
        assert_field_error(&response, "name", "required");
        assert_eq!(
            response.field_errors().len(),
            1,
            "{body}: {:?}",
            response.field_errors()
        );
    }
}

#[tokio::test]
async fn bad_dedupe_fields_are_reported_at_once() {
    let tenant = TestTenant::new();
    let body = json!({"name": "Rajesh", "type": "huf", "limit": 51, "threshold": 0.5});

    let response = dedupe(&tenant, body).await;
    let zero = dedupe(&tenant, json!({"name": "Rajesh", "limit": 0})).await;

    assert_field_error(&response, "type", "enum");
    assert_field_error(&response, "limit", "range");
    assert_field_error(&response, "threshold", "unknown_field");
    assert_field_error(&zero, "limit", "range");
}

#[tokio::test]
async fn the_default_limit_is_ten() {
    let (tenant, _) = tenant_with(&["Rajesh Kumar"; 12]).await;

    let found = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar"})).await;
    let fifty = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar", "limit": 50})).await;

    assert_eq!(found.len(), 10);
    assert_eq!(fifty.len(), 12);
}

#[tokio::test]
async fn more_same_name_contacts_than_the_limit_give_the_newest_first() {
    let (tenant, created) = tenant_with(&[
        "Rajesh Kumar",
        "Mr. Kumar Rajesh",
        "rajesh kumar",
        "Rajesh Kumar",
        "Rajesh Kumaar",
    ])
    .await;
    let same: Vec<String> = created[..4].iter().rev().map(id_of).collect();

    let three = dedupe_ok(&tenant, json!({"name": "Rajesh  Kumar", "limit": 3})).await;
    let all = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar", "limit": 6})).await;

    assert_eq!(matched_ids(&three), same[..3]);
    for found in &three {
        assert_eq!(found["score"].as_f64(), Some(1.0), "{found}");
        assert_eq!(name_reason(found).0, "exact");
    }
    assert_eq!(matched_ids(&all)[..4], same[..]);
    assert_eq!(
        matched_ids(&all)[4],
        id_of(&created[4]),
        "the similar name comes last"
    );
    assert_eq!(all.len(), 5);
}

#[tokio::test]
async fn same_name_contacts_out_of_scope_or_excluded_do_not_take_a_place() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    create_namespace(&tenant, "Corporate").await;
    let older = create_contact(&tenant, "Retail", "Rajesh Kumar").await;
    let newer = create_contact(&tenant, "Retail", "Rajesh Kumar").await;
    create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Rajesh Kumar"),
            json!({"type": "corporate"}),
        ),
    )
    .await;
    create_contact(&tenant, "Corporate", "Rajesh Kumar").await;
    let scoped = json!({"name": "Rajesh Kumar", "namespace": "Retail", "type": "individual", "limit": 1});

    let first = dedupe_ok(&tenant, scoped.clone()).await;
    let excluded = dedupe_ok(&tenant, with(scoped, json!({"exclude_id": id_of(&newer)}))).await;

    assert_eq!(matched_ids(&first), [id_of(&newer)]);
    assert_eq!(matched_ids(&excluded), [id_of(&older)]);
}

#[tokio::test]
async fn a_renamed_contact_matches_by_its_new_name_only() {
    let (tenant, created) = tenant_with(&["Rajesh Kumar"]).await;
    let response = tenant
        .patch(&contact_path(&created[0]), Some(json!({"name": "Suresh Menon"})))
        .await;
    assert_eq!(response.status, 200, "{}", response.text);

    let by_old = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar"})).await;
    let by_new = dedupe_ok(&tenant, json!({"name": "Menon Suresh"})).await;

    assert!(by_old.is_empty(), "{by_old:?}");
    assert_eq!(matched_ids(&by_new), [id_of(&created[0])]);
    assert_eq!(by_new[0]["score"].as_f64(), Some(1.0));
    assert_eq!(by_new[0]["contact"]["name"], "Suresh Menon");
}
