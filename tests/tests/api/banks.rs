//! Bank accounts: create with defaults, the upper-cased IFSC, partial updates, delete, the owning contact,
//! the field rules, and the one-account-per-(contact, IFSC, number) rule.

use crate::contact_helpers::with_scope;
use crate::helpers::{assert_field_error, assert_problem, id_of, MISSING_ID};
use crate::sub_helpers::{
    another_contact, assert_exact_fields, assert_freshly_created, assert_not_found, bank_body, count_docs,
    create_doc, item, owner_contact, patch_doc, read_doc, BANKS, BANK_FIELDS,
};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// A complete account of this contact.
fn full_bank(contact: &Value) -> Value {
    json!({
        "contact_id": id_of(contact),
        "account_number": "30012345678",
        "ifsc": "SBIN0001234",
        "account_holder_name": "Sharma Traders Pvt. Ltd.",
        "bank_name": "State Bank of India",
        "branch": "Fort, Mumbai",
        "account_type": "current",
        "is_primary": true,
        "verification_status": "pending",
        "tags": ["salary"],
    })
}

#[tokio::test]
async fn creating_an_account_with_the_required_fields_applies_the_defaults() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let response = tenant
        .post(BANKS, Some(bank_body(&contact, "000123456789")))
        .await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert_eq!(response.header("etag"), "\"1\"");
    let b = &response.json;
    assert_exact_fields(b, &BANK_FIELDS);
    assert_freshly_created(b, &tenant);
    assert_eq!(b["contact_id"], contact["id"]);
    // Masked without `pii:read` (CONTRACT §9, "Personal data").
    assert_eq!(
        (&b["account_number"], &b["ifsc"]),
        (&json!("XXXXXXXX6789"), &json!("HDFC0001234"))
    );
    assert_eq!(b["is_primary"], false);
    assert_eq!(b["verification_status"], "unverified");
    for field in ["account_holder_name", "bank_name", "branch", "account_type"] {
        assert_eq!(b[field], Value::Null, "{field} in {b}");
    }
    assert_eq!(b["tags"], json!([]));
    assert_eq!(read_doc(&tenant, BANKS, b).await, *b);
}

#[tokio::test]
async fn a_complete_account_is_stored_as_sent() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Sharma Traders").await;
    let body = full_bank(&contact);

    // Read in clear: the number as sent, not its mask.
    let tenant = with_scope(&tenant, "pii:read");
    let response = tenant.post(BANKS, Some(body.clone())).await;

    assert_eq!(response.status, 201, "{}", response.text);
    let b = &response.json;
    assert_exact_fields(b, &BANK_FIELDS);
    for (field, value) in body.as_object().unwrap() {
        assert_eq!(&b[field], value, "{field}");
    }
    let read = tenant.get(&item(BANKS, b)).await;
    assert_eq!((read.status, read.header("etag")), (200, "\"1\"".to_string()));
    assert_eq!(read.json, *b);
}

#[tokio::test]
async fn the_ifsc_is_upper_cased_before_it_is_checked_and_stored() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let mut body = bank_body(&contact, "000123456789");
    body["ifsc"] = json!("hdfc0001234");

    let created = create_doc(&tenant, BANKS, body).await;
    let patched = patch_doc(&tenant, BANKS, &created, json!({"ifsc": "sbin0abc123"})).await;

    assert_eq!(created["ifsc"], "HDFC0001234");
    assert_eq!(patched.status, 200, "{}", patched.text);
    assert_eq!(read_doc(&tenant, BANKS, &created).await["ifsc"], "SBIN0ABC123");
}

#[tokio::test]
async fn account_number_and_ifsc_are_required_with_the_contact() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;

    let response = tenant.post(BANKS, Some(json!({"bank_name": "HDFC Bank"}))).await;
    let unknown = tenant
        .post(
            BANKS,
            Some(json!({"contact_id": MISSING_ID, "account_number": "000123456789", "ifsc": "HDFC0001234"})),
        )
        .await;

    assert_problem(&response, 400, "validation_failed");
    for field in ["contact_id", "account_number", "ifsc"] {
        assert!(
            response.has_field_error(field, "required"),
            "{field}: {}",
            response.text
        );
    }
    assert_field_error(&unknown, "contact_id", "not_found");
    assert_eq!(count_docs(&tenant, BANKS, &[]).await, 0);
}

#[tokio::test]
async fn every_bad_bank_field_is_reported_at_once_and_nothing_is_stored() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let response = tenant
        .post(
            BANKS,
            Some(json!({
                "contact_id": id_of(&contact),
                "account_number": "12345678A",
                "ifsc": "HDFC1001234",
                "account_holder_name": "Asha@Rao",
                "bank_name": "S",
                "branch": "Fort_Mumbai",
                "account_type": "fixed",
                "is_primary": "yes",
                "verification_status": "in_review",
                "tags": ["a", "a"],
                "swift": "HDFCINBB",
            })),
        )
        .await;

    assert_problem(&response, 400, "validation_failed");
    for (field, code) in [
        ("account_number", "pattern"),
        ("ifsc", "pattern"),
        ("account_holder_name", "pattern"),
        ("bank_name", "length"),
        ("branch", "pattern"),
        ("account_type", "enum"),
        ("is_primary", "type"),
        ("verification_status", "enum"),
        ("swift", "unknown_field"),
    ] {
        assert!(
            response.has_field_error(field, code),
            "expected ({field}, {code}) in {:?}",
            response.field_errors()
        );
    }
    assert!(response.field_errors().iter().any(|(f, _)| f.starts_with("tags")));
    assert_eq!(count_docs(&tenant, BANKS, &[]).await, 0);
}

#[tokio::test]
async fn every_account_type_and_each_status_a_maker_may_set_is_accepted() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let types = [
        "savings",
        "current",
        "overdraft",
        "cash_credit",
        "nre",
        "nro",
        "other",
    ];
    // `verified` and `failed` are a verifier's outcomes: bank_verification.rs.
    let statuses = ["unverified", "pending"];

    for (i, kind) in types.iter().enumerate() {
        let mut body = bank_body(&contact, &format!("00012345678{i}"));
        body["account_type"] = json!(kind);
        body["verification_status"] = json!(statuses[i % statuses.len()]);
        let response = tenant.post(BANKS, Some(body)).await;
        assert_eq!(response.status, 201, "{kind}: {}", response.text);
        assert_eq!(response.json["account_type"], *kind);
        assert_eq!(response.json["verification_status"], statuses[i % statuses.len()]);
    }
    assert_eq!(count_docs(&tenant, BANKS, &[]).await, 7);
}

#[tokio::test]
async fn account_numbers_outside_9_to_18_digits_are_refused() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let short = tenant.post(BANKS, Some(bank_body(&contact, "12345678"))).await;
    let long = tenant
        .post(BANKS, Some(bank_body(&contact, &"1".repeat(19))))
        .await;
    let shortest = tenant.post(BANKS, Some(bank_body(&contact, "123456789"))).await;
    let longest = tenant
        .post(BANKS, Some(bank_body(&contact, &"9".repeat(18))))
        .await;

    assert_field_error(&short, "account_number", "length");
    assert_field_error(&long, "account_number", "length");
    assert_eq!(
        (shortest.status, longest.status),
        (201, 201),
        "{} {}",
        shortest.text,
        longest.text
    );
    assert_eq!(count_docs(&tenant, BANKS, &[]).await, 2);
}

#[tokio::test]
async fn the_same_account_twice_on_one_contact_is_a_conflict_but_fine_on_another() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let vikram = another_contact(&tenant, "Vikram Shah").await;
    create_doc(&tenant, BANKS, bank_body(&asha, "000123456789")).await;
    let mut lower = bank_body(&asha, "000123456789");
    lower["ifsc"] = json!("hdfc0001234");

    let again = tenant.post(BANKS, Some(bank_body(&asha, "000123456789"))).await;
    let in_lower_case = tenant.post(BANKS, Some(lower)).await;
    let elsewhere = tenant.post(BANKS, Some(bank_body(&vikram, "000123456789"))).await;
    let mut other_ifsc = bank_body(&asha, "000123456789");
    other_ifsc["ifsc"] = json!("SBIN0001234");
    let other_bank = tenant.post(BANKS, Some(other_ifsc)).await;

    for response in [&again, &in_lower_case] {
        assert_problem(response, 409, "conflict");
        assert!(
            response.has_field_error("account_number", "unique"),
            "{}",
            response.text
        );
    }
    for response in [&elsewhere, &other_bank] {
        assert_eq!(response.status, 201, "{}", response.text);
    }
    assert_eq!(count_docs(&tenant, BANKS, &[("contact", &id_of(&asha))]).await, 2);
    assert_eq!(count_docs(&tenant, BANKS, &[]).await, 3);
}

#[tokio::test]
async fn a_patch_onto_another_accounts_number_is_a_conflict_and_changes_nothing() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    create_doc(&tenant, BANKS, bank_body(&contact, "000123456789")).await;
    let other = create_doc(&tenant, BANKS, bank_body(&contact, "000999999999")).await;

    let response = patch_doc(&tenant, BANKS, &other, json!({"account_number": "000123456789"})).await;

    assert_problem(&response, 409, "conflict");
    assert!(
        response.has_field_error("account_number", "unique"),
        "{}",
        response.text
    );
    assert_eq!(read_doc(&tenant, BANKS, &other).await, other);
}

#[tokio::test]
async fn patching_an_account_changes_the_fields_sent_and_null_clears_optional_ones() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Sharma Traders").await;
    let created = create_doc(&tenant, BANKS, full_bank(&contact)).await;

    let response = patch_doc(
        &tenant,
        BANKS,
        &created,
        json!({"bank_name": null, "account_type": null, "verification_status": "unverified", "tags": []}),
    )
    .await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.header("etag"), "\"2\"");
    let b = &response.json;
    assert_exact_fields(b, &BANK_FIELDS);
    assert_eq!(
        (&b["bank_name"], &b["account_type"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(
        (&b["verification_status"], &b["tags"]),
        (&json!("unverified"), &json!([]))
    );
    for unchanged in [
        "account_number",
        "ifsc",
        "account_holder_name",
        "branch",
        "is_primary",
        "created_at",
    ] {
        assert_eq!(b[unchanged], created[unchanged], "{unchanged}");
    }
    assert_eq!((&b["version"], &b["updated_by"]), (&json!(2), &json!(tenant.sub)));
    assert_eq!(&read_doc(&tenant, BANKS, &created).await, b);
}

#[tokio::test]
async fn required_bank_fields_cannot_be_cleared_and_the_contact_cannot_change() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let other = another_contact(&tenant, "Vikram Shah").await;
    let created = create_doc(&tenant, BANKS, bank_body(&contact, "000123456789")).await;

    let cleared = patch_doc(
        &tenant,
        BANKS,
        &created,
        json!({"account_number": null, "ifsc": null}),
    )
    .await;
    let moved = patch_doc(&tenant, BANKS, &created, json!({"contact_id": id_of(&other)})).await;
    let same = patch_doc(
        &tenant,
        BANKS,
        &created,
        json!({"contact_id": id_of(&contact), "branch": "Andheri East"}),
    )
    .await;

    assert_problem(&cleared, 400, "validation_failed");
    for field in ["account_number", "ifsc"] {
        assert!(
            cleared.field_errors().iter().any(|(f, _)| f == field),
            "{}",
            cleared.text
        );
    }
    assert_field_error(&moved, "contact_id", "immutable");
    assert_eq!(same.status, 200, "{}", same.text);
    let stored = read_doc(&tenant, BANKS, &created).await;
    assert_eq!(
        (&stored["contact_id"], &stored["branch"]),
        (&contact["id"], &json!("Andheri East"))
    );
    assert_eq!(stored["version"], 2);
}

#[tokio::test]
async fn deleting_an_account_returns_204_and_frees_its_number() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let created = create_doc(&tenant, BANKS, bank_body(&contact, "000123456789")).await;

    let response = tenant.delete(&item(BANKS, &created)).await;

    assert_eq!(response.status, 204, "{}", response.text);
    assert_not_found(&tenant.get(&item(BANKS, &created)).await);
    assert_not_found(&tenant.delete(&item(BANKS, &created)).await);
    assert_eq!(count_docs(&tenant, BANKS, &[]).await, 0);
    let again = tenant
        .post(BANKS, Some(bank_body(&contact, "000123456789")))
        .await;
    assert_eq!(again.status, 201, "{}", again.text);
}

#[tokio::test]
async fn unknown_bank_fields_are_refused_and_server_managed_fields_are_ignored() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let created = create_doc(&tenant, BANKS, bank_body(&contact, "000123456789")).await;

    let unknown = patch_doc(&tenant, BANKS, &created, json!({"balance": 100})).await;
    let mut echoed = created.clone();
    echoed["branch"] = json!("Andheri East");
    echoed["version"] = json!(42);
    let sent_back = patch_doc(&tenant, BANKS, &created, echoed).await;

    assert_field_error(&unknown, "balance", "unknown_field");
    assert_eq!(sent_back.status, 200, "{}", sent_back.text);
    assert_eq!(sent_back.json["branch"], "Andheri East");
    assert_eq!(sent_back.json["version"], 2);
    assert_eq!(sent_back.json["id"], created["id"]);
    assert_eq!(sent_back.json["created_at"], created["created_at"]);
}
