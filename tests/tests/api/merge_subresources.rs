//! What a merge does to addresses, bank accounts and relations (CONTRACT §9, "Merge"): they move to the
//! survivor, duplicates by each table's unique rule are dropped and recorded (read from the D1 file on
//! disk: no route shows the records), one primary account remains, relations between the merged
//! contacts go, and relations elsewhere follow the survivor.

use crego_api_tests::{D1File, TestTenant};
use serde_json::{json, Value};

use crate::contact_helpers::{contact_body, create_contact_with};
use crate::helpers::{id_of, result_ids};
use crate::merge_helpers::{assert_conflict_on, merge, merge_ok, merger};
use crate::sub_helpers::{
    address_body, bank_body, create_doc, list_docs, read_doc, relation_body, ADDRESSES, BANKS, RELATIONS,
};

fn disk() -> D1File {
    D1File::from_var("CREGO_STATE_DIR")
        .unwrap_or_else(|| panic!("CREGO_STATE_DIR must name the server's state directory"))
}

/// What the merge recorded of one merged contact's rows: `(row id, action)`, by row id.
fn recorded(tenant: &TestTenant, merged: &Value) -> Vec<(String, String)> {
    let rows = disk().query(
        "SELECT row_id, action FROM contact_merge_rows WHERE tenant_id = ?1 AND merged_id = ?2 ORDER BY row_id",
        &[&tenant.id, &id_of(merged)],
    );
    rows.iter()
        .map(|r| {
            (
                r[0].as_str().unwrap_or("").to_string(),
                r[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

fn row(doc: &Value, action: &str) -> (String, String) {
    (id_of(doc), action.to_string())
}

#[tokio::test]
async fn addresses_and_accounts_move_to_the_survivor_with_duplicates_dropped_and_one_primary() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;
    let kept = create_doc(&tenant, BANKS, json!({"contact_id": id_of(&survivor), "account_number": "000123450111", "ifsc": "HDFC0001234", "is_primary": true})).await;
    let duplicate = create_doc(&tenant, BANKS, bank_body(&other, "000123450111")).await;
    let demoted = create_doc(&tenant, BANKS, json!({"contact_id": id_of(&other), "account_number": "000123450222", "ifsc": "HDFC0001234", "is_primary": true})).await;
    let address = create_doc(&tenant, ADDRESSES, address_body(&other)).await;

    merge_ok(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;

    let banks = list_docs(&tenant, BANKS, &[("contact", &id_of(&survivor))]).await;
    assert_eq!(
        sorted(result_ids(&banks)),
        sorted(vec![id_of(&kept), id_of(&demoted)])
    );
    let moved = read_doc(&tenant, BANKS, &demoted).await;
    assert_eq!(moved["contact_id"], survivor["id"]);
    assert_eq!(moved["is_primary"], false);
    assert_eq!(read_doc(&tenant, BANKS, &kept).await["is_primary"], true);
    let gone = tenant.get(&format!("{BANKS}{}/", id_of(&duplicate))).await;
    assert_eq!(gone.status, 404, "{}", gone.text);
    assert_eq!(
        read_doc(&tenant, ADDRESSES, &address).await["contact_id"],
        survivor["id"]
    );
    assert_eq!(
        list_docs(&tenant, ADDRESSES, &[("contact", &id_of(&other))]).await["count"],
        0
    );
    let mut expected = vec![
        row(&duplicate, "dropped"),
        row(&demoted, "demoted"),
        row(&address, "moved"),
    ];
    expected.sort();
    assert_eq!(recorded(&tenant, &other), expected);
}

#[tokio::test]
async fn relations_between_merged_contacts_go_and_relations_elsewhere_follow_the_survivor() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;
    let father = create_contact_with(&tenant, contact_body("Retail", "Mohan Rao")).await;
    let friend = create_contact_with(&tenant, contact_body("Retail", "Priya Nair")).await;
    let between = create_doc(
        &tenant,
        RELATIONS,
        relation_body(&survivor, "sibling", Some(&other)),
    )
    .await;
    let survivors_father = create_doc(
        &tenant,
        RELATIONS,
        relation_body(&survivor, "father", Some(&father)),
    )
    .await;
    let same_father = create_doc(&tenant, RELATIONS, relation_body(&other, "father", Some(&father))).await;
    let friendship = create_doc(&tenant, RELATIONS, relation_body(&friend, "friend", Some(&other))).await;
    let guarantor = create_doc(
        &tenant,
        RELATIONS,
        relation_body(&other, "guarantor", Some(&friend)),
    )
    .await;

    merge_ok(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;

    let owned = list_docs(&tenant, RELATIONS, &[("contact", &id_of(&survivor))]).await;
    assert_eq!(
        sorted(result_ids(&owned)),
        sorted(vec![id_of(&survivors_father), id_of(&guarantor)])
    );
    let repointed = read_doc(&tenant, RELATIONS, &friendship).await;
    assert_eq!(repointed["related_contact"], survivor["id"]);
    assert_eq!(repointed["contact"], friend["id"]);
    let pointing = list_docs(&tenant, RELATIONS, &[("related_contact", &id_of(&other))]).await;
    assert_eq!(pointing["count"], 0, "{pointing}");
    for removed in [&between, &same_father] {
        assert_eq!(
            tenant
                .get(&format!("{RELATIONS}{}/", id_of(removed)))
                .await
                .status,
            404
        );
    }
    let mut expected = vec![
        row(&between, "removed"),
        row(&same_father, "dropped"),
        row(&friendship, "repointed"),
        row(&guarantor, "moved"),
    ];
    expected.sort();
    assert_eq!(recorded(&tenant, &other), expected);
}

#[tokio::test]
async fn a_merge_that_would_give_the_survivor_too_many_addresses_is_refused_whole() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;
    for contact in [&survivor, &other] {
        for _ in 0..11 {
            create_doc(&tenant, ADDRESSES, address_body(contact)).await;
        }
    }

    let refused = merge(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;

    assert_conflict_on(&refused, "merge_limit", "addresses", "length");
    assert_eq!(
        list_docs(&tenant, ADDRESSES, &[("contact", &id_of(&other))]).await["count"],
        11
    );
    assert!(recorded(&tenant, &other).is_empty());
}
