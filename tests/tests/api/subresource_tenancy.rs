//! Sub-resources and tenancy: another tenant's addresses, banks, relations and props are indistinguishable
//! from missing ones, never listed, and never reachable as the owner of a new row.

use crate::contact_helpers::{get_contact, text_prop};
use crate::helpers::{assert_field_error, id_of, MISSING_ID};
use crate::sub_helpers::{
    address_body, another_contact, assert_not_found, bank_body, count_docs, create_doc, item, list_docs,
    owner_contact, patch_doc, props_path, put_props, read_doc, read_props, relation_body, ADDRESSES, BANKS,
    RELATIONS,
};
use crego_api_tests::{Body, TestTenant};
use serde_json::{json, Value};

/// `detail` and `instance` may name the requested id; the rest of two 404s must match.
fn strip(mut problem: Value) -> Value {
    if let Some(o) = problem.as_object_mut() {
        o.remove("detail");
        o.remove("instance");
    }
    problem
}

/// The owner's contact (with a related one) and one address, bank and relation of it, in that order.
async fn owners_rows(owner: &TestTenant) -> (Value, [(&'static str, Value); 3]) {
    let asha = owner_contact(owner, "Asha Rao").await;
    let ravi = another_contact(owner, "Ravi Rao").await;
    let address = create_doc(owner, ADDRESSES, address_body(&asha)).await;
    let bank = create_doc(owner, BANKS, bank_body(&asha, "000123456789")).await;
    let relation = create_doc(owner, RELATIONS, relation_body(&asha, "spouse", Some(&ravi))).await;
    (asha, [(ADDRESSES, address), (BANKS, bank), (RELATIONS, relation)])
}

/// A patch body each collection would accept from its owner.
fn harmless_patch(collection: &str) -> Value {
    match collection {
        ADDRESSES => json!({"city": "Hijacked"}),
        BANKS => json!({"is_primary": true}),
        _ => json!({"type": "friend"}),
    }
}

#[tokio::test]
async fn another_tenants_rows_are_not_found_on_every_item_route() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let (_, rows) = owners_rows(&owner).await;

    for (collection, doc) in &rows {
        let path = item(collection, doc);
        let get = stranger.get(&path).await;
        let patch = stranger.patch(&path, Some(harmless_patch(collection))).await;
        let delete = stranger.delete(&path).await;
        for response in [&get, &patch, &delete] {
            assert_not_found(response);
            assert!(
                !response.text.contains(&owner.id),
                "{path} leaks the owner: {}",
                response.text
            );
        }
        assert_eq!(&read_doc(&owner, collection, doc).await, doc, "{path} changed");
    }
}

#[tokio::test]
async fn a_foreign_row_404_is_identical_to_a_missing_one() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let (_, rows) = owners_rows(&owner).await;

    for (collection, doc) in &rows {
        let foreign = stranger.get(&item(collection, doc)).await;
        let missing = stranger.get(&format!("{collection}{MISSING_ID}/")).await;
        assert_not_found(&foreign);
        assert_eq!(strip(foreign.json), strip(missing.json), "{collection}");
    }
}

#[tokio::test]
async fn another_tenants_rows_never_appear_in_a_list_even_filtered_by_its_contact() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let (asha, _) = owners_rows(&owner).await;
    let own = owner_contact(&stranger, "Vikram Shah").await;
    let own_address = create_doc(&stranger, ADDRESSES, address_body(&own)).await;

    for collection in [ADDRESSES, BANKS, RELATIONS] {
        let by_contact = list_docs(&stranger, collection, &[("contact", &id_of(&asha))]).await;
        assert_eq!(by_contact["count"], 0, "{collection}: {by_contact}");
        assert_eq!(by_contact["results"], json!([]), "{collection}");
        assert_eq!(count_docs(&owner, collection, &[]).await, 1, "{collection}");
    }
    let related = list_docs(&stranger, RELATIONS, &[("related_contact", &id_of(&asha))]).await;
    assert_eq!(related["count"], 0, "{related}");
    let addresses = list_docs(&stranger, ADDRESSES, &[]).await;
    assert_eq!(addresses["count"], 1);
    assert_eq!(addresses["results"], json!([own_address]));
    assert_eq!(count_docs(&stranger, BANKS, &[]).await, 0);
    assert_eq!(count_docs(&stranger, RELATIONS, &[]).await, 0);
    let searched = list_docs(&stranger, ADDRESSES, &[("search", "Residency")]).await;
    assert_eq!(
        searched["results"],
        json!([own_address]),
        "search stays in the tenant"
    );
}

#[tokio::test]
async fn rows_cannot_be_created_for_another_tenants_contact() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let asha = owner_contact(&owner, "Asha Rao").await;
    let own = owner_contact(&stranger, "Vikram Shah").await;

    let address = stranger.post(ADDRESSES, Some(address_body(&asha))).await;
    let bank = stranger.post(BANKS, Some(bank_body(&asha, "000123456789"))).await;
    let relation = stranger
        .post(RELATIONS, Some(relation_body(&asha, "friend", Some(&own))))
        .await;
    let related = stranger
        .post(RELATIONS, Some(relation_body(&own, "friend", Some(&asha))))
        .await;

    assert_field_error(&address, "contact_id", "not_found");
    assert_field_error(&bank, "contact_id", "not_found");
    assert_field_error(&relation, "contact", "not_found");
    assert_field_error(&related, "related_contact", "not_found");
    for tenant in [&owner, &stranger] {
        for collection in [ADDRESSES, BANKS, RELATIONS] {
            assert_eq!(count_docs(tenant, collection, &[]).await, 0, "{collection}");
        }
    }
}

#[tokio::test]
async fn a_relation_cannot_be_pointed_at_another_tenants_contact() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let asha = owner_contact(&owner, "Asha Rao").await;
    let own = owner_contact(&stranger, "Vikram Shah").await;
    let relation = create_doc(&stranger, RELATIONS, relation_body(&own, "nominee", None)).await;

    let response = patch_doc(
        &stranger,
        RELATIONS,
        &relation,
        json!({"related_contact": id_of(&asha)}),
    )
    .await;

    assert_field_error(&response, "related_contact", "not_found");
    assert_eq!(read_doc(&stranger, RELATIONS, &relation).await, relation);
}

#[tokio::test]
async fn another_tenants_contact_props_are_not_found() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let asha = owner_contact(&owner, "Asha Rao").await;
    put_props(&owner, &asha, json!([text_prop("pan_no", "ABCPK1234L")])).await;
    let before = get_contact(&owner, &asha).await;
    let path = props_path(&asha);

    let get = stranger.get(&path).await;
    let put = stranger
        .send(
            "PUT",
            &path,
            Body::Json(json!({"props": [text_prop("pan_no", "X")]})),
        )
        .await;
    let delete_keys = stranger.delete(&format!("{path}?keys=pan_no")).await;
    let delete_all = stranger.delete(&format!("{path}?all=true")).await;

    for response in [&get, &put, &delete_keys, &delete_all] {
        assert_not_found(response);
        assert!(!response.text.contains("ABCPK1234L"), "{}", response.text);
    }
    assert_eq!(
        read_props(&owner, &asha).await,
        json!([text_prop("pan_no", "XXXXXX234L")])
    );
    assert_eq!(get_contact(&owner, &asha).await, before);
}
