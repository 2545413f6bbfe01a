//! Personal data at rest (CONTRACT §9, "Personal data"), checked against the D1 file on disk and against
//! Node's `crypto` (OpenSSL), which opens and tokens what the worker wrote with the dev keys: an
//! Aadhaar number or VID is kept only as its mask and a token, other identifying values and bank account
//! numbers sealed with their tokens, and the identifier index and the unique index hold tokens.

use crate::contact_helpers::{create_contact_with, dedupe_ok, matched_ids, text_prop, with, with_scope};
use crate::helpers::{assert_problem, create_namespace, id_of};
use crate::sub_helpers::{bank_body, create_doc, owner_contact, put_props, BANKS};
use crego_api_tests::pii::{oracle_open, oracle_token};
use crego_api_tests::{D1File, TestTenant};
use serde_json::{json, Value};

fn disk() -> D1File {
    D1File::from_var("CREGO_STATE_DIR")
        .unwrap_or_else(|| panic!("CREGO_STATE_DIR must name the server's state directory"))
}

/// `(key, value, token)` of each stored prop of a contact, by key.
fn stored_props(tenant: &TestTenant, contact: &Value) -> Vec<(String, String, Option<String>)> {
    disk()
        .query(
            "SELECT key, value, token FROM contact_props WHERE tenant_id = ?1 AND contact_id = ?2 ORDER BY key",
            &[&tenant.id, &id_of(contact)],
        )
        .into_iter()
        .map(|r| {
            (
                r[0].as_str().unwrap_or_default().to_string(),
                r[1].as_str().unwrap_or_default().to_string(),
                r[2].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The identifier index rows of a contact: `(kind, value)`.
fn index_rows(tenant: &TestTenant, contact: &Value) -> Vec<(String, String)> {
    disk()
        .query(
            "SELECT kind, value FROM contact_identifiers WHERE tenant_id = ?1 AND contact_id = ?2 ORDER BY kind",
            &[&tenant.id, &id_of(contact)],
        )
        .into_iter()
        .map(|r| (r[0].as_str().unwrap_or_default().into(), r[1].as_str().unwrap_or_default().into()))
        .collect()
}

async fn contact_with_props(tenant: &TestTenant, props: Value) -> Value {
    create_namespace(tenant, "Retail").await;
    let body = json!({"name": "Asha Rao", "namespace": "Retail", "status": "active", "type": "individual"});
    create_contact_with(tenant, with(body, json!({"props": props}))).await
}

#[tokio::test]
async fn an_aadhaar_prop_is_stored_masked_with_a_token_and_never_read_back_whole() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(
        &tenant,
        json!([
            text_prop("aadhaar_no", "2341 2341 2346"),
            text_prop("vid", "2341-2341-2341-2341")
        ]),
    )
    .await;

    let stored = stored_props(&tenant, &contact);
    let aadhaar_token = oracle_token(&tenant.id, "aadhaar", "234123412346");
    assert_eq!(
        stored,
        [
            (
                "aadhaar_no".into(),
                "XXXX XXXX 2346".into(),
                Some(aadhaar_token.clone())
            ),
            (
                "vid".into(),
                "XXXX XXXX XXXX 2341".into(),
                Some(oracle_token(&tenant.id, "vid", "2341234123412341"))
            ),
        ]
    );
    // Both are kinds dedupe compares (issue 17): the index holds their tokens.
    assert_eq!(
        index_rows(&tenant, &contact),
        [
            ("aadhaar".into(), aadhaar_token),
            ("vid".into(), oracle_token(&tenant.id, "vid", "2341234123412341"))
        ]
    );
    // Nobody reads the number back, not even with pii:read.
    let reader = with_scope(&tenant, "pii:read");
    for who in [&tenant, &reader] {
        let read = who.get(&format!("/contacts/{}/", id_of(&contact))).await;
        assert_eq!(read.json["props"][0]["value"], "XXXX XXXX 2346", "{}", read.text);
        assert!(!read.text.contains("2341 2341 2346") && !read.text.contains("234123412346"));
    }
    // Dedupe still finds it by the number, through its token.
    let found = dedupe_ok(
        &tenant,
        json!({"props": [{"key": "aadhaar", "value": "234123412346"}]}),
    )
    .await;
    assert_eq!(matched_ids(&found), [id_of(&contact)]);
}

#[tokio::test]
async fn identifying_props_are_sealed_and_nodes_aes_gcm_opens_them() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(
        &tenant,
        json!([
            text_prop("pan_no", "abcpk1234l"),
            text_prop("mobile", "+91 98765 43210"),
            text_prop("email", "Asha.Rao@Example.com"),
            text_prop("passport", "J8369854"),
            text_prop("city", "Pune"),
        ]),
    )
    .await;

    let stored = stored_props(&tenant, &contact);
    let by_key = |k: &str| {
        stored
            .iter()
            .find(|(key, _, _)| key == k)
            .cloned()
            .unwrap_or_default()
    };
    for (key, clear, kind, normal) in [
        ("pan_no", "abcpk1234l", "pan", "ABCPK1234L"),
        ("mobile", "+91 98765 43210", "mobile", "9876543210"),
        ("email", "Asha.Rao@Example.com", "email", "asha.rao@example.com"),
        ("passport", "J8369854", "passport", "J8369854"),
    ] {
        let (_, value, token) = by_key(key);
        assert!(value.starts_with("enc:v1:dev1:"), "{key}: {value}");
        assert_eq!(oracle_open(&tenant.id, &value), clear, "{key}");
        assert_eq!(token, Some(oracle_token(&tenant.id, kind, normal)), "{key}");
    }
    assert_eq!(
        by_key("city"),
        ("city".into(), "Pune".into(), None),
        "not identifying"
    );
    let index = index_rows(&tenant, &contact);
    assert_eq!(
        index,
        [
            (
                "email".into(),
                oracle_token(&tenant.id, "email", "asha.rao@example.com")
            ),
            ("mobile".into(), oracle_token(&tenant.id, "mobile", "9876543210")),
            ("pan".into(), oracle_token(&tenant.id, "pan", "ABCPK1234L")),
            (
                "passport".into(),
                oracle_token(&tenant.id, "passport", "J8369854")
            ),
        ]
    );
    // Sealed for this tenant only: the associated data is the tenant.
    let other = std::panic::catch_unwind(|| oracle_open("another-tenant", &by_key("pan_no").1));
    assert!(other.is_err(), "a value sealed for one tenant opens in another");
}

#[tokio::test]
async fn a_bank_account_number_is_sealed_with_a_token_and_a_second_account_of_it_is_still_a_409() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let bank = create_doc(&tenant, BANKS, bank_body(&contact, "123456789012")).await;

    let rows = disk().query(
        "SELECT json_extract(doc, '$.account_number'), account_token FROM banks WHERE tenant_id = ?1 AND id = ?2",
        &[&tenant.id, &id_of(&bank)],
    );
    let sealed = rows[0][0].as_str().unwrap_or_default();
    assert!(sealed.starts_with("enc:v1:dev1:"), "{sealed}");
    assert_eq!(oracle_open(&tenant.id, sealed), "123456789012");
    assert_eq!(
        rows[0][1],
        json!(oracle_token(&tenant.id, "account_number", "123456789012"))
    );
    assert_eq!(bank["account_number"], "XXXXXXXX9012", "masked in the answer");
    let again = tenant
        .post(BANKS, Some(bank_body(&contact, "123456789012")))
        .await;
    assert_problem(&again, 409, "conflict");
    assert!(
        again.has_field_error("account_number", "unique"),
        "{}",
        again.text
    );
}

#[tokio::test]
async fn a_bad_aadhaar_or_vid_is_a_400_naming_the_prop_on_every_write_path_and_changes_nothing() {
    let tenant = TestTenant::new();
    let contact = contact_with_props(&tenant, json!([text_prop("city", "Pune")])).await;
    let bad = json!([text_prop("city", "Pune"), text_prop("Aadhaar", "2341 2341 2345")]);

    let create = tenant
        .post(
            "/contacts/",
            Some(json!({"name": "B", "namespace": "Retail", "status": "active", "type": "individual", "props": bad})),
        )
        .await;
    let patch = tenant
        .patch(
            &format!("/contacts/{}/", id_of(&contact)),
            Some(json!({"props": bad})),
        )
        .await;
    let put = put_props(&tenant, &contact, json!([text_prop("vid", "2341 2341")])).await;

    for (response, field, code) in [
        (&create, "props[1].value", "checksum"),
        (&patch, "props[1].value", "checksum"),
        (&put, "props[0].value", "length"),
    ] {
        assert_problem(response, 400, "validation_failed");
        assert!(response.has_field_error(field, code), "{}", response.text);
        assert!(
            !response.text.contains("2341 2341 2345"),
            "the number is not echoed"
        );
    }
    assert_eq!(
        stored_props(&tenant, &contact),
        [("city".into(), "Pune".into(), None)]
    );
}
