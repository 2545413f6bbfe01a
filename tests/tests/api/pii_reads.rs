//! Identifying values as callers see them (CONTRACT §9, "Personal data"): masked on every route unless
//! the token carries `pii:read`; then in clear, and every such read recorded in the same request, listed
//! newest first by `GET /contacts/{id}/pii-access/` (scope `pii:audit`). Restating a value is no change,
//! and an idempotent answer that showed values in clear replays only to a caller who may see them.

use crate::contact_helpers::{
    checker_of, create_contact_with, dedupe_ok, history, prop_value, results, text_prop, with_scope,
};
use crate::helpers::{assert_problem, create_namespace, id_of};
use crate::sub_helpers::{bank_body, create_doc, item, put_props, BANKS};
use crego_api_tests::{Body, TestTenant};
use serde_json::{json, Value};

const PAN: &str = "ABCPK1234L";
const MOBILE: &str = "+91 98765 43210";
const ACCOUNT: &str = "123456789012";

/// A contact with a PAN, a mobile, an Aadhaar number and a bank account.
async fn customer(tenant: &TestTenant) -> (Value, Value) {
    create_namespace(tenant, "Retail").await;
    let contact = create_contact_with(
        tenant,
        json!({"name": "Asha Rao", "namespace": "Retail", "status": "active", "type": "individual",
               "props": [text_prop("pan_no", PAN), text_prop("mobile", MOBILE),
                         text_prop("aadhaar", "2341 2341 2346"), text_prop("city", "Pune")]}),
    )
    .await;
    let bank = create_doc(tenant, BANKS, bank_body(&contact, ACCOUNT)).await;
    (contact, bank)
}

async fn access_log(auditor: &TestTenant, contact: &Value) -> Vec<Value> {
    let page = auditor
        .get(&format!("/contacts/{}/pii-access/", id_of(contact)))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    results(&page.json)
}

/// The operation of each entry of an access record.
fn operations_of(log: &[Value]) -> Vec<&str> {
    log.iter()
        .map(|e| e["operation"].as_str().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn identifying_values_are_masked_by_default_on_every_route() {
    let tenant = TestTenant::new();
    let (contact, bank) = customer(&tenant).await;
    let id = id_of(&contact);

    let reads = [
        tenant.get(&format!("/contacts/{id}/?expand=banks")).await,
        tenant.get("/contacts/?expand=banks").await,
        tenant.get(&format!("/contacts/{id}/props/")).await,
        tenant.get(&format!("/contacts/{id}/history/")).await,
        tenant.get(&item(BANKS, &bank)).await,
        tenant.get(&format!("{BANKS}?contact={id}")).await,
        tenant
            .post(
                "/contacts/dedupe/",
                Some(json!({"props": [{"key": "pan", "value": PAN}]})),
            )
            .await,
        tenant
            .patch(&format!("/contacts/{id}/"), Some(json!({"tags": ["vip"]})))
            .await,
    ];
    for (i, read) in reads.iter().enumerate() {
        assert_eq!(read.status, 200, "{}", read.text);
        for clear in [
            PAN,
            "9876543210",
            "98765 43210",
            ACCOUNT,
            "234123412346",
            "2341 2341 2346",
        ] {
            assert!(!read.text.contains(clear), "{clear} shown in {}", read.text);
        }
        // The bank account routes show the account, the others the contact's props.
        let mask = if matches!(i, 4 | 5) {
            "XXXXXXXX9012"
        } else {
            "XXXXXX234L"
        };
        assert!(read.text.contains(mask), "{mask} in {}", read.text);
        assert!(
            !read.text.contains("enc:v1:") && !read.text.contains("token"),
            "{}",
            read.text
        );
    }
    assert_eq!(prop_value(&reads[0].json, "mobile"), "XXXXXX3210");
    assert_eq!(prop_value(&reads[0].json, "city"), "Pune");
    assert_eq!(reads[0].json["banks"][0]["account_number"], "XXXXXXXX9012");
    let auditor = with_scope(&tenant, "pii:audit");
    assert!(
        access_log(&auditor, &contact).await.is_empty(),
        "nothing was shown in clear"
    );
}

#[tokio::test]
async fn a_pii_read_caller_sees_values_in_clear_and_each_read_is_recorded_newest_first() {
    let tenant = TestTenant::new();
    let (contact, bank) = customer(&tenant).await;
    let id = id_of(&contact);
    let reader = with_scope(&tenant, "pii:read");

    let one = reader.get(&format!("/contacts/{id}/?expand=banks")).await;
    let listed = reader.get("/contacts/").await;
    let account = reader.get(&item(BANKS, &bank)).await;
    let found = dedupe_ok(
        &reader,
        json!({"props": [{"key": "mobile", "value": "9876543210"}]}),
    )
    .await;
    let past = history(&reader, &contact).await;

    assert_eq!(prop_value(&one.json, "pan_no"), PAN);
    assert_eq!(prop_value(&one.json, "mobile"), MOBILE, "as it was written");
    assert_eq!(prop_value(&one.json, "aadhaar"), "XXXX XXXX 2346", "never whole");
    assert_eq!(one.json["banks"][0]["account_number"], ACCOUNT);
    assert_eq!(prop_value(&results(&listed.json)[0], "pan_no"), PAN);
    assert_eq!(account.json["account_number"], ACCOUNT);
    assert_eq!(prop_value(&found[0]["contact"], "pan_no"), PAN);
    assert!(
        past.to_string().contains(PAN) && past.to_string().contains(ACCOUNT),
        "{past}"
    );

    let auditor = user_with(&tenant, "auditor-1", "pii:audit");
    let log = access_log(&auditor, &contact).await;
    let operations = operations_of(&log);
    assert_eq!(
        operations,
        [
            "contact_history",
            "dedupe_contacts",
            "get_bank",
            "list_contacts",
            "get_contact"
        ],
        "newest first"
    );
    assert!(log
        .iter()
        .all(|e| e["actor"] == reader.sub.as_str() && e["contact_id"] == id.as_str()));
    assert_eq!(
        log[4]["fields"],
        json!([
            format!("banks.{}.account_number", id_of(&bank)),
            "props.mobile",
            "props.pan_no"
        ])
    );
    assert_eq!(
        log[2]["fields"],
        json!([format!("banks.{}.account_number", id_of(&bank))])
    );
    assert!(
        log[0]["fields"].to_string().contains("history.props.pan_no"),
        "{}",
        log[0]
    );
}

fn user_with(tenant: &TestTenant, sub: &str, scope: &str) -> TestTenant {
    crate::contact_helpers::user_of(tenant, sub, scope)
}

#[tokio::test]
async fn the_access_record_needs_pii_audit_and_another_tenants_contact_is_a_404() {
    let tenant = TestTenant::new();
    let (contact, _) = customer(&tenant).await;
    let path = format!("/contacts/{}/pii-access/", id_of(&contact));

    let plain = tenant.get(&path).await;
    let reader = with_scope(&tenant, "pii:read").get(&path).await;
    let stranger = crate::contact_helpers::with_scope(&TestTenant::new(), "pii:audit")
        .get(&path)
        .await;

    assert_problem(&plain, 403, "missing_scope");
    assert_problem(&reader, 403, "missing_scope");
    assert_problem(&stranger, 404, "not_found");
}

#[tokio::test]
async fn restating_an_identifier_is_no_change_and_a_new_one_resets_the_approval() {
    let tenant = TestTenant::new();
    let (contact, _) = customer(&tenant).await;
    let id = id_of(&contact);
    let checker = checker_of(&tenant);
    let approved = checker
        .send("PUT", &format!("/contacts/{id}/approve/"), Body::None)
        .await;
    assert_eq!(approved.status, 200, "{}", approved.text);
    let version = approved.json["version"].clone();

    // The same values, another spelling of the PAN: by token, nothing changed.
    let same = put_props(
        &tenant,
        &contact,
        json!([
            text_prop("pan_no", "abcpk1234l"),
            text_prop("aadhaar", "234123412346")
        ]),
    )
    .await;
    let after_same = tenant.get(&format!("/contacts/{id}/")).await;
    let new_aadhaar = put_props(&tenant, &contact, json!([text_prop("aadhaar", "6861 1148 9360")])).await;
    let after_new = tenant.get(&format!("/contacts/{id}/")).await;

    assert_eq!(same.status, 200, "{}", same.text);
    assert_eq!(
        same.header("contact-approval"),
        "",
        "no write, no approval effect"
    );
    assert_eq!(
        (&after_same.json["version"], &after_same.json["approval_status"]),
        (&version, &json!("approved"))
    );
    assert_eq!(
        new_aadhaar.header("contact-approval"),
        "reset",
        "{}",
        new_aadhaar.text
    );
    assert_eq!(after_new.json["approval_status"], "pending");
    assert_eq!(prop_value(&after_new.json, "aadhaar"), "XXXX XXXX 9360");
}

#[tokio::test]
async fn an_idempotent_answer_shown_in_clear_replays_only_to_pii_read_and_is_recorded_again() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let reader = with_scope(&tenant, "pii:read");
    let body = json!({"name": "Ravi Iyer", "namespace": "Retail", "status": "active", "type": "individual",
                      "props": [text_prop("pan_no", "BCDPI5678M")]});
    let headers = [("Idempotency-Key", "create-ravi-1")];
    let send = |who: TestTenant| {
        let body = body.clone();
        async move {
            who.send_with("POST", "/contacts/", &headers, Body::Json(body))
                .await
        }
    };

    let first = send(reader.clone()).await;
    let replay = send(reader.clone()).await;
    let without = send(with_scope(&tenant, "")).await;

    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(prop_value(&first.json, "pan_no"), "BCDPI5678M");
    assert_eq!(
        (replay.status, replay.header("idempotent-replayed")),
        (201, "true".into())
    );
    assert_eq!(replay.json, first.json);
    assert_problem(&without, 403, "missing_scope");
    let auditor = user_with(&tenant, "auditor-2", "pii:audit");
    let log = access_log(&auditor, &first.json).await;
    let operations = operations_of(&log);
    assert_eq!(
        operations,
        ["create_contact", "create_contact"],
        "the first answer and its replay"
    );
}
