//! Addresses: create and read, partial updates and clearing, delete, the owning contact, and the field rules.

use crate::helpers::{assert_field_error, assert_problem, id_of, MISSING_ID};
use crate::sub_helpers::{
    address_body, another_contact, assert_exact_fields, assert_freshly_created, assert_not_found, count_docs,
    create_doc, item, owner_contact, patch_doc, read_doc, ADDRESSES, ADDRESS_FIELDS,
};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

#[tokio::test]
async fn creating_an_address_returns_201_with_every_field_and_etag_1() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let response = tenant.post(ADDRESSES, Some(address_body(&contact))).await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert_eq!(response.header("etag"), "\"1\"");
    let a = &response.json;
    assert_exact_fields(a, &ADDRESS_FIELDS);
    assert_freshly_created(a, &tenant);
    assert_eq!(a["contact_id"], contact["id"]);
    assert_eq!(a["address_line"], "Flat 4B, Sai Residency, 12/3 M.G. Road");
    assert_eq!(
        (&a["city"], &a["state"], &a["pincode"], &a["country"]),
        (
            &json!("Navi Mumbai"),
            &json!("Maharashtra"),
            &json!("400703"),
            &json!("India")
        )
    );
    assert_eq!(a["coords"], json!({"lat": 19.033, "lng": 73.0297}));
    assert_eq!(a["codes"], json!({"district": "THN", "lgd": "517"}));
    assert_eq!(a["tags"], json!(["registered"]));
    assert_eq!(count_docs(&tenant, ADDRESSES, &[]).await, 1);
}

#[tokio::test]
async fn an_address_needs_only_its_contact_and_shows_the_rest_empty() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let response = tenant
        .post(ADDRESSES, Some(json!({"contact_id": id_of(&contact)})))
        .await;

    assert_eq!(response.status, 201, "{}", response.text);
    let a = &response.json;
    assert_exact_fields(a, &ADDRESS_FIELDS);
    for field in ["address_line", "city", "state", "pincode", "country", "coords"] {
        assert_eq!(a[field], Value::Null, "{field} in {a}");
    }
    assert_eq!((&a["codes"], &a["tags"]), (&json!({}), &json!([])), "{a}");
}

#[tokio::test]
async fn a_created_address_reads_back_the_same_with_its_etag() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let created = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;

    let read = tenant.get(&item(ADDRESSES, &created)).await;
    let without_slash = tenant.get(item(ADDRESSES, &created).trim_end_matches('/')).await;

    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.header("etag"), "\"1\"");
    assert_eq!(read.json, created);
    assert_eq!(without_slash.json, created);
}

#[tokio::test]
async fn patching_an_address_changes_only_the_fields_sent_and_bumps_the_version() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let created = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;

    let response = patch_doc(
        &tenant,
        ADDRESSES,
        &created,
        json!({"city": "Pune", "pincode": "411001", "tags": ["home", "billing"]}),
    )
    .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.header("etag"), "\"2\"");
    let a = &response.json;
    assert_exact_fields(a, &ADDRESS_FIELDS);
    assert_eq!((&a["city"], &a["pincode"]), (&json!("Pune"), &json!("411001")));
    assert_eq!(a["tags"], json!(["home", "billing"]));
    for unchanged in [
        "id",
        "contact_id",
        "address_line",
        "state",
        "country",
        "coords",
        "codes",
    ] {
        assert_eq!(a[unchanged], created[unchanged], "{unchanged}");
    }
    assert_eq!(a["version"], 2);
    assert_eq!(a["updated_by"], tenant.sub.as_str());
    assert_eq!(a["created_by"], created["created_by"]);
    assert_eq!(a["created_at"], created["created_at"]);
    assert!(a["updated_at"].as_str() >= created["updated_at"].as_str());
    assert_eq!(&read_doc(&tenant, ADDRESSES, &created).await, a);
}

#[tokio::test]
async fn patching_a_field_with_null_clears_it() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let created = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;

    let response = patch_doc(
        &tenant,
        ADDRESSES,
        &created,
        json!({"coords": null, "state": null, "address_line": null}),
    )
    .await;

    assert_eq!(response.status, 200, "{}", response.text);
    let stored = read_doc(&tenant, ADDRESSES, &created).await;
    assert_exact_fields(&stored, &ADDRESS_FIELDS);
    for cleared in ["coords", "state", "address_line"] {
        assert_eq!(stored[cleared], Value::Null, "{cleared} in {stored}");
    }
    assert_eq!(stored["city"], "Navi Mumbai");
    assert_eq!(stored["version"], 2);
}

#[tokio::test]
async fn deleting_an_address_returns_204_and_it_is_gone() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let created = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;
    let kept = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;

    let response = tenant.delete(&item(ADDRESSES, &created)).await;

    assert_eq!(response.status, 204, "{}", response.text);
    assert!(response.text.is_empty(), "{}", response.text);
    assert_not_found(&tenant.get(&item(ADDRESSES, &created)).await);
    assert_not_found(&tenant.delete(&item(ADDRESSES, &created)).await);
    assert_not_found(&patch_doc(&tenant, ADDRESSES, &created, json!({"city": "Pune"})).await);
    assert_eq!(count_docs(&tenant, ADDRESSES, &[]).await, 1);
    assert_eq!(read_doc(&tenant, ADDRESSES, &kept).await, kept);
}

#[tokio::test]
async fn an_unknown_address_id_is_404_on_every_item_route() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;
    let path = format!("{ADDRESSES}{MISSING_ID}/");

    assert_not_found(&tenant.get(&path).await);
    assert_not_found(&tenant.patch(&path, Some(json!({"city": "Pune"}))).await);
    assert_not_found(&tenant.delete(&path).await);
    assert_not_found(&tenant.get(&format!("{ADDRESSES}not%20an%20id/")).await);
}

#[tokio::test]
async fn an_address_needs_an_existing_contact_of_the_tenant() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;

    let missing = tenant.post(ADDRESSES, Some(json!({"city": "Pune"}))).await;
    let unknown = tenant
        .post(ADDRESSES, Some(json!({"contact_id": MISSING_ID, "city": "Pune"})))
        .await;

    assert_field_error(&missing, "contact_id", "required");
    assert_field_error(&unknown, "contact_id", "not_found");
    assert_eq!(count_docs(&tenant, ADDRESSES, &[]).await, 0);
}

#[tokio::test]
async fn the_contact_of_an_address_cannot_change_but_may_be_sent_again() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let other = another_contact(&tenant, "Vikram Shah").await;
    let created = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;

    let moved = patch_doc(
        &tenant,
        ADDRESSES,
        &created,
        json!({"contact_id": id_of(&other), "city": "Pune"}),
    )
    .await;
    let same = patch_doc(
        &tenant,
        ADDRESSES,
        &created,
        json!({"contact_id": id_of(&contact), "city": "Thane"}),
    )
    .await;

    assert_field_error(&moved, "contact_id", "immutable");
    assert_eq!(same.status, 200, "{}", same.text);
    let stored = read_doc(&tenant, ADDRESSES, &created).await;
    assert_eq!(
        (&stored["contact_id"], &stored["city"]),
        (&contact["id"], &json!("Thane"))
    );
    assert_eq!(stored["version"], 2, "the refused patch wrote nothing");
}

#[tokio::test]
async fn every_bad_address_field_is_reported_at_once_and_nothing_is_stored() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let codes: serde_json::Map<String, Value> = (0..21).map(|i| (format!("c{i}"), json!("x"))).collect();

    let response = tenant
        .post(
            ADDRESSES,
            Some(json!({
                "contact_id": id_of(&contact),
                "address_line": "Flat 4B @ Sai Residency",
                "city": "Pune1",
                "state": "Maha_rashtra",
                "pincode": "011001",
                "country": "India 1",
                "coords": {"lat": 91, "lng": 73.0},
                "codes": codes,
                "tags": ["home", "home"],
            })),
        )
        .await;

    assert_problem(&response, 400, "validation_failed");
    for (field, code) in [
        ("address_line", "pattern"),
        ("city", "pattern"),
        ("state", "pattern"),
        ("pincode", "pattern"),
        ("country", "pattern"),
        ("coords.lat", "range"),
        ("codes", "length"),
    ] {
        assert!(
            response.has_field_error(field, code),
            "expected ({field}, {code}) in {:?}",
            response.field_errors()
        );
    }
    assert!(
        response.field_errors().iter().any(|(f, _)| f.starts_with("tags")),
        "duplicate tags: {:?}",
        response.field_errors()
    );
    assert_eq!(count_docs(&tenant, ADDRESSES, &[]).await, 0);
}

#[tokio::test]
async fn coords_need_both_numbers_within_range_and_codes_need_string_values() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let body = |coords: Value, codes: Value| json!({"contact_id": id_of(&contact), "coords": coords, "codes": codes});

    let lng = tenant
        .post(ADDRESSES, Some(body(json!({"lat": 0, "lng": -180.5}), json!({}))))
        .await;
    let text = tenant
        .post(
            ADDRESSES,
            Some(body(json!({"lat": "19", "lng": 73}), json!({"pin": 1}))),
        )
        .await;
    let edges = tenant
        .post(
            ADDRESSES,
            Some(body(json!({"lat": -90, "lng": 180}), json!({"pin": "1"}))),
        )
        .await;

    assert_field_error(&lng, "coords.lng", "range");
    assert_field_error(&text, "coords.lat", "type");
    assert!(
        text.field_errors().iter().any(|(f, _)| f.starts_with("codes")),
        "{:?}",
        text.field_errors()
    );
    assert_eq!(edges.status, 201, "{}", edges.text);
    let coords = &edges.json["coords"];
    assert_eq!(
        (coords["lat"].as_f64(), coords["lng"].as_f64()),
        (Some(-90.0), Some(180.0))
    );
    assert_eq!(count_docs(&tenant, ADDRESSES, &[]).await, 1);
}

#[tokio::test]
async fn text_outside_its_length_limits_is_refused_as_length() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let response = tenant
        .post(
            ADDRESSES,
            Some(json!({
                "contact_id": id_of(&contact),
                "address_line": "Flat",
                "city": "P",
                "state": "MH",
                "pincode": "41100",
                "country": "I".repeat(51),
            })),
        )
        .await;

    assert_problem(&response, 400, "validation_failed");
    for field in ["address_line", "city", "state", "pincode", "country"] {
        assert!(
            response.has_field_error(field, "length"),
            "{field}: {:?}",
            response.field_errors()
        );
    }
    assert_eq!(count_docs(&tenant, ADDRESSES, &[]).await, 0);
}

#[tokio::test]
async fn cities_with_periods_and_dashes_are_accepted() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    for city in ["St. Thomas Mount", "Navi-Mumbai", "Ooty"] {
        let body = json!({"contact_id": id_of(&contact), "city": city, "pincode": "600016"});
        let response = tenant.post(ADDRESSES, Some(body)).await;
        assert_eq!(response.status, 201, "{city}: {}", response.text);
        assert_eq!(response.json["city"], city);
    }
    assert_eq!(count_docs(&tenant, ADDRESSES, &[]).await, 3);
}

#[tokio::test]
async fn unknown_fields_are_refused_and_server_managed_fields_are_ignored() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let mut body = address_body(&contact);
    body["landmark"] = json!("Near the temple");

    let unknown = tenant.post(ADDRESSES, Some(body)).await;
    let managed = tenant
        .post(
            ADDRESSES,
            Some(json!({
                "contact_id": id_of(&contact), "city": "Pune",
                "id": MISSING_ID, "version": 9, "tenant_id": "t-other",
                "created_at": "2020-01-01T00:00:00.000000Z", "created_by": "mallory", "updated_by": "mallory",
            })),
        )
        .await;

    assert_field_error(&unknown, "landmark", "unknown_field");
    assert_eq!(managed.status, 201, "{}", managed.text);
    assert_freshly_created(&managed.json, &tenant);
    assert_ne!(managed.json["id"], MISSING_ID);
    assert_eq!(count_docs(&tenant, ADDRESSES, &[]).await, 1);
}

#[tokio::test]
async fn a_refused_patch_reports_every_bad_field_and_changes_nothing() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let created = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;

    let response = patch_doc(
        &tenant,
        ADDRESSES,
        &created,
        json!({"city": "Pune1", "pincode": "4110A1", "color": "red"}),
    )
    .await;

    assert_problem(&response, 400, "validation_failed");
    for (field, code) in [
        ("city", "pattern"),
        ("pincode", "pattern"),
        ("color", "unknown_field"),
    ] {
        assert!(
            response.has_field_error(field, code),
            "{:?}",
            response.field_errors()
        );
    }
    assert_eq!(read_doc(&tenant, ADDRESSES, &created).await, created);
}
