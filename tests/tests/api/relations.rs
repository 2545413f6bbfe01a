//! Relations: create and read, the ten types, the contacts they join (existing, not the same one),
//! uniqueness of (contact, type, related_contact), partial updates and delete.

use crate::helpers::{assert_field_error, assert_problem, id_of, MISSING_ID};
use crate::sub_helpers::{
    another_contact, assert_exact_fields, assert_freshly_created, assert_not_found, count_docs, create_doc,
    item, owner_contact, patch_doc, read_doc, relation_body, RELATIONS, RELATION_FIELDS,
};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

const TYPES: [&str; 10] = [
    "father",
    "mother",
    "spouse",
    "child",
    "sibling",
    "friend",
    "co_applicant",
    "guarantor",
    "witness",
    "nominee",
];

/// Asserts a 409 `conflict` naming `related_contact` as not unique.
fn assert_duplicate(response: &crego_api_tests::ApiResponse) {
    assert_problem(response, 409, "conflict");
    assert!(
        response.has_field_error("related_contact", "unique"),
        "{}",
        response.text
    );
}

#[tokio::test]
async fn creating_a_relation_returns_201_with_every_field_and_etag_1() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;

    let response = tenant
        .post(RELATIONS, Some(relation_body(&asha, "spouse", Some(&ravi))))
        .await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert_eq!(response.header("etag"), "\"1\"");
    let r = &response.json;
    assert_exact_fields(r, &RELATION_FIELDS);
    assert_freshly_created(r, &tenant);
    assert_eq!(
        (&r["contact"], &r["type"], &r["related_contact"]),
        (&asha["id"], &json!("spouse"), &ravi["id"])
    );
    let read = tenant.get(&item(RELATIONS, r)).await;
    assert_eq!((read.status, read.header("etag")), (200, "\"1\"".to_string()));
    assert_eq!(read.json, *r);
}

#[tokio::test]
async fn a_relation_may_name_no_related_contact() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;

    let omitted = tenant
        .post(
            RELATIONS,
            Some(json!({"contact": id_of(&asha), "type": "nominee"})),
        )
        .await;
    let null = tenant
        .post(RELATIONS, Some(relation_body(&asha, "witness", None)))
        .await;

    for response in [&omitted, &null] {
        assert_eq!(response.status, 201, "{}", response.text);
        assert_exact_fields(&response.json, &RELATION_FIELDS);
        assert_eq!(response.json["related_contact"], Value::Null);
    }
    assert_eq!(count_docs(&tenant, RELATIONS, &[]).await, 2);
}

#[tokio::test]
async fn each_of_the_ten_types_is_accepted_and_no_other() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;

    for kind in TYPES {
        let response = tenant
            .post(RELATIONS, Some(relation_body(&asha, kind, None)))
            .await;
        assert_eq!(response.status, 201, "{kind}: {}", response.text);
        assert_eq!(response.json["type"], kind);
    }
    let cousin = tenant
        .post(RELATIONS, Some(relation_body(&asha, "cousin", None)))
        .await;
    let upper = tenant
        .post(RELATIONS, Some(relation_body(&asha, "Father", None)))
        .await;

    assert_field_error(&cousin, "type", "enum");
    assert_field_error(&upper, "type", "enum");
    assert_eq!(count_docs(&tenant, RELATIONS, &[]).await, 10);
}

#[tokio::test]
async fn contact_and_type_are_required_and_unknown_fields_refused() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;

    let response = tenant
        .post(RELATIONS, Some(json!({"related_contact": null, "since": "2020"})))
        .await;

    assert_problem(&response, 400, "validation_failed");
    for (field, code) in [
        ("contact", "required"),
        ("type", "required"),
        ("since", "unknown_field"),
    ] {
        assert!(
            response.has_field_error(field, code),
            "{:?}",
            response.field_errors()
        );
    }
    assert_eq!(count_docs(&tenant, RELATIONS, &[]).await, 0);
}

#[tokio::test]
async fn both_contacts_must_exist_in_the_tenant() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;

    let no_contact = tenant
        .post(
            RELATIONS,
            Some(json!({"contact": MISSING_ID, "type": "father", "related_contact": id_of(&asha)})),
        )
        .await;
    let no_related = tenant
        .post(
            RELATIONS,
            Some(json!({"contact": id_of(&asha), "type": "father", "related_contact": MISSING_ID})),
        )
        .await;

    assert_field_error(&no_contact, "contact", "not_found");
    assert_field_error(&no_related, "related_contact", "not_found");
    assert_eq!(count_docs(&tenant, RELATIONS, &[]).await, 0);
}

#[tokio::test]
async fn a_contact_cannot_be_related_to_itself() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    let relation = create_doc(&tenant, RELATIONS, relation_body(&asha, "spouse", Some(&ravi))).await;

    let created = tenant
        .post(RELATIONS, Some(relation_body(&asha, "friend", Some(&asha))))
        .await;
    let patched = patch_doc(
        &tenant,
        RELATIONS,
        &relation,
        json!({"related_contact": id_of(&asha)}),
    )
    .await;

    assert_field_error(&created, "related_contact", "self_relation");
    assert_field_error(&patched, "related_contact", "self_relation");
    assert_eq!(read_doc(&tenant, RELATIONS, &relation).await, relation);
    assert_eq!(count_docs(&tenant, RELATIONS, &[]).await, 1);
}

#[tokio::test]
async fn the_same_relation_twice_is_a_conflict() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    let meena = another_contact(&tenant, "Meena Iyer").await;
    create_doc(&tenant, RELATIONS, relation_body(&asha, "guarantor", Some(&ravi))).await;
    create_doc(&tenant, RELATIONS, relation_body(&asha, "nominee", None)).await;

    let same = tenant
        .post(RELATIONS, Some(relation_body(&asha, "guarantor", Some(&ravi))))
        .await;
    let both_null = tenant
        .post(RELATIONS, Some(relation_body(&asha, "nominee", None)))
        .await;
    let other_type = tenant
        .post(RELATIONS, Some(relation_body(&asha, "witness", Some(&ravi))))
        .await;
    let other_person = tenant
        .post(RELATIONS, Some(relation_body(&asha, "guarantor", Some(&meena))))
        .await;
    let reversed = tenant
        .post(RELATIONS, Some(relation_body(&ravi, "guarantor", Some(&asha))))
        .await;

    assert_duplicate(&same);
    assert_duplicate(&both_null);
    for response in [&other_type, &other_person, &reversed] {
        assert_eq!(response.status, 201, "{}", response.text);
    }
    assert_eq!(count_docs(&tenant, RELATIONS, &[]).await, 5);
}

#[tokio::test]
async fn patching_a_relation_changes_its_type_or_related_contact() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    let meena = another_contact(&tenant, "Meena Iyer").await;
    let relation = create_doc(&tenant, RELATIONS, relation_body(&asha, "friend", Some(&ravi))).await;

    let retyped = patch_doc(&tenant, RELATIONS, &relation, json!({"type": "sibling"})).await;
    let moved = patch_doc(
        &tenant,
        RELATIONS,
        &relation,
        json!({"related_contact": id_of(&meena)}),
    )
    .await;
    let cleared = patch_doc(&tenant, RELATIONS, &relation, json!({"related_contact": null})).await;

    assert_eq!(retyped.status, 200, "{}", retyped.text);
    assert_eq!(retyped.header("etag"), "\"2\"");
    assert_eq!(
        (&retyped.json["type"], &retyped.json["related_contact"]),
        (&json!("sibling"), &ravi["id"])
    );
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.json["related_contact"], meena["id"]);
    assert_eq!(cleared.status, 200, "{}", cleared.text);
    let stored = read_doc(&tenant, RELATIONS, &relation).await;
    assert_exact_fields(&stored, &RELATION_FIELDS);
    assert_eq!(
        (&stored["contact"], &stored["type"], &stored["related_contact"]),
        (&asha["id"], &json!("sibling"), &Value::Null)
    );
    assert_eq!(
        (&stored["version"], &stored["updated_by"]),
        (&json!(4), &json!(tenant.sub))
    );
    assert_eq!(stored["created_at"], relation["created_at"]);
}

#[tokio::test]
async fn the_contact_of_a_relation_cannot_change_and_refused_patches_change_nothing() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    let relation = create_doc(&tenant, RELATIONS, relation_body(&asha, "father", Some(&ravi))).await;

    let moved = patch_doc(&tenant, RELATIONS, &relation, json!({"contact": id_of(&ravi)})).await;
    let bad = patch_doc(
        &tenant,
        RELATIONS,
        &relation,
        json!({"type": "uncle", "related_contact": MISSING_ID}),
    )
    .await;
    let same = patch_doc(
        &tenant,
        RELATIONS,
        &relation,
        json!({"contact": id_of(&asha), "type": "mother"}),
    )
    .await;

    assert_field_error(&moved, "contact", "immutable");
    assert_field_error(&bad, "type", "enum");
    assert_eq!(same.status, 200, "{}", same.text);
    let stored = read_doc(&tenant, RELATIONS, &relation).await;
    assert_eq!(
        (&stored["contact"], &stored["type"]),
        (&asha["id"], &json!("mother"))
    );
    assert_eq!(stored["version"], 2);
}

#[tokio::test]
async fn a_patch_to_an_unknown_related_contact_is_not_found() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let relation = create_doc(&tenant, RELATIONS, relation_body(&asha, "father", None)).await;

    let response = patch_doc(
        &tenant,
        RELATIONS,
        &relation,
        json!({"related_contact": MISSING_ID}),
    )
    .await;

    assert_field_error(&response, "related_contact", "not_found");
    assert_eq!(read_doc(&tenant, RELATIONS, &relation).await, relation);
}

#[tokio::test]
async fn a_patch_onto_an_existing_relation_is_a_conflict() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    create_doc(
        &tenant,
        RELATIONS,
        relation_body(&asha, "co_applicant", Some(&ravi)),
    )
    .await;
    let other = create_doc(&tenant, RELATIONS, relation_body(&asha, "guarantor", Some(&ravi))).await;

    let response = patch_doc(&tenant, RELATIONS, &other, json!({"type": "co_applicant"})).await;

    assert_duplicate(&response);
    assert_eq!(read_doc(&tenant, RELATIONS, &other).await, other);
}

#[tokio::test]
async fn deleting_a_relation_returns_204_and_allows_it_again() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    let relation = create_doc(&tenant, RELATIONS, relation_body(&asha, "spouse", Some(&ravi))).await;

    let response = tenant.delete(&item(RELATIONS, &relation)).await;

    assert_eq!(response.status, 204, "{}", response.text);
    assert_not_found(&tenant.get(&item(RELATIONS, &relation)).await);
    assert_not_found(&tenant.delete(&item(RELATIONS, &relation)).await);
    assert_not_found(&patch_doc(&tenant, RELATIONS, &relation, json!({"type": "friend"})).await);
    assert_eq!(count_docs(&tenant, RELATIONS, &[]).await, 0);
    let again = tenant
        .post(RELATIONS, Some(relation_body(&asha, "spouse", Some(&ravi))))
        .await;
    assert_eq!(again.status, 201, "{}", again.text);
}
