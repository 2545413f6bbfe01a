//! The primary account: at most one per contact. Making an account primary (on create or by PATCH) clears
//! the flag on the contact's other accounts in the same write, and concurrent writes never leave two.

use crate::helpers::{assert_problem, id_of};
use crate::sub_helpers::{
    another_contact, bank_body, create_doc, item, list_docs, owner_contact, patch_doc, read_doc, BANKS,
};
use crego_api_tests::{ApiResponse, Body, TestTenant};
use futures::future::join_all;
use serde_json::{json, Value};

const ACCOUNTS: usize = 5;
const CONCURRENT_PATCHES: usize = 30;

/// An account of `contact` with this number, primary or not.
fn account(contact: &Value, number: &str, primary: bool) -> Value {
    let mut body = bank_body(contact, number);
    body["is_primary"] = json!(primary);
    body
}

/// Every account of the contact (one page of 100), read through the list.
async fn accounts_of(tenant: &TestTenant, contact: &Value) -> Vec<Value> {
    let page = list_docs(
        tenant,
        BANKS,
        &[("contact", &id_of(contact)), ("page_size", "100")],
    )
    .await;
    page["results"].as_array().cloned().unwrap_or_default()
}

/// The ids of the contact's primary accounts, through the list.
async fn primaries_of(tenant: &TestTenant, contact: &Value) -> Vec<String> {
    let accounts = accounts_of(tenant, contact).await;
    accounts
        .iter()
        .filter(|a| a["is_primary"] == true)
        .map(id_of)
        .collect()
}

/// Asserts every response of a race is a success with this status or a 409 `concurrent_update`.
fn assert_won_or_lost(responses: &[ApiResponse], success: u16) {
    for r in responses {
        if r.status != success {
            assert_problem(r, 409, "concurrent_update");
        }
    }
    assert!(
        responses.iter().any(|r| r.status == success),
        "no write won: {:?}",
        responses.iter().map(|r| r.status).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn creating_a_primary_account_clears_the_flag_on_the_contacts_other_accounts() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let vikram = another_contact(&tenant, "Vikram Shah").await;
    let old_primary = create_doc(&tenant, BANKS, account(&asha, "000000000001", true)).await;
    let plain = create_doc(&tenant, BANKS, account(&asha, "000000000002", false)).await;
    let elsewhere = create_doc(&tenant, BANKS, account(&vikram, "000000000003", true)).await;

    let response = tenant
        .post(BANKS, Some(account(&asha, "000000000004", true)))
        .await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert_eq!(response.json["is_primary"], true);
    let cleared = read_doc(&tenant, BANKS, &old_primary).await;
    assert_eq!(cleared["is_primary"], false);
    assert_eq!(cleared["version"], 2, "clearing the flag is a change: {cleared}");
    assert_eq!(cleared["updated_by"], tenant.sub.as_str());
    assert_eq!(read_doc(&tenant, BANKS, &plain).await["is_primary"], false);
    assert_eq!(read_doc(&tenant, BANKS, &elsewhere).await, elsewhere);
    assert_eq!(primaries_of(&tenant, &asha).await, [id_of(&response.json)]);
    assert_eq!(primaries_of(&tenant, &vikram).await, [id_of(&elsewhere)]);
}

#[tokio::test]
async fn patching_an_account_to_primary_moves_the_flag_to_it() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let first = create_doc(&tenant, BANKS, account(&contact, "000000000001", true)).await;
    let second = create_doc(&tenant, BANKS, account(&contact, "000000000002", false)).await;

    let response = patch_doc(&tenant, BANKS, &second, json!({"is_primary": true})).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(
        (&response.json["is_primary"], &response.json["version"]),
        (&json!(true), &json!(2))
    );
    let cleared = read_doc(&tenant, BANKS, &first).await;
    assert_eq!(
        (&cleared["is_primary"], &cleared["version"]),
        (&json!(false), &json!(2))
    );
    assert_eq!(primaries_of(&tenant, &contact).await, [id_of(&second)]);
}

#[tokio::test]
async fn unsetting_the_primary_leaves_the_contact_without_one() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let primary = create_doc(&tenant, BANKS, account(&contact, "000000000001", true)).await;
    let other = create_doc(&tenant, BANKS, account(&contact, "000000000002", false)).await;

    let response = patch_doc(&tenant, BANKS, &primary, json!({"is_primary": false})).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["is_primary"], false);
    assert!(primaries_of(&tenant, &contact).await.is_empty());
    assert_eq!(read_doc(&tenant, BANKS, &other).await, other);
}

#[tokio::test]
async fn deleting_the_primary_account_leaves_the_others_as_they_were() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let primary = create_doc(&tenant, BANKS, account(&contact, "000000000001", true)).await;
    let other = create_doc(&tenant, BANKS, account(&contact, "000000000002", false)).await;

    let deleted = tenant.delete(&item(BANKS, &primary)).await;
    let promoted = patch_doc(&tenant, BANKS, &other, json!({"is_primary": true})).await;

    assert_eq!(deleted.status, 204, "{}", deleted.text);
    assert_eq!(promoted.status, 200, "{}", promoted.text);
    assert_eq!(primaries_of(&tenant, &contact).await, [id_of(&other)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_patches_to_primary_leave_exactly_one_primary_account() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let bystander = another_contact(&tenant, "Vikram Shah").await;
    let mut accounts = Vec::new();
    for i in 0..ACCOUNTS {
        let body = account(&contact, &format!("00012345678{i}"), i == 0);
        accounts.push(create_doc(&tenant, BANKS, body).await);
    }
    let untouched = create_doc(&tenant, BANKS, account(&bystander, "000123456780", true)).await;

    let patches = (0..CONCURRENT_PATCHES).map(|i| {
        let tenant = tenant.clone();
        let path = item(BANKS, &accounts[i % ACCOUNTS]);
        async move {
            let body = Body::Json(json!({"is_primary": true}));
            tenant.send_retrying("PATCH", &path, None, body).await
        }
    });
    let responses = join_all(patches).await;

    assert_won_or_lost(&responses, 200);
    for r in responses.iter().filter(|r| r.status == 200) {
        assert_eq!(r.json["is_primary"], true, "{}", r.text);
    }
    let listed = accounts_of(&tenant, &contact).await;
    assert_eq!(listed.len(), ACCOUNTS);
    let primaries: Vec<&Value> = listed.iter().filter(|a| a["is_primary"] == true).collect();
    assert_eq!(primaries.len(), 1, "exactly one primary: {listed:?}");
    assert_eq!(&read_doc(&tenant, BANKS, primaries[0]).await, primaries[0]);
    assert_eq!(read_doc(&tenant, BANKS, &untouched).await, untouched);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_of_primary_accounts_leave_exactly_one_primary() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;

    let creates = (0..10).map(|i| {
        let tenant = tenant.clone();
        let body = account(&contact, &format!("00098765432{i}"), true);
        let key = format!("primary-create-{i}");
        async move {
            tenant
                .send_retrying("POST", BANKS, Some(&key), Body::Json(body))
                .await
        }
    });
    let responses = join_all(creates).await;

    assert_won_or_lost(&responses, 201);
    let created = responses.iter().filter(|r| r.status == 201).count();
    let listed = accounts_of(&tenant, &contact).await;
    assert_eq!(listed.len(), created, "every 201 is stored, nothing else");
    let primaries: Vec<&Value> = listed.iter().filter(|a| a["is_primary"] == true).collect();
    assert_eq!(primaries.len(), 1, "exactly one primary: {listed:?}");
}
