//! `POST /contacts/{id}/unmerge/` (CONTRACT §9, "Merge"): one merge undone, restoring what moved, while
//! neither record has changed since; refusals; two unmerges racing.

use crego_api_tests::{D1File, TestTenant};
use serde_json::{json, Value};

use crate::contact_helpers::{
    contact_body, create_contact_with, dedupe_ok, get_contact, history, list_contacts, matched_ids,
    text_prop, with,
};
use crate::helpers::{assert_field_error, assert_problem, id_of, result_ids};
use crate::merge_helpers::{assert_conflict_on, merge_ok, merger, unmerge, unmerge_ok};
use crate::sub_helpers::{
    address_body, bank_body, create_doc, read_doc, relation_body, ADDRESSES, BANKS, RELATIONS,
};

const PAN_B: &str = "BBBPB2222B";

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// The fields a merge and its unmerge may change: an unmerge puts each back.
fn values(contact: &Value) -> Value {
    json!([
        contact["tags"],
        contact["refs"],
        contact["props"],
        contact["rm_id"],
        contact["branch_id"]
    ])
}

/// A tenant that may merge, and a contact tagged `b` merged into another (as read before the merge).
async fn merged_pair() -> (TestTenant, Value, Value) {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(
        &tenant,
        with(contact_body("Retail", "Asha R"), json!({"tags": ["b"]})),
    )
    .await;
    merge_ok(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;
    (tenant, survivor, other)
}

#[tokio::test]
async fn unmerging_restores_both_contacts_and_every_row_that_moved() {
    let tenant = merger().await;
    let survivor = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Asha Rao"),
            json!({"tags": ["vip"], "props": [text_prop("income", "9")]}),
        ),
    )
    .await;
    let other = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Asha R"),
            json!({"tags": ["pune"], "refs": {"crm": "B"}, "branch_id": "PUNE_01", "props": [text_prop("pan_no", PAN_B)]}),
        ),
    )
    .await;
    let friend = create_contact_with(&tenant, contact_body("Retail", "Priya Nair")).await;
    let address = create_doc(&tenant, ADDRESSES, address_body(&other)).await;
    create_doc(&tenant, BANKS, bank_body(&survivor, "000123450111")).await;
    let duplicate = create_doc(&tenant, BANKS, bank_body(&other, "000123450111")).await;
    let between = create_doc(
        &tenant,
        RELATIONS,
        relation_body(&survivor, "sibling", Some(&other)),
    )
    .await;
    let pointing = create_doc(&tenant, RELATIONS, relation_body(&friend, "friend", Some(&other))).await;
    let survivor = get_contact(&tenant, &survivor).await;
    merge_ok(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;

    let restored = unmerge_ok(
        &tenant,
        &survivor,
        json!({"contact": id_of(&other), "remarks": "not the same"}),
    )
    .await;

    assert_eq!(values(&restored), values(&survivor));
    let back = get_contact(&tenant, &other).await;
    assert_eq!(back["merged_into"], Value::Null);
    assert_eq!(values(&back), values(&other));
    assert_eq!(
        read_doc(&tenant, ADDRESSES, &address).await["contact_id"],
        other["id"]
    );
    assert_eq!(
        read_doc(&tenant, BANKS, &duplicate).await["contact_id"],
        other["id"]
    );
    assert_eq!(
        read_doc(&tenant, RELATIONS, &between).await["related_contact"],
        other["id"]
    );
    assert_eq!(
        read_doc(&tenant, RELATIONS, &pointing).await["related_contact"],
        other["id"]
    );
    // Back in lists and dedupe, by the PAN it brought back.
    let listed = result_ids(&list_contacts(&tenant, &[]).await);
    assert_eq!(
        sorted(listed),
        sorted(vec![id_of(&survivor), id_of(&other), id_of(&friend)])
    );
    let found = dedupe_ok(
        &tenant,
        json!({"name": "Someone Else", "props": [{"key": "pan_no", "value": PAN_B}]}),
    )
    .await;
    assert_eq!(matched_ids(&found), [id_of(&other)]);
    for contact in [&survivor, &other] {
        let newest = &history(&tenant, contact).await["results"][0];
        assert_eq!(newest["action"], "unmerge", "{newest}");
        assert_eq!(newest["remarks"], "not the same");
    }
    let records = D1File::from_var("CREGO_STATE_DIR")
        .unwrap_or_else(|| panic!("CREGO_STATE_DIR must name the server's state directory"))
        .count(
            "SELECT COUNT(*) FROM contact_merge_rows WHERE tenant_id = ?1",
            &[&tenant.id],
        );
    assert_eq!(records, 0);
}

#[tokio::test]
async fn unmerging_one_of_two_merged_contacts_keeps_what_the_other_brought() {
    let tenant = merger().await;
    let survivor = create_contact_with(
        &tenant,
        with(contact_body("Retail", "Asha Rao"), json!({"tags": ["a"]})),
    )
    .await;
    let b = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Asha R"),
            json!({"tags": ["b"], "rm_id": "RM_B"}),
        ),
    )
    .await;
    let c = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "A. Rao"),
            json!({"tags": ["c"], "rm_id": "RM_C"}),
        ),
    )
    .await;
    let merged = merge_ok(&tenant, &survivor, json!({"contacts": [id_of(&b), id_of(&c)]})).await;
    assert_eq!(merged["tags"], json!(["a", "b", "c"]));
    assert_eq!(merged["rm_id"], "RM_B");

    let without_b = unmerge_ok(&tenant, &survivor, json!({"contact": id_of(&b)})).await;

    assert_eq!(without_b["tags"], json!(["a", "c"]));
    assert_eq!(without_b["rm_id"], "RM_C");
    assert_eq!(get_contact(&tenant, &c).await["merged_into"], survivor["id"]);
    let alone = unmerge_ok(&tenant, &survivor, json!({"contact": id_of(&c)})).await;
    assert_eq!(values(&alone), values(&survivor));
}

#[tokio::test]
async fn an_unmerge_after_the_survivor_changed_is_refused_and_changes_nothing() {
    let (tenant, survivor, other) = merged_pair().await;
    let patched = tenant
        .patch(
            &format!("/contacts/{}/", id_of(&survivor)),
            Some(json!({"tags": ["kept"]})),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);

    let refused = unmerge(&tenant, &survivor, json!({"contact": id_of(&other)})).await;

    assert_problem(&refused, 409, "changed_since_merge");
    assert_eq!(get_contact(&tenant, &other).await["merged_into"], survivor["id"]);
    assert_eq!(get_contact(&tenant, &survivor).await["tags"], json!(["kept"]));
}

/// A relation's write leaves its contact's version as it is: the rows a merge moved are compared one
/// by one, so an edited or deleted one is not silently restored as something the merge never moved.
#[tokio::test]
async fn an_unmerge_after_a_row_the_merge_moved_changed_is_refused_and_changes_nothing() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let mut others = Vec::new();
    for name in ["Asha R", "A. Rao"] {
        others.push(create_contact_with(&tenant, contact_body("Retail", name)).await);
    }
    let mut relations = Vec::new();
    for (other, name) in others.iter().zip(["Meera Iyer", "Vikram Shah"]) {
        let friend = create_contact_with(&tenant, contact_body("Retail", name)).await;
        let body = relation_body(other, "guarantor", Some(&friend));
        relations.push(create_doc(&tenant, RELATIONS, body).await);
    }
    for other in &others {
        merge_ok(&tenant, &survivor, json!({"contacts": [id_of(other)]})).await;
    }
    let survivor_now = get_contact(&tenant, &survivor).await;
    let edited = tenant
        .patch(
            &format!("{RELATIONS}{}/", id_of(&relations[0])),
            Some(json!({"type": "co_applicant"})),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let deleted = tenant
        .delete(&format!("{RELATIONS}{}/", id_of(&relations[1])))
        .await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);

    for other in &others {
        let refused = unmerge(&tenant, &survivor, json!({"contact": id_of(other)})).await;
        assert_problem(&refused, 409, "changed_since_merge");
        assert_eq!(get_contact(&tenant, other).await["merged_into"], survivor["id"]);
    }
    let moved = read_doc(&tenant, RELATIONS, &relations[0]).await;
    assert_eq!(
        (&moved["contact"], &moved["type"]),
        (&survivor["id"], &json!("co_applicant"))
    );
    let gone = tenant.get(&format!("{RELATIONS}{}/", id_of(&relations[1]))).await;
    assert_eq!(gone.status, 404, "{}", gone.text);
    assert_eq!(
        get_contact(&tenant, &survivor).await["version"],
        survivor_now["version"]
    );
}

#[tokio::test]
async fn an_unmerge_of_a_contact_not_merged_into_the_survivor_is_refused() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;
    let elsewhere = create_contact_with(&tenant, contact_body("Retail", "A. Rao")).await;
    merge_ok(&tenant, &elsewhere, json!({"contacts": [id_of(&other)]})).await;
    let stranger = merger().await;
    let theirs = create_contact_with(&stranger, contact_body("Retail", "Asha Rao")).await;

    let not_here = unmerge(&tenant, &survivor, json!({"contact": id_of(&other)})).await;
    let standing = unmerge(&tenant, &other, json!({"contact": id_of(&survivor)})).await;
    let foreign = unmerge(&tenant, &theirs, json!({"contact": id_of(&other)})).await;
    let bad = unmerge(&tenant, &survivor, json!({"contact": 5, "contacts": []})).await;
    let no_scope = TestTenant::with_ids(&tenant.id, "no-scope-user");
    let forbidden = unmerge(&no_scope, &elsewhere, json!({"contact": id_of(&other)})).await;

    assert_conflict_on(&not_here, "not_merged", "contact", "not_merged");
    assert_problem(&standing, 409, "merged");
    assert_problem(&foreign, 404, "not_found");
    assert_field_error(&bad, "contact", "type");
    assert_field_error(&bad, "contacts", "unknown_field");
    assert_problem(&forbidden, 403, "missing_scope");
    assert_eq!(get_contact(&tenant, &other).await["merged_into"], elsewhere["id"]);
}

#[tokio::test]
async fn two_unmerges_of_one_contact_at_once_leave_one_winner() {
    let (tenant, survivor, other) = merged_pair().await;
    let body = json!({"contact": id_of(&other)});

    let (first, second) = futures::future::join(
        unmerge(&tenant, &survivor, body.clone()),
        unmerge(&tenant, &survivor, body.clone()),
    )
    .await;

    let statuses = sorted(vec![first.status.to_string(), second.status.to_string()]);
    assert_eq!(statuses, ["200", "409"], "{} / {}", first.text, second.text);
    let loser = if first.status == 409 { &first } else { &second };
    assert_problem(loser, 409, "not_merged");
    let standing = get_contact(&tenant, &survivor).await;
    assert_eq!(standing["tags"], json!([]));
    assert_eq!(standing["version"], survivor["version"].as_i64().unwrap_or(0) + 2);
    assert_eq!(get_contact(&tenant, &other).await["merged_into"], Value::Null);
}
