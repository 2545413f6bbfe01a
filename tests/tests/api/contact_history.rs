//! A contact's history: one entry per write, newest first, with the whole document before and after.

use crate::contact_helpers::{
    act, act_ok, act_with, actions_of, checker_of, contact_path, create_contact, get_contact, history,
    history_with, results,
};
use crate::helpers::{assert_query_error, create_namespace, result_ids};
use crego_api_tests::shapes::{is_ulid, is_utc_micros_timestamp};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

const ENTRY_FIELDS: [&str; 11] = [
    "id",
    "object_type",
    "object_id",
    "action",
    "actor",
    "at",
    "remarks",
    "approval",
    "covered_version",
    "before",
    "after",
];

#[tokio::test]
async fn a_new_contact_has_one_create_entry_with_no_before() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;

    let page = history(&tenant, &created).await;

    assert_eq!(page["count"], 1);
    assert_eq!(
        (&page["current_page"], &page["has_next"]),
        (&json!(1), &json!(false))
    );
    let entry = &page["results"][0];
    for field in ENTRY_FIELDS {
        assert!(entry.get(field).is_some(), "no {field} in {entry}");
    }
    assert_eq!(
        entry.as_object().unwrap().len(),
        ENTRY_FIELDS.len(),
        "unexpected fields in {entry}"
    );
    assert!(is_ulid(entry["id"].as_str().unwrap_or_default()), "{entry}");
    assert_eq!(entry["action"], "create");
    assert_eq!(entry["actor"], tenant.sub.as_str());
    assert!(
        is_utc_micros_timestamp(entry["at"].as_str().unwrap_or_default()),
        "{entry}"
    );
    assert_eq!(entry["at"], created["created_at"]);
    assert_eq!(entry["remarks"], Value::Null);
    assert_eq!(entry["before"], Value::Null);
    assert_eq!(entry["after"], created);
}

#[tokio::test]
async fn every_write_adds_an_entry_newest_first_chaining_before_and_after() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;
    let patched = maker
        .patch(&contact_path(&created), Some(json!({"name": "Asha R Rao"})))
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    act_with(&checker, &created, "approve", json!({"remarks": "KYC verified"})).await;
    act_with(&maker, &created, "inactive", json!({"remarks": "customer left"})).await;
    act_ok(&maker, &created, "active").await;

    let page = history(&maker, &created).await;

    assert_eq!(
        actions_of(&page),
        ["active", "inactive", "approve", "update", "create"]
    );
    let entries = results(&page);
    let actors: Vec<&Value> = entries.iter().map(|e| &e["actor"]).collect();
    let (m, c) = (json!(maker.sub), json!(checker.sub));
    assert_eq!(actors, [&m, &m, &c, &m, &m]);
    let remarks: Vec<&Value> = entries.iter().map(|e| &e["remarks"]).collect();
    let (none, kyc, left) = (Value::Null, json!("KYC verified"), json!("customer left"));
    assert_eq!(remarks, [&none, &left, &kyc, &none, &none]);
    for pair in entries.windows(2) {
        let (newer, older) = (&pair[0], &pair[1]);
        assert_eq!(
            newer["before"], older["after"],
            "{} follows {}",
            newer["action"], older["action"]
        );
        let before_version = newer["before"]["version"].as_i64().unwrap();
        assert_eq!(
            newer["after"]["version"],
            before_version + 1,
            "{}",
            newer["action"]
        );
        assert!(newer["at"].as_str() >= older["at"].as_str());
    }
    assert_eq!(entries[0]["after"], get_contact(&maker, &created).await);
    assert_eq!(entries[3]["before"]["name"], "Asha Rao");
    assert_eq!(entries[3]["after"]["name"], "Asha R Rao");
    assert_eq!(entries[2]["after"]["approval_status"], "approved");
    assert_eq!(entries[2]["after"]["approved_by"], checker.sub.as_str());
}

#[tokio::test]
async fn a_rejection_is_recorded_with_its_remarks() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;
    act_with(
        &checker,
        &created,
        "reject",
        json!({"remarks": "duplicate of CUST-9"}),
    )
    .await;

    let page = history(&maker, &created).await;

    let entry = &page["results"][0];
    assert_eq!(entry["action"], "reject");
    assert_eq!(entry["remarks"], "duplicate of CUST-9");
    assert_eq!(entry["before"]["approval_status"], "pending");
    assert_eq!(entry["after"]["approval_status"], "rejected");
    assert_eq!(entry["after"]["rejection_reason"], "duplicate of CUST-9");
}

#[tokio::test]
async fn no_op_actions_and_empty_patches_add_nothing() {
    let maker = TestTenant::new();
    let checker = checker_of(&maker);
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;
    act_ok(&checker, &created, "approve").await;

    for (who, action) in [(&checker, "approve"), (&maker, "active"), (&checker, "active")] {
        let response = act(who, &created, action).await;
        assert_eq!(response.status, 200, "{action}: {}", response.text);
    }
    let empty = maker.patch(&contact_path(&created), Some(json!({}))).await;
    let refused = act(&checker, &created, "reject").await;

    assert_eq!(empty.status, 200, "{}", empty.text);
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(
        actions_of(&history(&maker, &created).await),
        ["approve", "create"]
    );
}

#[tokio::test]
async fn a_refused_write_adds_nothing() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let created = create_contact(&maker, "Retail", "Asha Rao").await;

    let bad = maker
        .patch(&contact_path(&created), Some(json!({"status": "gone"})))
        .await;
    let self_approval = act(
        &crate::contact_helpers::with_scope(&maker, "contacts:approve"),
        &created,
        "approve",
    )
    .await;

    assert_eq!((bad.status, self_approval.status), (400, 403));
    assert_eq!(actions_of(&history(&maker, &created).await), ["create"]);
}

#[tokio::test]
async fn history_pages_like_any_list() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let created = create_contact(&tenant, "Retail", "Asha Rao").await;
    for name in ["Asha B", "Asha C", "Asha D", "Asha E"] {
        let response = tenant
            .patch(&contact_path(&created), Some(json!({"name": name})))
            .await;
        assert_eq!(response.status, 200, "{}", response.text);
    }
    let all = history(&tenant, &created).await;

    let first = history_with(&tenant, &created, &[("page_size", "2")]).await;
    let last = history_with(&tenant, &created, &[("page_size", "2"), ("page", "3")]).await;
    let past = history_with(&tenant, &created, &[("page_size", "2"), ("page", "4")]).await;

    let all_ids = result_ids(&all);
    assert_eq!(all_ids.len(), 5);
    assert_eq!((&first["count"], &first["total_pages"]), (&json!(5), &json!(3)));
    assert_eq!(
        (&first["has_next"], &first["next_page"]),
        (&json!(true), &json!(2))
    );
    assert_eq!(result_ids(&first), all_ids[0..2]);
    assert_eq!(result_ids(&last), all_ids[4..5]);
    assert_eq!(last["results"][0]["action"], "create");
    assert_eq!(
        (&last["has_next"], &last["previous_page"]),
        (&json!(false), &json!(2))
    );
    assert_eq!((&past["count"], &past["results"]), (&json!(5), &json!([])));
    let bad = tenant
        .get(&format!("{}history/?page_size=0", contact_path(&created)))
        .await;
    assert_query_error(&bad, "page_size");
    let unknown = tenant
        .get(&format!("{}history/?action=create", contact_path(&created)))
        .await;
    assert_query_error(&unknown, "action");
}

#[tokio::test]
async fn each_contact_has_its_own_history() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let first = create_contact(&tenant, "Retail", "Asha Rao").await;
    let second = create_contact(&tenant, "Retail", "Vikram Shah").await;
    act_ok(&tenant, &second, "inactive").await;

    assert_eq!(actions_of(&history(&tenant, &first).await), ["create"]);
    assert_eq!(
        actions_of(&history(&tenant, &second).await),
        ["inactive", "create"]
    );
}
