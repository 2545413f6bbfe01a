//! A rejected contact is corrected and resubmitted (CONTRACT §9, "Maker-checker"): writes to it keep it
//! `rejected` (its maker may correct it in several steps), and `PUT .../submit/` sends it back to
//! `pending` for a checker who made none of the corrections.

use crate::approval_helpers::{checker, subject};
use crate::contact_helpers::{act, act_ok, act_with, contact_path, get_contact, history, results};
use crate::helpers::{assert_problem, create_namespace};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

#[tokio::test]
async fn a_rejected_contact_corrected_and_submitted_goes_back_to_pending() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let checker = checker(&maker);
    let s = subject(&maker, "Asha Rao").await;
    let reason = json!({"remarks": "The name does not match the PAN"});
    let rejected = act_with(&checker, &s.contact, "reject", reason).await;
    assert_eq!(rejected.status, 200, "{}", rejected.text);

    let corrected = maker
        .patch(
            &contact_path(&s.contact),
            Some(json!({"name": "Asha Kumari Rao"})),
        )
        .await;
    let submitted = act_with(
        &maker,
        &s.contact,
        "submit",
        json!({"remarks": "Name as on the PAN"}),
    )
    .await;

    assert_eq!(corrected.status, 200, "{}", corrected.text);
    assert_eq!(
        corrected.json["approval_status"], "rejected",
        "a correction alone is not a resubmission"
    );
    assert_eq!(
        corrected.json["rejection_reason"],
        "The name does not match the PAN"
    );
    assert_eq!(submitted.status, 200, "{}", submitted.text);
    let c = &submitted.json;
    assert_eq!(
        (&c["approval_status"], &c["status"]),
        (&json!("pending"), &json!("inactive"))
    );
    for cleared in [
        "rejected_by",
        "rejected_at",
        "rejected_version",
        "rejection_reason",
    ] {
        assert_eq!(c[cleared], Value::Null, "{cleared} in {c}");
    }
    let entries = results(&history(&maker, &s.contact).await);
    assert_eq!(
        (&entries[0]["action"], &entries[0]["remarks"]),
        (&json!("submit"), &json!("Name as on the PAN"))
    );
    assert_eq!(
        entries[0]["before"]["rejection_reason"],
        "The name does not match the PAN"
    );
    assert_eq!(entries[2]["action"], "reject");
    // The checker who rejected it made no correction: he may approve it now.
    let approved = act(&checker, &s.contact, "approve").await;
    assert_eq!(approved.status, 200, "{}", approved.text);
    assert_eq!(approved.json["status"], "active");
}

#[tokio::test]
async fn whoever_corrected_a_rejected_contact_cannot_approve_the_resubmission() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let (rejecter, corrector) = (checker(&maker), checker(&maker));
    let s = subject(&maker, "Asha Rao").await;
    act_ok(&rejecter, &s.contact, "reject").await;
    let fix = corrector
        .patch(&contact_path(&s.contact), Some(json!({"type": "corporate"})))
        .await;
    assert_eq!(fix.status, 200, "{}", fix.text);

    let submitted = act_ok(&corrector, &s.contact, "submit").await;
    let by_corrector = act(&corrector, &s.contact, "approve").await;

    assert_eq!(submitted["approval_status"], "pending");
    assert_problem(&by_corrector, 403, "self_approval");
    assert_eq!(get_contact(&maker, &s.contact).await, submitted);
    assert_eq!(act(&rejecter, &s.contact, "approve").await.status, 200);
}

#[tokio::test]
async fn submit_needs_no_scope_and_a_rejected_contact_cannot_be_activated_before_it() {
    let maker = TestTenant::new();
    create_namespace(&maker, "Retail").await;
    let s = subject(&maker, "Asha Rao").await;
    act_ok(&checker(&maker), &s.contact, "reject").await;

    let activate = act(&maker, &s.contact, "active").await;
    let submit = act(&maker, &s.contact, "submit").await;
    let activate_after = act(&maker, &s.contact, "active").await;

    assert_problem(&activate, 409, "invalid_transition");
    assert_eq!(submit.status, 200, "{}", submit.text);
    assert_eq!(activate_after.status, 200, "{}", activate_after.text);
    assert_eq!(
        (
            &activate_after.json["approval_status"],
            &activate_after.json["status"]
        ),
        (&json!("pending"), &json!("active"))
    );
}
