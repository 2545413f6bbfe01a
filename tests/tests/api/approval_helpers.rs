//! Arrange steps for the maker-checker tests: a contact with a PAN, a bank account and an address (what
//! material changes touch), the users of a tenant (checker, verifier), and reading what a write did to
//! the approval (the `Contact-Approval` header, the newest history entry).

use crate::contact_helpers::{
    act_ok, contact_body, create_contact_with, get_contact, history, results, text_prop, user_of, with,
    APPROVE_SCOPE,
};
use crate::sub_helpers::{address_body, bank_body, create_doc, ADDRESSES, BANKS};
use crego_api_tests::client::random_hex12;
use crego_api_tests::{ApiResponse, TestTenant};
use serde_json::{json, Value};

/// The scope recording a bank account's verification outcome needs.
pub const VERIFY_SCOPE: &str = "banks:verify";

/// A contact of the maker with what material changes touch: a PAN prop, one bank account, one address.
pub struct Subject {
    pub contact: Value,
    pub bank: Value,
    pub address: Value,
}

/// Creates a `Subject` named `name` in the namespace "Retail" (which must exist), as `maker`.
pub async fn subject(maker: &TestTenant, name: &str) -> Subject {
    let body = with(
        contact_body("Retail", name),
        json!({"props": [text_prop("pan_no", "ABCPE1234F"), text_prop("income", "85000")]}),
    );
    let contact = create_contact_with(maker, body).await;
    let bank = create_doc(maker, BANKS, bank_body(&contact, "000123456789")).await;
    let address = create_doc(maker, ADDRESSES, address_body(&contact)).await;
    // Both were material changes of the contact: it is at version 3 now.
    let contact = get_contact(maker, &contact).await;
    Subject {
        contact,
        bank,
        address,
    }
}

/// A `Subject` approved by `checker`: returns it with the contact as approved.
pub async fn approved_subject(maker: &TestTenant, checker: &TestTenant, name: &str) -> Subject {
    let mut s = subject(maker, name).await;
    s.contact = act_ok(checker, &s.contact, "approve").await;
    s
}

/// A user of the maker's tenant who may approve and reject.
pub fn checker(maker: &TestTenant) -> TestTenant {
    user_of(maker, &format!("checker-{}", random_hex12()), APPROVE_SCOPE)
}

/// A user of the maker's tenant who may record bank verification outcomes.
pub fn verifier(maker: &TestTenant) -> TestTenant {
    user_of(maker, &format!("verifier-{}", random_hex12()), VERIFY_SCOPE)
}

/// The `Contact-Approval` header of a write's answer (`reset`, `kept`), or `None`.
pub fn approval_header(response: &ApiResponse) -> Option<String> {
    let value = response.header("contact-approval");
    (!value.is_empty()).then_some(value)
}

/// The newest entry of a contact's history.
pub async fn newest_entry(tenant: &TestTenant, contact: &Value) -> Value {
    let page = history(tenant, contact).await;
    results(&page)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no history in {page}"))
}
