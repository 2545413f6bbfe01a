//! What a props change moves besides the list: the contact's version and history, and dedupe's view of
//! the contact's identifiers.

use crate::contact_helpers::{actions_of, dedupe_ok, get_contact, history, matched_ids, results, text_prop};
use crate::helpers::id_of;
use crate::sub_helpers::{owner_contact, props_path, put_props};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// A dedupe body asking for this PAN under the `pan` alias.
fn by_pan(value: &str) -> Value {
    json!({"props": [{"key": "pan", "value": value}]})
}

#[tokio::test]
async fn props_changes_add_history_entries_with_before_and_after() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let put = put_props(&tenant, &contact, json!([text_prop("pan_no", "ABCPK1234L")])).await;
    let delete = tenant
        .delete(&format!("{}?keys=pan_no", props_path(&contact)))
        .await;

    assert_eq!(
        (put.status, delete.status),
        (200, 204),
        "{} {}",
        put.text,
        delete.text
    );
    let page = history(&tenant, &contact).await;
    assert_eq!(actions_of(&page), ["props", "props", "create"]);
    let entries = results(&page);
    let (removed, added) = (&entries[0], &entries[1]);
    assert_eq!(added["actor"], tenant.sub.as_str());
    assert_eq!(added["before"]["props"], json!([]));
    assert_eq!(
        added["after"]["props"],
        json!([text_prop("pan_no", "XXXXXX234L")]),
        "masked without pii:read"
    );
    assert_eq!(
        (&added["before"]["version"], &added["after"]["version"]),
        (&json!(1), &json!(2))
    );
    assert_eq!(removed["before"]["props"], added["after"]["props"]);
    assert_eq!(removed["after"]["props"], json!([]));
    let stored = get_contact(&tenant, &contact).await;
    assert_eq!(stored["version"], 3);
    assert_eq!(removed["after"], stored);
}

#[tokio::test]
async fn a_put_that_is_refused_adds_no_history_entry() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let response = put_props(&tenant, &contact, json!([text_prop("pan@no", "ABCPK1234L")])).await;

    assert_eq!(response.status, 400, "{}", response.text);
    assert_eq!(actions_of(&history(&tenant, &contact).await), ["create"]);
}

#[tokio::test]
async fn dedupe_finds_a_contact_by_a_put_identifier_until_it_is_deleted() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    assert!(dedupe_ok(&tenant, by_pan("abcpk1234l")).await.is_empty());

    let put = put_props(&tenant, &contact, json!([text_prop("pan_no", "ABCPK1234L")])).await;
    let found = dedupe_ok(&tenant, by_pan("abcpk1234l")).await;
    let delete = tenant
        .delete(&format!("{}?keys=pan_no", props_path(&contact)))
        .await;
    let after_delete = dedupe_ok(&tenant, by_pan("abcpk1234l")).await;

    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(matched_ids(&found), [id_of(&contact)]);
    assert_eq!(found[0]["score"].as_f64(), Some(1.0));
    let reasons = found[0]["reasons"].as_array().cloned().unwrap_or_default();
    assert!(
        reasons.iter().any(|r| r["field"] == "props.pan_no"),
        "reasons: {reasons:?}"
    );
    assert_eq!(delete.status, 204, "{}", delete.text);
    assert!(after_delete.is_empty(), "still found: {after_delete:?}");
}

#[tokio::test]
async fn dedupe_follows_an_identifier_whose_value_is_replaced() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    put_props(&tenant, &contact, json!([text_prop("pan_no", "ABCPK1234L")])).await;

    let replaced = put_props(&tenant, &contact, json!([text_prop("pan_no", "BCDPK5678M")])).await;

    assert_eq!(replaced.status, 200, "{}", replaced.text);
    assert!(dedupe_ok(&tenant, by_pan("ABCPK1234L")).await.is_empty());
    assert_eq!(
        matched_ids(&dedupe_ok(&tenant, by_pan("bcdpk5678m")).await),
        [id_of(&contact)]
    );
}

#[tokio::test]
async fn deleting_all_props_also_forgets_the_identifiers() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    put_props(
        &tenant,
        &contact,
        json!([
            text_prop("pan_no", "ABCPK1234L"),
            text_prop("email", "asha@example.com")
        ]),
    )
    .await;
    let by_email = json!({"props": [{"key": "email", "value": "ASHA@example.com"}]});
    assert_eq!(
        matched_ids(&dedupe_ok(&tenant, by_email.clone()).await),
        [id_of(&contact)]
    );

    let response = tenant.delete(&format!("{}?all=true", props_path(&contact))).await;

    assert_eq!(response.status, 204, "{}", response.text);
    assert!(dedupe_ok(&tenant, by_pan("ABCPK1234L")).await.is_empty());
    assert!(dedupe_ok(&tenant, by_email).await.is_empty());
}
