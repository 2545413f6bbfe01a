//! What a write does to an approval, and how the answer and the history say so (CONTRACT §9,
//! "Maker-checker"): a material change sends an approved contact back to `pending` and its old approval
//! stays in the history; anything else keeps the approval. Every route that writes is here once.

use crate::approval_helpers::{approval_header, approved_subject, checker, newest_entry};
use crate::contact_helpers::{act_ok, contact_path, get_contact, history, results, text_prop};
use crate::helpers::{create_namespace, id_of};
use crate::sub_helpers::{
    bank_body, item, patch_doc, props_path, put_props, relation_body, ADDRESSES, BANKS, RELATIONS,
};
use crego_api_tests::{Body, TestTenant};
use serde_json::{json, Value};

/// A maker, a checker, and an approved contact of the maker with a bank account and an address.
async fn arrange() -> (TestTenant, TestTenant, crate::approval_helpers::Subject) {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let checker = checker(&maker);
    let s = approved_subject(&maker, &checker, "Asha Rao").await;
    (maker, checker, s)
}

#[tokio::test]
async fn renaming_an_approved_contact_sends_it_back_to_pending_and_keeps_the_approval_in_the_history() {
    let (maker, checker, s) = arrange().await;

    let response = maker
        .patch(&contact_path(&s.contact), Some(json!({"name": "Asha Kumari"})))
        .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(approval_header(&response).as_deref(), Some("reset"));
    let c = &response.json;
    assert_eq!(
        (&c["approval_status"], &c["status"]),
        (&json!("pending"), &json!("active"))
    );
    for cleared in ["approved_by", "approved_at", "approved_version"] {
        assert_eq!(c[cleared], Value::Null, "{cleared} in {c}");
    }
    assert_eq!(c["makers"], json!([maker.sub.to_lowercase()]));
    assert_eq!(&get_contact(&maker, &s.contact).await, c);
    let entries = results(&history(&maker, &s.contact).await);
    let (update, approve) = (&entries[0], &entries[1]);
    assert_eq!(
        (&update["action"], &update["approval"]),
        (&json!("update"), &json!("reset"))
    );
    assert_eq!(update["before"]["approval_status"], "approved");
    assert_eq!(update["after"]["approval_status"], "pending");
    assert_eq!(
        (&approve["action"], &approve["actor"]),
        (&json!("approve"), &json!(checker.sub))
    );
    assert_eq!(approve["after"]["approved_by"], checker.sub.as_str());
    assert_eq!(approve["covered_version"], s.contact["approved_version"]);
}

#[tokio::test]
async fn a_change_of_tags_refs_or_other_props_keeps_the_approval_and_says_so() {
    let (maker, checker, s) = arrange().await;

    let tags = maker
        .patch(
            &contact_path(&s.contact),
            Some(json!({"tags": ["vip"], "refs": {"crm": "C-1"}})),
        )
        .await;
    let income = json!([{"key": "income", "value": "99000", "type": "number"}]);
    let props = put_props(&maker, &s.contact, income).await;

    for response in [&tags, &props] {
        assert_eq!(response.status, 200, "{}", response.text);
        assert_eq!(approval_header(response).as_deref(), Some("kept"));
    }
    let c = get_contact(&maker, &s.contact).await;
    assert_eq!(
        (&c["approval_status"], &c["approved_by"]),
        (&json!("approved"), &json!(checker.sub))
    );
    assert_eq!(c["approved_version"], s.contact["approved_version"]);
    assert_eq!(c["makers"], json!([]), "no maker since the approval");
    let entries = results(&history(&maker, &s.contact).await);
    assert_eq!(
        (&entries[0]["action"], &entries[0]["approval"]),
        (&json!("props"), &json!("kept"))
    );
    assert_eq!(
        (&entries[1]["action"], &entries[1]["approval"]),
        (&json!("update"), &json!("kept"))
    );
}

#[tokio::test]
async fn replacing_removing_or_adding_an_identifier_prop_of_any_kind_resets_the_approval() {
    let (maker, checker, s) = arrange().await;

    let replaced = put_props(&maker, &s.contact, json!([text_prop("PAN_NO", "ABCPE1111F")])).await;
    act_ok(&checker, &s.contact, "approve").await;
    let removed = maker
        .delete(&format!("{}?keys=PAN_NO", props_path(&s.contact)))
        .await;
    act_ok(&checker, &s.contact, "approve").await;
    // A kind dedupe does not compare (CKYC) is an identifier all the same.
    let added = put_props(
        &maker,
        &s.contact,
        json!([text_prop("ckyc_no", "30012345678901")]),
    )
    .await;

    assert_eq!(replaced.status, 200, "{}", replaced.text);
    assert_eq!(
        approval_header(&replaced).as_deref(),
        Some("reset"),
        "a PAN under another spelling"
    );
    assert_eq!(removed.status, 204, "{}", removed.text);
    assert_eq!(approval_header(&removed).as_deref(), Some("reset"));
    assert_eq!(added.status, 200, "{}", added.text);
    assert_eq!(approval_header(&added).as_deref(), Some("reset"));
    assert_eq!(
        get_contact(&maker, &s.contact).await["approval_status"],
        "pending"
    );
}

#[tokio::test]
async fn adding_a_bank_account_resets_the_approval_and_the_history_shows_the_account() {
    let (maker, _checker, s) = arrange().await;

    let response = maker
        .post(BANKS, Some(bank_body(&s.contact, "000444555666")))
        .await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert_eq!(approval_header(&response).as_deref(), Some("reset"));
    let c = get_contact(&maker, &s.contact).await;
    assert_eq!(c["approval_status"], "pending");
    assert_eq!(
        c["version"],
        s.contact["version"].as_i64().unwrap_or(0) + 1,
        "a new version"
    );
    assert_eq!(c["updated_by"], maker.sub.as_str());
    let entry = newest_entry(&maker, &s.contact).await;
    assert_eq!(
        (&entry["object_type"], &entry["object_id"], &entry["action"]),
        (&json!("bank"), &response.json["id"], &json!("create"))
    );
    assert_eq!(entry["approval"], "reset");
    assert_eq!(entry["before"], Value::Null);
    assert_eq!(entry["after"]["doc"]["account_number"], "XXXXXXXX5666", "masked");
    assert_eq!(entry["after"]["contact_id"], s.contact["id"]);
}

#[tokio::test]
async fn changing_or_deleting_an_address_resets_the_approval_and_a_tag_keeps_it() {
    let (maker, checker, s) = arrange().await;

    let tagged = patch_doc(
        &maker,
        ADDRESSES,
        &s.address,
        json!({"tags": ["home"], "coords": null}),
    )
    .await;
    let unchanged = get_contact(&maker, &s.contact).await;
    let moved = patch_doc(&maker, ADDRESSES, &s.address, json!({"pincode": "411001"})).await;
    act_ok(&checker, &s.contact, "approve").await;
    let deleted = maker.delete(&item(ADDRESSES, &s.address)).await;

    assert_eq!(
        approval_header(&tagged).as_deref(),
        Some("kept"),
        "{}",
        tagged.text
    );
    assert_eq!(unchanged, s.contact, "a tag is not a new version of the contact");
    assert_eq!(
        approval_header(&moved).as_deref(),
        Some("reset"),
        "{}",
        moved.text
    );
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    assert_eq!(approval_header(&deleted).as_deref(), Some("reset"));
    let entry = newest_entry(&maker, &s.contact).await;
    assert_eq!(
        (&entry["object_type"], &entry["action"], &entry["after"]),
        (&json!("address"), &json!("delete"), &Value::Null)
    );
    assert_eq!(entry["before"]["id"], s.address["id"]);
}

#[tokio::test]
async fn a_relation_never_resets_an_approval() {
    let (maker, _checker, s) = arrange().await;
    let partner = crate::contact_helpers::create_contact(&maker, "Retail", "Ravi Rao").await;

    let related = maker
        .post(
            RELATIONS,
            Some(relation_body(&s.contact, "guarantor", Some(&partner))),
        )
        .await;
    let removed = maker.delete(&item(RELATIONS, &related.json)).await;

    assert_eq!(related.status, 201, "{}", related.text);
    assert_eq!(approval_header(&related).as_deref(), Some("kept"));
    assert_eq!(approval_header(&removed).as_deref(), Some("kept"));
    assert_eq!(get_contact(&maker, &s.contact).await, s.contact);
    let entries = results(&history(&maker, &s.contact).await);
    assert_eq!(entries[0]["object_type"], "relation");
    assert_eq!(entries[1]["object_id"], related.json["id"]);
}

#[tokio::test]
async fn a_write_to_a_contact_that_is_not_approved_has_no_approval_effect() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = crate::approval_helpers::subject(&maker, "Asha Rao").await;

    let renamed = maker
        .patch(&contact_path(&s.contact), Some(json!({"name": "Asha Kumari"})))
        .await;
    let bank = maker
        .post(BANKS, Some(bank_body(&s.contact, "000444555666")))
        .await;

    assert_eq!(approval_header(&renamed), None);
    assert_eq!(approval_header(&bank), None);
    assert_eq!(newest_entry(&maker, &s.contact).await["approval"], Value::Null);
}

#[tokio::test]
async fn a_replayed_bank_create_repeats_its_approval_header() {
    let (maker, _checker, s) = arrange().await;
    let body = Body::Json(bank_body(&s.contact, "000444555666"));
    let key = [("Idempotency-Key", "add-account-1")];

    let first = maker.send_with("POST", BANKS, &key, body.clone()).await;
    let replay = maker.send_with("POST", BANKS, &key, body).await;

    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(approval_header(&first).as_deref(), Some("reset"));
    assert_eq!(replay.header("idempotent-replayed"), "true");
    assert_eq!(approval_header(&replay).as_deref(), Some("reset"));
    assert_eq!(replay.json, first.json);
}

#[tokio::test]
async fn the_history_lists_a_contacts_own_writes_and_its_sub_resources_newest_first() {
    let (maker, _checker, s) = arrange().await;

    let page = history(&maker, &s.contact).await;

    let entries = results(&page);
    let kinds: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["object_type"].as_str().unwrap_or_default().into(),
                e["action"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    let expected = [
        ("contact", "approve"),
        ("address", "create"),
        ("bank", "create"),
        ("contact", "create"),
    ];
    assert_eq!(kinds, expected.map(|(o, a)| (o.to_string(), a.to_string())));
    assert_eq!(entries[1]["object_id"], s.address["id"]);
    assert_eq!(entries[2]["object_id"], s.bank["id"]);
    assert_eq!(entries[3]["object_id"], id_of(&s.contact).as_str());
    assert_eq!(page["count"], 4);
}
