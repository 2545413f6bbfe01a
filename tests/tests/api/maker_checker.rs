//! Four eyes on the last change (CONTRACT §9, "Maker-checker"): the approver (or rejecter) is neither the
//! contact's creator nor anyone who made a material change since its last approval, users compared
//! case-insensitively after trimming; and an approval covers the version its checker read (`If-Match`).

use crate::approval_helpers::{approved_subject, checker, subject};
use crate::contact_helpers::{
    act, act_ok, contact_path, get_contact, history, results, text_prop, user_of, APPROVE_SCOPE,
};
use crate::helpers::{assert_problem, create_namespace, id_of};
use crate::sub_helpers::{address_body, patch_doc, put_props, ADDRESSES, BANKS};
use crego_api_tests::{Body, TestTenant};
use futures::future::join_all;
use serde_json::{json, Value};

/// `PUT /contacts/{id}/{action}/` with `If-Match`.
async fn act_if_match(
    user: &TestTenant,
    contact: &Value,
    action: &str,
    version: &Value,
) -> crego_api_tests::ApiResponse {
    let path = format!("{}{action}/", contact_path(contact));
    let tag = format!("\"{version}\"");
    user.send_with("PUT", &path, &[("If-Match", &tag)], Body::None)
        .await
}

#[tokio::test]
async fn a_checker_who_edited_a_pending_contact_cannot_approve_his_own_edit() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let editor = checker(&maker);
    let renamed = editor
        .patch(&contact_path(&s.contact), Some(json!({"name": "Asha R. Rao"})))
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);

    let approve = act(&editor, &s.contact, "approve").await;
    let reject = act(&editor, &s.contact, "reject").await;

    for refused in [&approve, &reject] {
        assert_problem(refused, 403, "self_approval");
        let detail = refused.json["detail"].as_str().unwrap_or_default();
        assert!(detail.contains("material change"), "the reason: {detail}");
    }
    assert_eq!(
        get_contact(&maker, &s.contact).await,
        renamed.json,
        "nothing changed"
    );
    // Another checker may.
    let approved = act(&checker(&maker), &s.contact, "approve").await;
    assert_eq!(approved.status, 200, "{}", approved.text);
}

#[tokio::test]
async fn the_creators_refusal_says_they_created_it() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let maker_as_checker = user_of(&maker, &maker.sub, APPROVE_SCOPE);

    let approve = act(&maker_as_checker, &s.contact, "approve").await;

    assert_problem(&approve, 403, "self_approval");
    let detail = approve.json["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("created"), "the reason: {detail}");
}

#[tokio::test]
async fn a_material_change_through_a_sub_resource_or_the_props_bars_its_user_too() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let (by_address, by_bank, by_props) = (checker(&maker), checker(&maker), checker(&maker));
    let address = by_address.post(ADDRESSES, Some(address_body(&s.contact))).await;
    assert_eq!(address.status, 201, "{}", address.text);
    let bank = patch_doc(&by_bank, BANKS, &s.bank, json!({"ifsc": "SBIN0001234"})).await;
    assert_eq!(bank.status, 200, "{}", bank.text);
    let props = put_props(
        &by_props,
        &s.contact,
        json!([text_prop("gstin", "27AAPFU0939F1ZV")]),
    )
    .await;
    assert_eq!(props.status, 200, "{}", props.text);

    for user in [&by_address, &by_bank, &by_props] {
        assert_problem(&act(user, &s.contact, "approve").await, 403, "self_approval");
    }
    let contact = get_contact(&maker, &s.contact).await;
    let mut makers: Vec<String> = serde_json::from_value(contact["makers"].clone()).unwrap_or_default();
    makers.sort();
    let mut expected: Vec<String> = [&maker, &by_address, &by_bank, &by_props]
        .iter()
        .map(|u| u.sub.to_lowercase())
        .collect();
    expected.sort();
    assert_eq!(makers, expected);
}

#[tokio::test]
async fn a_checker_who_changed_only_tags_or_other_props_may_still_approve() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let tidy = checker(&maker);
    let tagged = tidy
        .patch(&contact_path(&s.contact), Some(json!({"tags": ["reviewed"]})))
        .await;
    assert_eq!(tagged.status, 200, "{}", tagged.text);
    let income = json!([{"key": "income", "value": "90000", "type": "number"}]);
    assert_eq!(put_props(&tidy, &s.contact, income).await.status, 200);

    let approved = act(&tidy, &s.contact, "approve").await;

    assert_eq!(approved.status, 200, "{}", approved.text);
    assert_eq!(approved.json["approved_by"], tidy.sub.as_str());
}

#[tokio::test]
async fn users_are_compared_case_insensitively_after_trimming() {
    let maker = TestTenant::with_ids(
        &format!("t-{}", crego_api_tests::client::random_hex12()),
        "Maker.One",
    );
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let editor = user_of(&maker, "Editor.Two", "");
    let renamed = editor
        .patch(&contact_path(&s.contact), Some(json!({"name": "Asha R. Rao"})))
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);

    for spelling in ["maker.one", " MAKER.ONE ", "editor.two", "  Editor.TWO  "] {
        let same_user = user_of(&maker, spelling, APPROVE_SCOPE);
        let approve = act(&same_user, &s.contact, "approve").await;
        assert_problem(&approve, 403, "self_approval");
    }
    // Only case and the ends: another name is another user.
    let other = user_of(&maker, "maker.one2", APPROVE_SCOPE);
    assert_eq!(act(&other, &s.contact, "approve").await.status, 200);
}

#[tokio::test]
async fn an_approval_clears_the_makers_but_never_the_creator() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let (first, second) = (checker(&maker), checker(&maker));
    // The first checker edits, so the second approves that version.
    let edit = first
        .patch(&contact_path(&s.contact), Some(json!({"name": "Asha R. Rao"})))
        .await;
    assert_eq!(edit.status, 200, "{}", edit.text);
    let approved = act_ok(&second, &s.contact, "approve").await;
    assert_eq!(approved["makers"], json!([]));
    // The maker renames it again: pending, and only the maker is a maker now.
    let renamed = maker
        .patch(&contact_path(&s.contact), Some(json!({"name": "Asha Rao"})))
        .await;
    assert_eq!(
        renamed.json["makers"],
        json!([maker.sub.to_lowercase()]),
        "{}",
        renamed.text
    );

    // The first checker's edit was covered by the approval: he may approve this change.
    let again = act(&first, &s.contact, "approve").await;

    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json["approved_by"], first.sub.as_str());
    let creator = user_of(&maker, &maker.sub, APPROVE_SCOPE);
    let edit = second
        .patch(&contact_path(&s.contact), Some(json!({"type": "corporate"})))
        .await;
    assert_eq!(edit.json["approval_status"], "pending", "{}", edit.text);
    assert_problem(&act(&creator, &s.contact, "approve").await, 403, "self_approval");
}

#[tokio::test]
async fn an_approval_covers_the_version_its_checker_read() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let checker = checker(&maker);
    let read = get_contact(&checker, &s.contact).await;

    let approved = act_if_match(&checker, &s.contact, "approve", &read["version"]).await;

    assert_eq!(approved.status, 200, "{}", approved.text);
    assert_eq!(approved.json["approved_version"], read["version"]);
    assert_eq!(
        approved.json["version"],
        read["version"].as_i64().unwrap_or(0) + 1
    );
    let entry = &results(&history(&maker, &s.contact).await)[0];
    assert_eq!(
        (&entry["action"], &entry["covered_version"]),
        (&json!("approve"), &read["version"])
    );
    assert_eq!(entry["before"], read, "the history keeps the document approved");
}

#[tokio::test]
async fn an_approval_or_rejection_of_a_version_changed_since_is_412_and_changes_nothing() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let checker = checker(&maker);
    let read = get_contact(&checker, &s.contact).await;
    // After the checker read it, the maker adds a bank account (with `expand=banks` he would see it).
    let bank = maker
        .post(
            BANKS,
            Some(crate::sub_helpers::bank_body(&s.contact, "000555666777")),
        )
        .await;
    assert_eq!(bank.status, 201, "{}", bank.text);
    let now = get_contact(&maker, &s.contact).await;

    let approve = act_if_match(&checker, &s.contact, "approve", &read["version"]).await;
    let reject = act_if_match(&checker, &s.contact, "reject", &read["version"]).await;

    assert_problem(&approve, 412, "precondition_failed");
    assert_problem(&reject, 412, "precondition_failed");
    assert_eq!(get_contact(&maker, &s.contact).await, now);
    let rejected = act_if_match(&checker, &s.contact, "reject", &now["version"]).await;
    assert_eq!(rejected.status, 200, "{}", rejected.text);
    assert_eq!(rejected.json["rejected_version"], now["version"]);
    assert_eq!(
        results(&history(&maker, &s.contact).await)[0]["covered_version"],
        now["version"]
    );
}

#[tokio::test]
async fn the_issues_walkthrough_leaves_no_change_approved_that_a_checker_did_not_see() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let checker = checker(&maker);
    let s = approved_subject(&maker, &checker, "Asha Rao").await;
    let path = contact_path(&s.contact);

    let renamed = maker.patch(&path, Some(json!({"name": "Asha Kumari"}))).await;
    let approval_after_rename = renamed.json["approval_status"].clone();
    let approved_again = act_ok(&checker, &s.contact, "approve").await;
    let pan = put_props(&maker, &s.contact, json!([text_prop("pan_no", "ABCPE9999F")])).await;
    let verified_bank = json!({"contact_id": id_of(&s.contact), "account_number": "000111222333",
        "ifsc": "HDFC0001234", "verification_status": "verified"});
    let bank = maker.post(BANKS, Some(verified_bank)).await;

    assert_eq!(approval_after_rename, "pending", "{}", renamed.text);
    assert_eq!(renamed.json["approved_by"], Value::Null);
    assert_eq!(approved_again["approval_status"], "approved");
    assert_eq!(pan.status, 200, "{}", pan.text);
    assert_problem(&bank, 403, "missing_scope");
    let now = get_contact(&maker, &s.contact).await;
    assert_eq!(
        (&now["approval_status"], &now["approved_by"]),
        (&json!("pending"), &Value::Null),
        "the new PAN is not approved: {now}"
    );
    let approvals: Vec<Value> = results(&history(&maker, &s.contact).await)
        .into_iter()
        .filter(|e| e["action"] == "approve")
        .collect();
    assert_eq!(approvals.len(), 2, "both approvals stay in the history");
}

#[tokio::test]
async fn concurrent_material_writes_by_many_users_all_join_the_makers() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    let writers: Vec<TestTenant> = (0..12).map(|_| checker(&maker)).collect();

    // Twelve addresses at once, each by another user: the makers are a set union in SQL.
    let answers = join_all(writers.iter().enumerate().map(|(i, w)| {
        let body = Body::Json(address_body(&s.contact));
        let key = format!("address-{i}");
        async move { w.send_retrying("POST", ADDRESSES, Some(&key), body).await }
    }))
    .await;

    for answer in &answers {
        assert_eq!(answer.status, 201, "{}", answer.text);
    }
    let contact = get_contact(&maker, &s.contact).await;
    let makers = contact["makers"].as_array().cloned().unwrap_or_default();
    assert_eq!(makers.len(), writers.len() + 1, "{contact}");
    for w in &writers {
        assert!(
            makers.contains(&json!(w.sub.to_lowercase())),
            "{} in {contact}",
            w.sub
        );
        assert_problem(&act(w, &s.contact, "approve").await, 403, "self_approval");
    }
    assert_eq!(
        contact["version"],
        s.contact["version"].as_i64().unwrap_or(0) + 12
    );
}
