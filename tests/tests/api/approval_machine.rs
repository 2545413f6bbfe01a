//! The approval state machine through the API (CONTRACT §9, "The state machine"): every reachable state
//! against every action and every kind of write, each on a contact of its own, checked against the
//! table as the contract writes it. Actions are a checker's; writes are the maker's (a bank account's
//! verification, a verifier's).

use crate::approval_helpers::{approval_header, checker, newest_entry, subject, verifier, Subject};
use crate::contact_helpers::{act, act_ok, actions_of, contact_path, get_contact, history, text_prop};
use crate::helpers::{assert_problem, create_namespace};
use crate::sub_helpers::{
    address_body, bank_body, item, patch_doc, props_path, put_props, relation_body, ADDRESSES, BANKS,
    RELATIONS,
};
use crego_api_tests::{ApiResponse, TestTenant};
use serde_json::{json, Value};

/// The reachable states: (approval_status, status). (`active` + `rejected` is not reachable: a
/// rejection deactivates, and a rejected contact cannot be activated.)
#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    PendingActive,
    PendingInactive,
    ApprovedActive,
    ApprovedInactive,
    RejectedInactive,
}

/// A column of the table: an action, or a class of writes (each kind of it runs).
#[derive(Debug, Clone, Copy)]
enum Step {
    Action(&'static str),
    Material,
    NotMaterial,
}

/// What a step does: 200 (or 201, 204) and the new (approval_status, status) with the approval effect
/// its answer and its history entry name; 200 with nothing written; or 409 `invalid_transition`.
#[derive(Debug, Clone, Copy)]
enum Expect {
    To(&'static str, &'static str, Option<&'static str>),
    NoOp,
    Refused,
}

use Expect::{NoOp, Refused, To};
use State::*;
use Step::{Action, Material, NotMaterial};

const RESET: Option<&str> = Some("reset");
const KEPT: Option<&str> = Some("kept");

/// CONTRACT §9's table, row by row.
#[rustfmt::skip]
const TABLE: [(State, Step, Expect); 35] = [
    (PendingActive, Action("approve"), To("approved", "active", None)),
    (PendingActive, Action("reject"), To("rejected", "inactive", None)),
    (PendingActive, Action("submit"), NoOp),
    (PendingActive, Action("active"), NoOp),
    (PendingActive, Action("inactive"), To("pending", "inactive", None)),
    (PendingActive, Material, To("pending", "active", None)),
    (PendingActive, NotMaterial, To("pending", "active", None)),
    (PendingInactive, Action("approve"), To("approved", "active", None)),
    (PendingInactive, Action("reject"), To("rejected", "inactive", None)),
    (PendingInactive, Action("submit"), NoOp),
    (PendingInactive, Action("active"), To("pending", "active", None)),
    (PendingInactive, Action("inactive"), NoOp),
    (PendingInactive, Material, To("pending", "inactive", None)),
    (PendingInactive, NotMaterial, To("pending", "inactive", None)),
    (ApprovedActive, Action("approve"), NoOp),
    (ApprovedActive, Action("reject"), Refused),
    (ApprovedActive, Action("submit"), Refused),
    (ApprovedActive, Action("active"), NoOp),
    (ApprovedActive, Action("inactive"), To("approved", "inactive", KEPT)),
    (ApprovedActive, Material, To("pending", "active", RESET)),
    (ApprovedActive, NotMaterial, To("approved", "active", KEPT)),
    (ApprovedInactive, Action("approve"), NoOp),
    (ApprovedInactive, Action("reject"), Refused),
    (ApprovedInactive, Action("submit"), Refused),
    (ApprovedInactive, Action("active"), To("approved", "active", KEPT)),
    (ApprovedInactive, Action("inactive"), NoOp),
    (ApprovedInactive, Material, To("pending", "inactive", RESET)),
    (ApprovedInactive, NotMaterial, To("approved", "inactive", KEPT)),
    (RejectedInactive, Action("approve"), Refused),
    (RejectedInactive, Action("reject"), NoOp),
    (RejectedInactive, Action("submit"), To("pending", "inactive", None)),
    (RejectedInactive, Action("active"), Refused),
    (RejectedInactive, Action("inactive"), NoOp),
    (RejectedInactive, Material, To("rejected", "inactive", None)),
    (RejectedInactive, NotMaterial, To("rejected", "inactive", None)),
];

/// Every kind of write, by class (CONTRACT §9, "Maker-checker": what is material).
#[derive(Debug, Clone, Copy)]
enum Write {
    Rename,
    Retype,
    NewRefId,
    PanChanged,
    PanRemoved,
    MobileAddedUnderAnAlias,
    BankAdded,
    BankNumberChanged,
    BankHolderChanged,
    BankDeleted,
    AddressAdded,
    AddressCityChanged,
    AddressDeleted,
    Tags,
    Refs,
    RmId,
    OtherProp,
    BankTags,
    BankVerified,
    AddressTags,
    RelationAdded,
}

use Write::*;

const MATERIAL: [Write; 13] = [
    Rename,
    Retype,
    NewRefId,
    PanChanged,
    PanRemoved,
    MobileAddedUnderAnAlias,
    BankAdded,
    BankNumberChanged,
    BankHolderChanged,
    BankDeleted,
    AddressAdded,
    AddressCityChanged,
    AddressDeleted,
];
const NOT_MATERIAL: [Write; 8] = [
    Tags,
    Refs,
    RmId,
    OtherProp,
    BankTags,
    BankVerified,
    AddressTags,
    RelationAdded,
];

/// The users of one run: the maker (who creates and writes), a checker, a verifier, and a contact for
/// relations to point at.
struct Users {
    maker: TestTenant,
    checker: TestTenant,
    verifier: TestTenant,
    partner: Value,
}

impl Users {
    async fn new() -> Users {
        let maker = TestTenant::new();
        create_namespace(&maker, "Retail").await;
        let partner = crate::contact_helpers::create_contact(&maker, "Retail", "Partner Rao").await;
        Users {
            checker: checker(&maker),
            verifier: verifier(&maker),
            maker,
            partner,
        }
    }

    /// A new subject of the maker, brought into `state`.
    async fn subject_in(&self, state: State, name: &str) -> Subject {
        let mut s = subject(&self.maker, name).await;
        let steps: &[(&TestTenant, &str)] = match state {
            PendingActive => &[],
            PendingInactive => &[(&self.maker, "inactive")],
            ApprovedActive => &[(&self.checker, "approve")],
            ApprovedInactive => &[(&self.checker, "approve"), (&self.maker, "inactive")],
            RejectedInactive => &[(&self.checker, "reject")],
        };
        for (user, action) in steps {
            s.contact = act_ok(user, &s.contact, action).await;
        }
        s
    }

    /// Makes one write of kind `write` to `s`.
    async fn write(&self, write: Write, s: &Subject, i: usize) -> ApiResponse {
        let maker = &self.maker;
        let contact = contact_path(&s.contact);
        let patch = |body: Value| maker.patch(&contact, Some(body));
        match write {
            Rename => patch(json!({"name": format!("Renamed {i}")})).await,
            Retype => patch(json!({"type": "corporate"})).await,
            NewRefId => patch(json!({"ref_id": format!("R-{i}")})).await,
            PanChanged => put_props(maker, &s.contact, json!([text_prop("pan_no", "ABCPE9999F")])).await,
            PanRemoved => {
                maker
                    .delete(&format!("{}?keys=pan_no", props_path(&s.contact)))
                    .await
            }
            MobileAddedUnderAnAlias => {
                put_props(maker, &s.contact, json!([text_prop("Mobile_No", "9876543210")])).await
            }
            BankAdded => {
                maker
                    .post(BANKS, Some(bank_body(&s.contact, "000999888777")))
                    .await
            }
            BankNumberChanged => {
                patch_doc(maker, BANKS, &s.bank, json!({"account_number": "111222333444"})).await
            }
            BankHolderChanged => {
                patch_doc(
                    maker,
                    BANKS,
                    &s.bank,
                    json!({"account_holder_name": "Someone Else"}),
                )
                .await
            }
            BankDeleted => maker.delete(&item(BANKS, &s.bank)).await,
            AddressAdded => maker.post(ADDRESSES, Some(address_body(&s.contact))).await,
            AddressCityChanged => patch_doc(maker, ADDRESSES, &s.address, json!({"city": "Pune"})).await,
            AddressDeleted => maker.delete(&item(ADDRESSES, &s.address)).await,
            Tags => patch(json!({"tags": ["vip"]})).await,
            Refs => patch(json!({"refs": {"crm": "X-1"}})).await,
            RmId => patch(json!({"rm_id": "RM_7"})).await,
            OtherProp => {
                let income = json!([{"key": "income", "value": "99000", "type": "number"}]);
                put_props(maker, &s.contact, income).await
            }
            BankTags => patch_doc(maker, BANKS, &s.bank, json!({"tags": ["salary"]})).await,
            BankVerified => {
                let verified = json!({"verification_status": "verified"});
                patch_doc(&self.verifier, BANKS, &s.bank, verified).await
            }
            AddressTags => patch_doc(maker, ADDRESSES, &s.address, json!({"tags": ["home"]})).await,
            RelationAdded => {
                let body = relation_body(&s.contact, "guarantor", Some(&self.partner));
                maker.post(RELATIONS, Some(body)).await
            }
        }
    }
}

/// Asserts what one step did to `before` against the table's `expect`.
async fn assert_step(users: &Users, case: &str, before: &Value, response: &ApiResponse, expect: Expect) {
    let maker = &users.maker;
    let after = get_contact(maker, before).await;
    match expect {
        To(approval_status, status, effect) => {
            assert!(
                (200..300).contains(&response.status),
                "{case}: {} {}",
                response.status,
                response.text
            );
            assert_eq!(
                (after["approval_status"].as_str(), after["status"].as_str()),
                (Some(approval_status), Some(status)),
                "{case}: {after}"
            );
            assert_eq!(approval_header(response).as_deref(), effect, "{case}: the header");
            let entry = newest_entry(maker, before).await;
            assert_eq!(
                entry["approval"],
                json!(effect),
                "{case}: the history says so: {entry}"
            );
        }
        NoOp => {
            assert_eq!(response.status, 200, "{case}: {}", response.text);
            assert_eq!(&after, before, "{case}: nothing stored");
            assert_eq!(approval_header(response), None, "{case}: nothing happened");
        }
        Refused => {
            assert_problem(response, 409, "invalid_transition");
            assert_eq!(&after, before, "{case}: nothing stored");
        }
    }
}

#[tokio::test]
async fn every_state_and_action_pair_follows_the_table() {
    let users = Users::new().await;
    for (i, (state, step, expect)) in TABLE.into_iter().enumerate() {
        let Action(action) = step else { continue };
        let case = format!("{state:?} + {action}");
        let s = users.subject_in(state, &format!("Action Case {i}")).await;
        let entries_before = actions_of(&history(&users.maker, &s.contact).await).len();

        let response = act(&users.checker, &s.contact, action).await;

        assert_step(&users, &case, &s.contact, &response, expect).await;
        let entries_after = actions_of(&history(&users.maker, &s.contact).await).len();
        let written = usize::from(matches!(expect, To(..)));
        assert_eq!(entries_after, entries_before + written, "{case}: history entries");
        if let To(..) = expect {
            assert_eq!(
                response.json["version"],
                s.contact["version"].as_i64().unwrap_or(0) + 1,
                "{case}"
            );
            assert_eq!(response.json["updated_by"], users.checker.sub.as_str(), "{case}");
        }
    }
}

#[tokio::test]
async fn every_state_and_write_pair_follows_the_table() {
    let users = Users::new().await;
    let mut ran = 0;
    for (state, step, expect) in TABLE {
        let writes: &[Write] = match step {
            Action(_) => continue,
            Material => &MATERIAL,
            NotMaterial => &NOT_MATERIAL,
        };
        for write in writes {
            let case = format!("{state:?} + {write:?}");
            let s = users.subject_in(state, &format!("Write Case {ran}")).await;
            let entries_before = actions_of(&history(&users.maker, &s.contact).await).len();

            let response = users.write(*write, &s, ran).await;

            assert_step(&users, &case, &s.contact, &response, expect).await;
            let entries_after = actions_of(&history(&users.maker, &s.contact).await).len();
            assert_eq!(entries_after, entries_before + 1, "{case}: one history entry");
            let after = get_contact(&users.maker, &s.contact).await;
            if matches!(step, Material) {
                let maker_key = json!(users.maker.sub.to_lowercase());
                let makers = after["makers"].as_array().cloned().unwrap_or_default();
                assert!(
                    makers.contains(&maker_key),
                    "{case}: the maker is recorded: {after}"
                );
                let (old, new) = (s.contact["version"].as_i64(), after["version"].as_i64());
                assert!(new > old, "{case}: a new version of the contact");
            } else {
                assert_eq!(after["makers"], s.contact["makers"], "{case}: no maker recorded");
            }
            ran += 1;
        }
    }
    assert_eq!(ran, 5 * (MATERIAL.len() + NOT_MATERIAL.len()));
}
