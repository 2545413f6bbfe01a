//! Erasure meets merge (CONTRACT §9, "Erasure and retention", "Merge"): the contacts merged into a
//! survivor are the same person, so erasing the survivor erases them too and forgets what would undo the
//! merge; a merged contact is erased through its survivor; an erased contact takes part in no merge.

use crego_api_tests::{ApiResponse, Body, TestTenant};
use serde_json::{json, Value};

use crate::contact_helpers::{contact_body, contact_path, create_contact_with, text_prop, with, with_scope};
use crate::helpers::{assert_problem, create_namespace, id_of};
use crate::merge_helpers::{merge, merge_ok, unmerge};

/// A user who may merge and erase, in a new tenant with the namespace "Retail".
async fn officer() -> TestTenant {
    let tenant = with_scope(&TestTenant::new(), "contacts:merge contacts:erase");
    create_namespace(&tenant, "Retail").await;
    tenant
}

async fn person(tenant: &TestTenant, name: &str, prop: Value) -> Value {
    create_contact_with(
        tenant,
        with(contact_body("Retail", name), json!({ "props": [prop] })),
    )
    .await
}

/// Ends the relationship long enough ago, then erases.
async fn erase(tenant: &TestTenant, contact: &Value) -> ApiResponse {
    let path = contact_path(contact);
    let ended = tenant
        .send(
            "PUT",
            &format!("{path}retention/"),
            Body::Json(json!({"relationship_ended_at": "2015-06-30"})),
        )
        .await;
    assert_eq!(ended.status, 200, "{}", ended.text);
    tenant.send("POST", &format!("{path}erase/"), Body::None).await
}

#[tokio::test]
async fn erasing_a_survivor_erases_the_contacts_merged_into_it_and_the_merge_can_no_longer_be_undone() {
    let tenant = officer().await;
    let survivor = person(&tenant, "Asha Rao", text_prop("pan_no", "ABCPK1234L")).await;
    let merged = person(&tenant, "Asha R. Rao", text_prop("mobile", "9822041375")).await;
    merge_ok(&tenant, &survivor, json!({"contacts": [id_of(&merged)]})).await;

    let direct = tenant
        .send("POST", &format!("{}erase/", contact_path(&merged)), Body::None)
        .await;
    assert_problem(&direct, 409, "merged");
    let erased = erase(&tenant, &survivor).await;
    assert_eq!(erased.status, 200, "{}", erased.text);

    let read = tenant.get(&contact_path(&merged)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let m = &read.json;
    assert!(m["erased_at"].is_string(), "{m}");
    assert_eq!(m["merged_into"], survivor["id"], "{m}");
    assert_eq!((&m["name"], &m["props"]), (&json!(""), &json!([])), "{m}");
    let undo = unmerge(&tenant, &survivor, json!({"contact": id_of(&merged)})).await;
    assert_problem(&undo, 409, "contact_erased");
}

#[tokio::test]
async fn an_erased_contact_is_neither_merged_nor_merged_into() {
    let tenant = officer().await;
    let kept = person(&tenant, "Ravi Kumar", text_prop("pan_no", "ABCPK1234L")).await;
    let gone = person(&tenant, "Ravi Kumaar", text_prop("mobile", "9822041375")).await;
    let erased = erase(&tenant, &gone).await;
    assert_eq!(erased.status, 200, "{}", erased.text);

    let into_kept = merge(&tenant, &kept, json!({"contacts": [id_of(&gone)]})).await;
    assert_problem(&into_kept, 409, "contact_erased");
    assert!(
        into_kept.has_field_error("contacts[0]", "not_found"),
        "{}",
        into_kept.text
    );
    let into_gone = merge(&tenant, &gone, json!({"contacts": [id_of(&kept)]})).await;
    assert_problem(&into_gone, 409, "contact_erased");
    let unchanged = tenant.get(&contact_path(&kept)).await;
    assert_eq!(unchanged.json["version"], kept["version"], "{}", unchanged.text);
    assert_eq!(unchanged.json["merged_into"], Value::Null);
}
