//! Erasure and retention (CONTRACT §9, "Erasure and retention"): `PUT /contacts/{id}/retention/` and
//! `POST /contacts/{id}/erase/`, both for the scope `contacts:erase`. Erasure is refused with `409
//! retention_hold` under a legal hold, while the relationship goes on, or inside `KYC_RETENTION_YEARS` (5)
//! after it ended, the day it becomes possible in `detail`; an erased contact keeps its id, ref id,
//! namespace and timestamps and a scrubbed history, is found by no dedupe or search, and refuses writes.

use crate::contact_helpers::{
    actions_of, create_contact_with, dedupe_ok, history, results, text_prop, with_scope,
};
use crate::helpers::{assert_problem, create_namespace, id_of};
use crate::sub_helpers::{address_body, bank_body, create_doc, ADDRESSES, BANKS};
use crego_api_tests::shapes::UtcDate;
use crego_api_tests::{Body, D1File, TestTenant};
use serde_json::{json, Value};

const OFFICER: &str = "contacts:erase";

/// A contact with a PAN, an Aadhaar number, an address and a bank account, and a change in its history.
async fn customer(tenant: &TestTenant) -> Value {
    create_namespace(tenant, "Retail").await;
    let contact = create_contact_with(
        tenant,
        json!({"name": "Asha Rao", "namespace": "Retail", "status": "active", "type": "individual",
               "ref_id": "CUST-ERASE-1", "tags": ["vip"], "refs": {"crm": "CRM-9"},
               "props": [text_prop("pan_no", "ABCPK1234L"), text_prop("aadhaar", "2341 2341 2346")]}),
    )
    .await;
    create_doc(tenant, ADDRESSES, address_body(&contact)).await;
    create_doc(tenant, BANKS, bank_body(&contact, "123456789012")).await;
    let renamed = tenant
        .patch(
            &format!("/contacts/{}/", id_of(&contact)),
            Some(json!({"name": "Asha R. Rao"})),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    renamed.json
}

async fn retention(who: &TestTenant, contact: &Value, body: Value) -> crego_api_tests::ApiResponse {
    let path = format!("/contacts/{}/retention/", id_of(contact));
    who.send("PUT", &path, Body::Json(body)).await
}

async fn erase(who: &TestTenant, contact: &Value) -> crego_api_tests::ApiResponse {
    let path = format!("/contacts/{}/erase/", id_of(contact));
    who.send("POST", &path, Body::Json(json!({"remarks": "DPDP request 17"})))
        .await
}

#[tokio::test]
async fn retention_and_erasure_need_the_contacts_erase_scope() {
    let tenant = TestTenant::new();
    let contact = customer(&tenant).await;
    let approver = with_scope(&tenant, "contacts:approve pii:read");

    assert_problem(
        &retention(&approver, &contact, json!({"legal_hold": true})).await,
        403,
        "missing_scope",
    );
    assert_problem(&erase(&approver, &contact).await, 403, "missing_scope");
    assert_eq!(
        tenant.get(&format!("/contacts/{}/", id_of(&contact))).await.json["legal_hold"],
        false
    );
}

#[tokio::test]
async fn erasure_is_refused_while_the_relationship_goes_on_inside_the_period_and_under_a_hold() {
    let tenant = TestTenant::new();
    let contact = customer(&tenant).await;
    let officer = with_scope(&tenant, OFFICER);
    let today = UtcDate::today();
    let last_year = format!(
        "{:04}-{:02}-{:02}",
        today.year - 1,
        today.month,
        today.day.min(28)
    );

    let ongoing = erase(&officer, &contact).await;
    let ended = retention(&officer, &contact, json!({"relationship_ended_at": last_year})).await;
    let inside = erase(&officer, &contact).await;
    retention(
        &officer,
        &contact,
        json!({"relationship_ended_at": "2015-06-30", "legal_hold": true}),
    )
    .await;
    let held = erase(&officer, &contact).await;
    let future = retention(&officer, &contact, json!({"relationship_ended_at": "2999-01-01"})).await;

    assert_problem(&ongoing, 409, "retention_hold");
    assert!(
        ongoing.json["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("has not ended"),
        "{}",
        ongoing.text
    );
    assert_eq!(ended.status, 200, "{}", ended.text);
    assert_eq!(ended.json["relationship_ended_at"], last_year.as_str());
    assert_eq!(
        ended.json["approval_status"], "pending",
        "not material: nothing to reset"
    );
    assert_problem(&inside, 409, "retention_hold");
    let from = format!("{:04}{}", today.year + 4, &last_year[4..]);
    assert!(
        inside.json["detail"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("possible from {from}")),
        "{}",
        inside.text
    );
    assert_problem(&held, 409, "retention_hold");
    assert!(
        held.json["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("legal hold"),
        "{}",
        held.text
    );
    assert_problem(&future, 400, "validation_failed");
    assert!(
        future.has_field_error("relationship_ended_at", "range"),
        "{}",
        future.text
    );
    let entries = history(&tenant, &contact).await;
    assert_eq!(actions_of(&entries)[..2], ["retention", "retention"]);
}

#[tokio::test]
async fn an_erased_contact_keeps_its_id_ref_id_and_history_but_none_of_its_personal_data() {
    let tenant = TestTenant::new();
    let contact = customer(&tenant).await;
    let id = id_of(&contact);
    let officer = with_scope(&tenant, OFFICER);
    let ended = retention(&officer, &contact, json!({"relationship_ended_at": "2015-06-30"})).await;
    assert_eq!(ended.status, 200, "{}", ended.text);

    let erased = erase(&officer, &contact).await;

    assert_eq!(erased.status, 200, "{}", erased.text);
    let c = &erased.json;
    assert!(c["erased_at"].is_string(), "{c}");
    assert_eq!(
        (&c["id"], &c["ref_id"], &c["namespace"]),
        (&json!(id), &json!("CUST-ERASE-1"), &json!("Retail"))
    );
    assert_eq!(
        (&c["name"], &c["tags"], &c["refs"], &c["props"]),
        (&json!(""), &json!([]), &json!({}), &json!([]))
    );
    assert_eq!(c["created_at"], contact["created_at"]);
    for list in [ADDRESSES, BANKS] {
        let page = tenant.get(&format!("{list}?contact={id}")).await;
        assert_eq!(page.json["count"], 0, "{list}: {}", page.text);
    }
    let page = history(&with_scope(&tenant, "pii:read"), &contact).await;
    assert_eq!(actions_of(&page)[0], "erase");
    let entries = results(&page);
    assert_eq!(entries[0]["remarks"], "DPDP request 17");
    assert_eq!(entries[0]["before"], Value::Null);
    for entry in &entries[1..] {
        assert_eq!(entry["remarks"], Value::Null, "{entry}");
        for side in ["before", "after"] {
            let doc = &entry[side];
            assert!(
                doc.is_null() || doc.as_object().is_some_and(|d| d.len() == 2),
                "scrubbed: {entry}"
            );
        }
    }
    for clear in [
        "Asha",
        "ABCPK1234L",
        "XXXXXX234L",
        "2346",
        "123456789012",
        "Navi Mumbai",
        "CRM-9",
    ] {
        assert!(
            !page.to_string().contains(clear),
            "{clear} in the history: {page}"
        );
    }
    // Nothing of it on disk either.
    let disk = D1File::from_var("CREGO_STATE_DIR").unwrap_or_else(|| panic!("CREGO_STATE_DIR"));
    for table in [
        "contact_props",
        "contact_identifiers",
        "contact_match_keys",
        "addresses",
        "banks",
    ] {
        let n = disk.count(
            &format!("SELECT COUNT(*) FROM {table} WHERE tenant_id = ?1 AND contact_id = ?2"),
            &[&tenant.id, &id],
        );
        assert_eq!(n, 0, "{table}");
    }
    let rows = disk.query(
        "SELECT before, after, remarks FROM audit_log WHERE tenant_id = ?1 AND contact_id = ?2",
        &[&tenant.id, &id],
    );
    assert!(
        !serde_json::to_string(&rows).unwrap_or_default().contains("Asha"),
        "{rows:?}"
    );
    // Found by no dedupe or search; every write refused.
    let by_pan = dedupe_ok(&tenant, json!({"props": [{"key": "pan", "value": "ABCPK1234L"}]})).await;
    let by_name = dedupe_ok(&tenant, json!({"name": "Asha R. Rao"})).await;
    assert!(by_pan.is_empty() && by_name.is_empty(), "{by_pan:?} {by_name:?}");
    for search in ["CUST-ERASE", "Asha"] {
        let found = tenant.get(&format!("/contacts/?search={search}")).await;
        assert_eq!(found.json["count"], 0, "{search}: {}", found.text);
    }
    let patch = tenant
        .patch(&format!("/contacts/{id}/"), Some(json!({"name": "Back"})))
        .await;
    let address = tenant.post(ADDRESSES, Some(address_body(&contact))).await;
    let again = erase(&officer, &contact).await;
    for refused in [&patch, &address, &again] {
        assert_problem(refused, 409, "contact_erased");
    }
    let read = tenant.get(&format!("/contacts/{id}/")).await;
    assert_eq!((read.status, &read.json["erased_at"]), (200, &c["erased_at"]));
}
