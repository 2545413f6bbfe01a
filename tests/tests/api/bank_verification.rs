//! Bank account verification as a checked action (CONTRACT §5, §9): recording `verified` or `failed`
//! needs the `banks:verify` scope and a user other than the account's maker (who created it or last
//! changed its number or IFSC); a new number or IFSC sends a verified account back to `pending`.

use crate::approval_helpers::{verifier, VERIFY_SCOPE};
use crate::contact_helpers::{get_contact, user_of, APPROVE_SCOPE};
use crate::helpers::assert_problem;
use crate::sub_helpers::{bank_body, count_docs, create_doc, owner_contact, patch_doc, read_doc, BANKS};
use crego_api_tests::shapes::is_utc_micros_timestamp;
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// A maker's contact with one unverified account: (maker, contact, account).
async fn arrange() -> (TestTenant, Value, Value) {
    let maker = TestTenant::new();
    let contact = owner_contact(&maker, "Asha Rao").await;
    let account = create_doc(&maker, BANKS, bank_body(&contact, "000123456789")).await;
    (maker, contact, account)
}

fn status(outcome: &str) -> Value {
    json!({"verification_status": outcome})
}

#[tokio::test]
async fn an_account_is_never_created_verified_or_failed() {
    let maker = TestTenant::new();
    let contact = owner_contact(&maker, "Asha Rao").await;
    let maker_verifier = user_of(&maker, &maker.sub, VERIFY_SCOPE);

    for outcome in ["verified", "failed"] {
        let mut body = bank_body(&contact, "000123456789");
        body["verification_status"] = json!(outcome);
        let without_scope = maker.post(BANKS, Some(body.clone())).await;
        let with_scope = maker_verifier.post(BANKS, Some(body)).await;
        assert_problem(&without_scope, 403, "missing_scope");
        assert_problem(&with_scope, 403, "self_verification");
    }
    assert_eq!(count_docs(&maker, BANKS, &[]).await, 0, "nothing stored");
}

#[tokio::test]
async fn a_verifier_who_is_not_the_maker_records_the_outcome() {
    let (maker, contact, account) = arrange().await;
    let contact_before = get_contact(&maker, &contact).await;
    let first = verifier(&maker);

    let verified = patch_doc(&first, BANKS, &account, status("verified")).await;

    assert_eq!(verified.status, 200, "{}", verified.text);
    let b = &verified.json;
    assert_eq!(b["verification_status"], "verified");
    assert_eq!(b["verified_by"], first.sub.as_str());
    assert!(
        is_utc_micros_timestamp(b["verified_at"].as_str().unwrap_or_default()),
        "{b}"
    );
    assert_eq!(b["account_changed_by"], maker.sub.as_str());
    assert_eq!(&read_doc(&maker, BANKS, &account).await, b);
    assert_eq!(
        get_contact(&maker, &contact).await,
        contact_before,
        "not a change of the contact"
    );
    let failed = patch_doc(&verifier(&maker), BANKS, &account, status("failed")).await;
    assert_eq!(failed.status, 200, "{}", failed.text);
    assert_eq!(failed.json["verification_status"], "failed");
}

#[tokio::test]
async fn recording_an_outcome_needs_the_banks_verify_scope() {
    let (maker, _contact, account) = arrange().await;
    let approver = user_of(&maker, "checker-without-verify", APPROVE_SCOPE);

    for outcome in ["verified", "failed"] {
        let refused = patch_doc(&approver, BANKS, &account, status(outcome)).await;
        assert_problem(&refused, 403, "missing_scope");
        assert!(refused.json["detail"]
            .as_str()
            .unwrap_or_default()
            .contains(VERIFY_SCOPE));
    }
    assert_eq!(read_doc(&maker, BANKS, &account).await, account);
}

#[tokio::test]
async fn the_maker_cannot_verify_his_own_account_whatever_the_case_of_his_user_id() {
    let (maker, _contact, account) = arrange().await;

    for spelling in [maker.sub.clone(), format!(" {} ", maker.sub.to_uppercase())] {
        let same = user_of(&maker, &spelling, VERIFY_SCOPE);
        let refused = patch_doc(&same, BANKS, &account, status("verified")).await;
        assert_problem(&refused, 403, "self_verification");
    }
    assert_eq!(read_doc(&maker, BANKS, &account).await, account);
}

#[tokio::test]
async fn whoever_last_changed_the_number_cannot_verify_it_and_the_creator_then_may() {
    let (maker, _contact, account) = arrange().await;
    let changer = user_of(&maker, "changer-1", VERIFY_SCOPE);
    let changed = patch_doc(
        &changer,
        BANKS,
        &account,
        json!({"account_number": "000987654321"}),
    )
    .await;
    assert_eq!(
        changed.json["account_changed_by"], "changer-1",
        "{}",
        changed.text
    );

    let by_changer = patch_doc(&changer, BANKS, &account, status("verified")).await;
    let creator = user_of(&maker, &maker.sub, VERIFY_SCOPE);
    let by_creator = patch_doc(&creator, BANKS, &account, status("verified")).await;

    assert_problem(&by_changer, 403, "self_verification");
    assert_eq!(by_creator.status, 200, "{}", by_creator.text);
    assert_eq!(by_creator.json["verified_by"], maker.sub.as_str());
}

#[tokio::test]
async fn a_new_number_or_ifsc_sends_a_verified_account_back_to_pending() {
    let (maker, _contact, account) = arrange().await;
    let verifier = verifier(&maker);

    for change in [
        json!({"account_number": "000222333444"}),
        json!({"ifsc": "sbin0001234"}),
    ] {
        let verified = patch_doc(&verifier, BANKS, &account, status("verified")).await;
        assert_eq!(
            verified.json["verification_status"], "verified",
            "{}",
            verified.text
        );

        let changed = patch_doc(&maker, BANKS, &account, change.clone()).await;

        assert_eq!(changed.status, 200, "{change}: {}", changed.text);
        let b = &changed.json;
        assert_eq!(b["verification_status"], "pending", "{change}");
        assert_eq!(
            (&b["verified_by"], &b["verified_at"]),
            (&Value::Null, &Value::Null),
            "{change}"
        );
        assert_eq!(b["account_changed_by"], maker.sub.as_str());
    }
    // A failed outcome was about the old account too.
    patch_doc(&verifier, BANKS, &account, status("failed")).await;
    let changed = patch_doc(&maker, BANKS, &account, json!({"account_number": "000555000555"})).await;
    assert_eq!(changed.json["verification_status"], "pending", "{}", changed.text);
}

#[tokio::test]
async fn other_fields_and_the_same_number_sent_back_keep_the_verification() {
    let (maker, _contact, account) = arrange().await;
    let verifier = verifier(&maker);
    let verified = patch_doc(&verifier, BANKS, &account, status("verified")).await;

    let changed = patch_doc(
        &maker,
        BANKS,
        &account,
        json!({"account_number": "000123456789", "ifsc": "HDFC0001234", "tags": ["salary"], "bank_name": "HDFC Bank", "verification_status": "verified"}),
    )
    .await;

    assert_eq!(changed.status, 200, "{}", changed.text);
    for kept in [
        "verification_status",
        "verified_by",
        "verified_at",
        "account_changed_by",
    ] {
        assert_eq!(changed.json[kept], verified.json[kept], "{kept}");
    }
}

#[tokio::test]
async fn an_outcome_cannot_be_recorded_together_with_a_new_number() {
    let (maker, _contact, account) = arrange().await;
    let verifier = verifier(&maker);

    let both = patch_doc(
        &verifier,
        BANKS,
        &account,
        json!({"account_number": "000222333444", "verification_status": "verified"}),
    )
    .await;

    assert_problem(&both, 403, "self_verification");
    assert_eq!(read_doc(&maker, BANKS, &account).await, account);
}

#[tokio::test]
async fn anyone_may_withdraw_an_outcome_back_to_pending() {
    let (maker, _contact, account) = arrange().await;
    patch_doc(&verifier(&maker), BANKS, &account, status("verified")).await;

    let withdrawn = patch_doc(&maker, BANKS, &account, status("pending")).await;

    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);
    assert_eq!(withdrawn.json["verification_status"], "pending");
    assert_eq!(withdrawn.json["verified_by"], Value::Null);
}
