//! Dedupe by identifier props (PAN, GSTIN, Aadhaar, mobile, e-mail): recognised by key alias, compared
//! normalised and only when valid, scored 1.0, tenant-wide but never across tenants.

use crate::contact_helpers::{create_contact_with_props, dedupe_ok, match_for, matched_ids, text_prop, with};
use crate::helpers::{create_namespace, id_of};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

const PAN: &str = "ABCPK1234L";
const GSTIN: &str = "29AAACR5055K1Z3";
const AADHAAR: &str = "234123412346";

/// A tenant with a "Retail" namespace.
async fn retail_tenant() -> TestTenant {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    tenant
}

/// A dedupe body matching by one prop only.
fn by_prop(key: &str, value: &str) -> Value {
    json!({"props": [{"key": key, "value": value}]})
}

#[tokio::test]
async fn the_same_pan_under_another_name_matches_on_the_prop_alone() {
    let tenant = retail_tenant().await;
    let stored = create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &[("pan_no", PAN)]).await;

    let found = dedupe_ok(
        &tenant,
        json!({"name": "Priya Nair", "props": [{"key": "pan_no", "value": PAN}]}),
    )
    .await;

    assert_eq!(matched_ids(&found), [id_of(&stored)]);
    assert_eq!(found[0]["score"].as_f64(), Some(1.0));
    assert_eq!(
        found[0]["reasons"],
        json!([{"field": "props.pan_no", "match": "exact"}])
    );
    assert_eq!(found[0]["contact"], stored);
}

#[tokio::test]
async fn a_pan_and_a_name_match_give_both_reasons_and_score_one() {
    let tenant = retail_tenant().await;
    let stored = create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &[("pan_no", PAN)]).await;

    let body = json!({"name": "Rajesh Kumaar", "props": [{"key": "pan", "value": PAN}]});
    let found = dedupe_ok(&tenant, body).await;

    assert_eq!(matched_ids(&found), [id_of(&stored)], "one result per contact");
    assert_eq!(found[0]["score"].as_f64(), Some(1.0));
    let reasons = found[0]["reasons"].as_array().unwrap();
    assert!(
        reasons.contains(&json!({"field": "props.pan_no", "match": "exact"})),
        "{reasons:?}"
    );
    let name = reasons
        .iter()
        .find(|r| r["field"] == "name")
        .expect("a name reason");
    assert_eq!(name["match"], "similar");
    assert!(name["similarity"].as_f64().unwrap() >= 0.85, "{name}");
}

#[tokio::test]
async fn a_pan_matches_under_any_alias_and_case_naming_the_stored_key() {
    let tenant = retail_tenant().await;
    let stored = create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &[("pan", "abcpk1234l")]).await;

    for key in ["pan", "pan_no", "pan_number"] {
        let found = dedupe_ok(&tenant, by_prop(key, PAN)).await;
        assert_eq!(matched_ids(&found), [id_of(&stored)], "{key}");
        assert_eq!(
            found[0]["reasons"],
            json!([{"field": "props.pan", "match": "exact"}]),
            "{key}"
        );
    }
}

#[tokio::test]
async fn a_mobile_number_matches_in_every_indian_form() {
    let tenant = retail_tenant().await;
    let stored = create_contact_with_props(
        &tenant,
        "Retail",
        "Rajesh Kumar",
        &[("mobile", "+91 98765 43210")],
    )
    .await;

    for (key, value) in [
        ("mobile", "09876543210"),
        ("phone", "9876543210"),
        ("mobile_no", "+919876543210"),
    ] {
        let found = dedupe_ok(&tenant, by_prop(key, value)).await;
        assert_eq!(matched_ids(&found), [id_of(&stored)], "{key}={value}");
        assert_eq!(
            found[0]["reasons"],
            json!([{"field": "props.mobile", "match": "exact"}])
        );
        assert_eq!(found[0]["score"].as_f64(), Some(1.0));
    }
    assert!(dedupe_ok(&tenant, by_prop("mobile", "9876543211"))
        .await
        .is_empty());
}

#[tokio::test]
async fn an_email_matches_case_insensitively() {
    let tenant = retail_tenant().await;
    let stored = create_contact_with_props(
        &tenant,
        "Retail",
        "Rajesh Kumar",
        &[("email", "Rajesh.Kumar@Example.COM")],
    )
    .await;

    let found = dedupe_ok(&tenant, by_prop("email", "rajesh.kumar@example.com")).await;

    assert_eq!(matched_ids(&found), [id_of(&stored)]);
    assert_eq!(
        found[0]["reasons"],
        json!([{"field": "props.email", "match": "exact"}])
    );
}

#[tokio::test]
async fn gstin_and_aadhaar_match_under_their_aliases() {
    let tenant = retail_tenant().await;
    let firm = create_contact_with_props(&tenant, "Retail", "Sharma Traders", &[("gst_no", GSTIN)]).await;
    let person = create_contact_with_props(&tenant, "Retail", "Asha Rao", &[("aadhaar_no", AADHAAR)]).await;

    let by_gstin = dedupe_ok(&tenant, by_prop("gstin", &GSTIN.to_lowercase())).await;
    let by_aadhaar = dedupe_ok(&tenant, by_prop("aadhaar", "2341 2341 2346")).await;

    assert_eq!(matched_ids(&by_gstin), [id_of(&firm)]);
    assert_eq!(
        by_gstin[0]["reasons"],
        json!([{"field": "props.gst_no", "match": "exact"}])
    );
    assert_eq!(matched_ids(&by_aadhaar), [id_of(&person)]);
    assert_eq!(
        by_aadhaar[0]["reasons"],
        json!([{"field": "props.aadhaar_no", "match": "exact"}])
    );
}

#[tokio::test]
async fn invalid_identifiers_and_other_keys_are_not_compared() {
    let tenant = retail_tenant().await;
    // An invalid Aadhaar number is refused outright (it is never stored): `pii_storage` tests that.
    let props = [
        ("pan", "ABCXK1234L"),
        ("email", "not an e-mail"),
        ("mobile", "12345"),
        ("city", "Pune"),
    ];
    create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &props).await;

    for (key, value) in props {
        let found = dedupe_ok(&tenant, by_prop(key, value)).await;
        assert!(found.is_empty(), "{key}={value} matched: {found:?}");
    }
}

#[tokio::test]
async fn an_identifier_match_is_tenant_wide_even_when_a_namespace_is_given() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    create_namespace(&tenant, "Corporate").await;
    let retail = create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &[("pan_no", PAN)]).await;
    let corporate = create_contact_with_props(&tenant, "Corporate", "R K Enterprises", &[("pan", PAN)]).await;

    let body =
        json!({"name": "Rajesh Kumar", "namespace": "Retail", "props": [{"key": "pan_no", "value": PAN}]});
    let found = dedupe_ok(&tenant, body).await;

    let mut ids = matched_ids(&found);
    ids.sort();
    let mut expected = vec![id_of(&retail), id_of(&corporate)];
    expected.sort();
    assert_eq!(ids, expected);
    assert!(
        found.iter().all(|r| r["score"].as_f64() == Some(1.0)),
        "{found:?}"
    );
    let other = match_for(&found, &corporate).unwrap();
    assert_eq!(
        other["reasons"],
        json!([{"field": "props.pan", "match": "exact"}])
    );
}

#[tokio::test]
async fn identifier_matches_rank_above_name_matches() {
    let tenant = retail_tenant().await;
    let similar = create_contact_with_props(&tenant, "Retail", "Rajesh Kumaar", &[]).await;
    let same_pan = create_contact_with_props(&tenant, "Retail", "Priya Nair", &[("pan_no", PAN)]).await;

    let body = json!({"name": "Rajesh Kumar", "props": [{"key": "pan_no", "value": PAN}]});
    let found = dedupe_ok(&tenant, body).await;

    assert_eq!(matched_ids(&found), [id_of(&same_pan), id_of(&similar)]);
    assert!(found[1]["score"].as_f64().unwrap() < 1.0, "{}", found[1]);
}

#[tokio::test]
async fn identifier_and_same_name_matches_all_score_one_and_go_newest_first() {
    let tenant = retail_tenant().await;
    let by_pan = create_contact_with_props(&tenant, "Retail", "Priya Nair", &[("pan_no", PAN)]).await;
    let first = create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &[]).await;
    let second = create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &[]).await;
    let body = json!({"name": "Rajesh Kumar", "props": [{"key": "pan_no", "value": PAN}]});

    let two = dedupe_ok(&tenant, with(body.clone(), json!({"limit": 2}))).await;
    let all = dedupe_ok(&tenant, body).await;

    assert_eq!(matched_ids(&two), [id_of(&second), id_of(&first)]);
    assert_eq!(matched_ids(&all), [id_of(&second), id_of(&first), id_of(&by_pan)]);
    assert!(all.iter().all(|r| r["score"].as_f64() == Some(1.0)), "{all:?}");
    assert_eq!(
        all[2]["reasons"],
        json!([{"field": "props.pan_no", "match": "exact"}])
    );
}

#[tokio::test]
async fn exclude_id_also_removes_an_identifier_match() {
    let tenant = retail_tenant().await;
    let first = create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &[("pan_no", PAN)]).await;
    let second = create_contact_with_props(&tenant, "Retail", "Priya Nair", &[("pan_no", PAN)]).await;

    let body = json!({"props": [{"key": "pan_no", "value": PAN}], "exclude_id": id_of(&first)});
    let found = dedupe_ok(&tenant, body).await;

    assert_eq!(matched_ids(&found), [id_of(&second)]);
}

#[tokio::test]
async fn a_changed_identifier_is_matched_by_its_new_value_only() {
    let tenant = retail_tenant().await;
    let stored = create_contact_with_props(&tenant, "Retail", "Rajesh Kumar", &[("pan_no", PAN)]).await;
    let path = crate::contact_helpers::contact_path(&stored);
    let patched = tenant
        .patch(&path, Some(json!({"props": [text_prop("pan_no", "ABCPK9999L")]})))
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);

    let old = dedupe_ok(&tenant, by_prop("pan_no", PAN)).await;
    let new = dedupe_ok(&tenant, by_prop("pan_no", "ABCPK9999L")).await;

    assert!(old.is_empty(), "{old:?}");
    assert_eq!(matched_ids(&new), [id_of(&stored)]);
}

#[tokio::test]
async fn another_tenant_never_sees_a_contact_with_the_same_pan_or_name() {
    let owner = retail_tenant().await;
    let stranger = retail_tenant().await;
    create_contact_with_props(&owner, "Retail", "Rajesh Kumar", &[("pan_no", PAN)]).await;
    let own = create_contact_with_props(&stranger, "Retail", "Priya Nair", &[("pan", PAN)]).await;

    let body = json!({"name": "Rajesh Kumar", "props": [{"key": "pan_no", "value": PAN}]});
    let found = dedupe_ok(&stranger, body).await;

    assert_eq!(matched_ids(&found), [id_of(&own)]);
    assert!(!serde_json::to_string(&found).unwrap().contains(&owner.id));
}
