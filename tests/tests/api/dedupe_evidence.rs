//! Dedupe weighs all the evidence (issue 17): the date of birth and an address beside the name, Indian
//! name variants, `min_score`, and each result explained field by field. The address's pincode files
//! a contact in the batch of every address write and every rename.

use crate::contact_helpers::{
    contact_path, create_contact_with_props, dedupe, dedupe_ok, match_for, matched_ids, with,
};
use crate::helpers::{assert_field_error, create_namespace, id_of};
use crate::sub_helpers::{create_doc, item, patch_doc, ADDRESSES};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// A tenant with a "Retail" namespace.
async fn retail() -> TestTenant {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    tenant
}

/// Creates an individual in "Retail" with these text props.
async fn person(tenant: &TestTenant, name: &str, props: &[(&str, &str)]) -> Value {
    create_contact_with_props(tenant, "Retail", name, props).await
}

/// Creates an address of `contact` at this pincode, city and line.
async fn address(tenant: &TestTenant, contact: &Value, pincode: &str, city: &str, line: &str) -> Value {
    let body = json!({"contact_id": id_of(contact), "pincode": pincode, "city": city, "address_line": line});
    create_doc(tenant, ADDRESSES, body).await
}

/// The explanation entry of `field` in a result.
fn explained<'a>(result: &'a Value, field: &str) -> &'a Value {
    result["explanation"]
        .as_array()
        .and_then(|e| e.iter().find(|f| f["field"] == field))
        .unwrap_or_else(|| panic!("no {field} in {result}"))
}

/// The fields of an object, sorted.
fn keys_of(object: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = object
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    keys
}

fn score(result: &Value) -> f64 {
    result["score"]
        .as_f64()
        .unwrap_or_else(|| panic!("no score in {result}"))
}

#[tokio::test]
async fn the_date_of_birth_tells_namesakes_apart_that_a_bare_name_cannot() {
    let tenant = retail().await;
    let born_then = person(&tenant, "Rajesh Kumar", &[("dob", "1985-03-12")]).await;
    let other = person(&tenant, "Rajesh Kumar", &[("dob", "1990-07-21")]).await;
    let by_name = json!({"name": "Rajesh Kumar"});
    let with_dob =
        json!({"name": "Rajesh Kumar", "props": [{"key": "date_of_birth", "value": "12/03/1985"}]});

    let bare = dedupe_ok(&tenant, by_name).await;
    let found = dedupe_ok(&tenant, with_dob.clone()).await;
    let everyone = dedupe_ok(&tenant, with(with_dob, json!({"min_score": 0}))).await;

    assert_eq!(bare.len(), 2, "a bare name is all either could be: {bare:?}");
    assert!(
        bare.iter().all(|r| score(r) == 1.0 && r["basis"] == "name"),
        "{bare:?}"
    );
    assert_eq!(matched_ids(&found), [id_of(&born_then)]);
    assert!(
        score(&found[0]) >= 0.85 && found[0]["basis"] == "weighed",
        "{}",
        found[0]
    );
    assert_eq!(explained(&found[0], "dob")["outcome"], "exact");
    assert_eq!(matched_ids(&everyone), [id_of(&born_then), id_of(&other)]);
    let namesake = &everyone[1];
    assert!(score(namesake) < 0.85, "{namesake}");
    assert_eq!(explained(namesake, "dob")["outcome"], "disagree");
    assert!(
        explained(namesake, "dob")["weight"].as_f64() < Some(0.0),
        "{namesake}"
    );
    assert!(
        explained(&found[0], "dob")["weight"].as_f64() > Some(0.0),
        "{}",
        found[0]
    );
}

#[tokio::test]
async fn an_initial_and_a_pincode_find_the_contact_through_the_address_written_later() {
    let tenant = retail().await;
    let rajesh = person(&tenant, "Rajesh Sharma", &[]).await;
    let ask = |name: &str, pincode: &str| json!({"name": name, "address": {"pincode": pincode}});
    assert!(
        dedupe_ok(&tenant, ask("R. Sharma", "411001")).await.is_empty(),
        "no address yet"
    );

    let home = address(&tenant, &rajesh, "411001", "Pune", "14, MG Road").await;
    let found = dedupe_ok(&tenant, ask("R. Sharma", "411001")).await;

    assert_eq!(matched_ids(&found), [id_of(&rajesh)]);
    assert_eq!(explained(&found[0], "name")["outcome"], "initials");
    assert_eq!(explained(&found[0], "address.pincode")["outcome"], "exact");
    assert!(score(&found[0]) >= 0.85, "{}", found[0]);

    let moved = patch_doc(&tenant, ADDRESSES, &home, json!({"pincode": "560001"})).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert!(
        dedupe_ok(&tenant, ask("R. Sharma", "411001")).await.is_empty(),
        "the old pincode is gone"
    );
    assert_eq!(
        matched_ids(&dedupe_ok(&tenant, ask("R. Sharma", "560001")).await),
        [id_of(&rajesh)]
    );

    let renamed = tenant
        .patch(&contact_path(&rajesh), Some(json!({"name": "Rajesh Verma"})))
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    assert!(
        dedupe_ok(&tenant, ask("R. Sharma", "560001")).await.is_empty(),
        "the old name is gone"
    );
    assert_eq!(
        matched_ids(&dedupe_ok(&tenant, ask("R. Verma", "560001")).await),
        [id_of(&rajesh)]
    );

    let deleted = tenant.delete(&item(ADDRESSES, &home)).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    assert!(
        dedupe_ok(&tenant, ask("R. Verma", "560001")).await.is_empty(),
        "no address, no pincode key"
    );
}

#[tokio::test]
async fn a_delete_that_loses_its_if_match_leaves_the_address_findable() {
    let tenant = retail().await;
    let rajesh = person(&tenant, "Rajesh Sharma", &[]).await;
    let home = address(&tenant, &rajesh, "411001", "Pune", "14, MG Road").await;

    let stale = tenant
        .send_with(
            "DELETE",
            &item(ADDRESSES, &home),
            &[("If-Match", "\"7\"")],
            crego_api_tests::Body::None,
        )
        .await;

    assert_eq!(stale.status, 412, "{}", stale.text);
    let found = dedupe_ok(
        &tenant,
        json!({"name": "R. Sharma", "address": {"pincode": "411001"}}),
    )
    .await;
    assert_eq!(matched_ids(&found), [id_of(&rajesh)]);
}

#[tokio::test]
async fn spellings_initials_honorifics_and_relation_phrases_are_one_name() {
    let tenant = retail().await;
    let lakshmi = person(&tenant, "Lakshmi Narayanan", &[("dob", "1979-05-02")]).await;
    let rajesh = person(&tenant, "Rajesh Kumar", &[("dob", "1985-03-12")]).await;
    let imran = person(&tenant, "Mohammed Imran Khan", &[]).await;
    let sunita = person(&tenant, "Sunita Devi", &[("dob", "1970-11-30")]).await;

    for (asked, dob, stored, level) in [
        ("Laxmi Narayanan", "02/05/1979", &lakshmi, "variant"),
        ("R. Kumar", "12.03.1985", &rajesh, "initials"),
        (
            "Smt. Sunita Devi W/o Ramesh Prasad",
            "30-11-1970",
            &sunita,
            "exact",
        ),
    ] {
        let found = dedupe_ok(
            &tenant,
            json!({"name": asked, "props": [{"key": "DOB", "value": dob}]}),
        )
        .await;
        assert_eq!(matched_ids(&found), [id_of(stored)], "{asked}");
        assert_eq!(explained(&found[0], "name")["outcome"], level, "{asked}");
        assert!(score(&found[0]) >= 0.85, "{asked}: {}", found[0]);
    }
    for asked in ["Md. Imran Khan", "Muhammad Imran Khan"] {
        let found = dedupe_ok(&tenant, json!({ "name": asked })).await;
        assert_eq!(matched_ids(&found), [id_of(&imran)], "{asked}");
        let reason = &found[0]["reasons"][0];
        assert_eq!(
            (reason["field"].as_str(), reason["match"].as_str()),
            (Some("name"), Some("similar"))
        );
        assert!(reason["similarity"].as_f64() >= Some(0.85), "{asked}: {reason}");
    }
}

#[tokio::test]
async fn each_result_explains_every_field_asked_and_its_weights_add_up() {
    let tenant = retail().await;
    let stored = person(
        &tenant,
        "Rajesh Kumar",
        &[("dob", "1985-03-12"), ("pan", "ABCPK1234L")],
    )
    .await;
    address(&tenant, &stored, "411001", "Pune", "14, MG Road, Shivaji Nagar").await;
    let body = json!({
        "name": "Rajesh Kumar", "type": "individual",
        "props": [{"key": "dob", "value": "1985-03-12"}, {"key": "mobile", "value": "9822041375"}],
        "address": {"pincode": "411001", "city": "Poona", "address_line": "14 M.G. Rd"},
    });

    let found = dedupe_ok(&tenant, body).await;

    let result = match_for(&found, &stored).unwrap_or_else(|| panic!("not found: {found:?}"));
    assert_eq!(
        keys_of(result),
        ["basis", "contact", "explanation", "reasons", "score", "weight"]
    );
    let fields: Vec<&str> = result["explanation"]
        .as_array()
        .map(|e| e.iter().filter_map(|f| f["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        [
            "name",
            "type",
            "dob",
            "address.pincode",
            "address.city",
            "address.address_line",
            "props.mobile"
        ]
    );
    for entry in result["explanation"].as_array().into_iter().flatten() {
        assert_eq!(
            keys_of(entry),
            ["comparison", "field", "outcome", "weight"],
            "{entry}"
        );
        assert!(entry["weight"].is_number(), "{entry}");
    }
    let comparisons: Vec<(&str, &str)> = result["explanation"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|f| {
                    (
                        f["comparison"].as_str().unwrap_or(""),
                        f["outcome"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        comparisons,
        [
            ("indian_name", "exact"),
            ("equal", "agree"),
            ("date", "exact"),
            ("pincode", "exact"),
            ("city", "close"),
            ("address_line", "strong"),
            ("mobile", "missing"),
        ]
    );
    let total: f64 = result["explanation"]
        .as_array()
        .map(|e| e.iter().filter_map(|f| f["weight"].as_f64()).sum())
        .unwrap_or_default();
    let weight = result["weight"].as_f64().unwrap_or_default();
    assert!((total - weight).abs() < 0.05, "weights {total} vs {weight}");
    assert_eq!(result["basis"], "weighed");
    assert!(score(result) >= 0.85, "{result}");
    // The contact as it reads now: its address, a material change, moved its version.
    let now = tenant.get(&format!("/contacts/{}/", id_of(&stored))).await;
    assert_eq!(result["contact"], now.json);
}

#[tokio::test]
async fn min_score_keeps_the_results_at_or_above_it_and_defaults_to_0_85() {
    let tenant = retail().await;
    let same = person(&tenant, "Anita Desai", &[("dob", "1991-01-09")]).await;
    let weak = person(&tenant, "Anita Desai", &[("dob", "1962-06-15")]).await;
    let ask = |min: Value| {
        let mut body = json!({"name": "Anita Desai", "props": [{"key": "dob", "value": "1991-01-09"}]});
        if !min.is_null() {
            body["min_score"] = min;
        }
        body
    };

    let default = dedupe_ok(&tenant, ask(Value::Null)).await;
    let at_085 = dedupe_ok(&tenant, ask(json!(0.85))).await;
    let all = dedupe_ok(&tenant, ask(json!(0))).await;
    let none = dedupe_ok(&tenant, ask(json!(1))).await;

    assert_eq!(matched_ids(&default), [id_of(&same)]);
    assert_eq!(matched_ids(&at_085), matched_ids(&default));
    assert_eq!(matched_ids(&all), [id_of(&same), id_of(&weak)]);
    assert!(score(&all[1]) < 0.85, "{}", all[1]);
    assert!(none.is_empty(), "a weighed score stays under 1: {none:?}");
    assert_field_error(&dedupe(&tenant, ask(json!(1.5))).await, "min_score", "range");
    assert_field_error(&dedupe(&tenant, ask(json!("high"))).await, "min_score", "type");
}

#[tokio::test]
async fn a_relative_sharing_the_home_and_the_phone_is_not_a_duplicate() {
    let tenant = retail().await;
    let son = person(
        &tenant,
        "Rahul Kumar",
        &[("dob", "1990-01-01"), ("mobile", "9822041375")],
    )
    .await;
    address(
        &tenant,
        &son,
        "411045",
        "Pune",
        "Flat 12, Sai Apartments, Baner Road",
    )
    .await;
    let father = json!({
        "name": "Rajesh Kumar",
        "props": [{"key": "dob", "value": "1962-06-15"}, {"key": "mobile", "value": "+91 98220 41375"}],
        "address": {"pincode": "411045", "city": "Pune", "address_line": "Flat 12, Sai Apartments, Baner Road"},
    });

    let found = dedupe_ok(&tenant, father.clone()).await;
    let everyone = dedupe_ok(&tenant, with(father, json!({"min_score": 0}))).await;

    assert!(
        found.is_empty(),
        "the family's phone alone does not make one person: {found:?}"
    );
    let result = match_for(&everyone, &son).unwrap_or_else(|| panic!("{everyone:?}"));
    assert_eq!(result["basis"], "weighed");
    assert_eq!(explained(result, "props.mobile")["outcome"], "agree");
    assert_eq!(explained(result, "dob")["outcome"], "disagree");
    assert!(
        result["reasons"]
            .as_array()
            .is_some_and(|r| r.contains(&json!({"field": "props.mobile", "match": "exact"}))),
        "{result}"
    );
}

#[tokio::test]
async fn the_address_follows_the_address_rules_and_names_each_bad_part() {
    let tenant = retail().await;
    let body = json!({"name": "Asha Rao", "address": {"pincode": "01100", "city": "Pune1", "line": "x"}});

    let response = dedupe(&tenant, body).await;
    let alone = dedupe(&tenant, json!({"address": {"pincode": "411001"}})).await;

    assert_field_error(&response, "address.pincode", "length");
    assert_field_error(&response, "address.city", "pattern");
    assert_field_error(&response, "address.line", "unknown_field");
    assert_field_error(&alone, "name", "required");
}
