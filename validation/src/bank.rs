//! Bank account inputs (CONTRACT §5): `NewBank` for create, `BankPatch` for partial update.

use serde::Serialize;
use serde_json::Value;

use crate::common::{
    boolean, choice, choice_enum, clearable, defaulted, id, matching, optional, required, tags, unclearable,
};
use crate::fields::{object, refuse_unknown};
use crate::identifiers::check_ifsc;
use crate::report::{code, Report};
use crate::text::{ACCOUNT_NUMBER, BANK_TEXT, CONTACT_NAME};

const FIELDS: &[&str] = &[
    "contact_id",
    "account_number",
    "ifsc",
    "account_holder_name",
    "bank_name",
    "branch",
    "account_type",
    "is_primary",
    "verification_status",
    "tags",
];

choice_enum!(AccountType {
    Savings = "savings",
    Current = "current",
    Overdraft = "overdraft",
    CashCredit = "cash_credit",
    Nre = "nre",
    Nro = "nro",
    Other = "other",
});

/// Read-only fields of a bank account, ignored in bodies so that a client may send back what it read:
/// who entered its number and IFSC, and who recorded the verification outcome (CONTRACT §5).
pub const READ_ONLY: &[&str] = &["account_changed_by", "verified_by", "verified_at"];

choice_enum!(
    /// `verified` and `failed` are a verifier's outcomes; `pending` awaits one (also where a verified
    /// account's number or IFSC changed).
    VerificationStatus {
        Unverified = "unverified",
        Pending = "pending",
        Verified = "verified",
        Failed = "failed",
    }
);

impl VerificationStatus {
    /// Whether this is the outcome of a verification, which only a verifier may record.
    pub fn is_outcome(self) -> bool {
        matches!(self, VerificationStatus::Verified | VerificationStatus::Failed)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NewBank {
    #[schema(schema_with = crate::schema::id)]
    pub contact_id: String,
    #[schema(schema_with = crate::schema::account_number)]
    pub account_number: String,
    /// Upper-cased.
    #[schema(schema_with = crate::schema::ifsc)]
    pub ifsc: String,
    #[schema(schema_with = crate::schema::contact_name_or_null)]
    pub account_holder_name: Option<String>,
    #[schema(schema_with = crate::schema::bank_text_or_null)]
    pub bank_name: Option<String>,
    #[schema(schema_with = crate::schema::bank_text_or_null)]
    pub branch: Option<String>,
    pub account_type: Option<AccountType>,
    /// When set, the worker clears it on the contact's other accounts in the same write.
    #[schema(required = false)]
    pub is_primary: bool,
    #[schema(required = false)]
    pub verification_status: VerificationStatus,
    #[schema(schema_with = crate::schema::tags, required = false)]
    pub tags: Vec<String>,
}

/// `None` leaves a field alone, `Some(None)` clears it. Serialized, it is a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BankPatch {
    /// Kept for the worker to compare with the stored one (`immutable` when it differs).
    #[schema(schema_with = crate::schema::id)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    #[schema(schema_with = crate::schema::account_number)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    #[schema(schema_with = crate::schema::ifsc)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ifsc: Option<String>,
    #[schema(schema_with = crate::schema::contact_name_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_holder_name: Option<Option<String>>,
    #[schema(schema_with = crate::schema::bank_text_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<Option<String>>,
    #[schema(schema_with = crate::schema::bank_text_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<Option<String>>,
    #[schema(value_type = Option<AccountType>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<Option<AccountType>>,
    #[schema(value_type = bool)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_primary: Option<bool>,
    #[schema(value_type = VerificationStatus)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_status: Option<VerificationStatus>,
    #[schema(schema_with = crate::schema::tags)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl NewBank {
    pub fn check(body: &Value) -> Result<NewBank, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, READ_ONLY, "", r);
        let contact_id = required(map, "contact_id", r, id);
        let account_number = required(map, "account_number", r, matching(&ACCOUNT_NUMBER));
        let ifsc = required(map, "ifsc", r, ifsc);
        let account_holder_name = optional(map, "account_holder_name", r, matching(&CONTACT_NAME));
        let bank_name = optional(map, "bank_name", r, matching(&BANK_TEXT));
        let branch = optional(map, "branch", r, matching(&BANK_TEXT));
        let account_type = optional(map, "account_type", r, choice::<AccountType>);
        let is_primary = defaulted(map, "is_primary", r, boolean).unwrap_or(false);
        let verification_status = defaulted(map, "verification_status", r, choice::<VerificationStatus>)
            .unwrap_or(VerificationStatus::Unverified);
        let tags = defaulted(map, "tags", r, tags).unwrap_or_default();
        let (Some(contact_id), Some(account_number), Some(ifsc)) = (contact_id, account_number, ifsc) else {
            return Err(report);
        };
        report.finish(NewBank {
            contact_id,
            account_number,
            ifsc,
            account_holder_name,
            bank_name,
            branch,
            account_type,
            is_primary,
            verification_status,
            tags,
        })
    }
}

impl BankPatch {
    pub fn check(body: &Value) -> Result<BankPatch, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, READ_ONLY, "", r);
        let patch = BankPatch {
            contact_id: unclearable(map, "contact_id", r, id),
            account_number: unclearable(map, "account_number", r, matching(&ACCOUNT_NUMBER)),
            ifsc: unclearable(map, "ifsc", r, ifsc),
            account_holder_name: clearable(map, "account_holder_name", r, matching(&CONTACT_NAME)),
            bank_name: clearable(map, "bank_name", r, matching(&BANK_TEXT)),
            branch: clearable(map, "branch", r, matching(&BANK_TEXT)),
            account_type: clearable(map, "account_type", r, choice::<AccountType>),
            is_primary: defaulted(map, "is_primary", r, boolean),
            verification_status: defaulted(map, "verification_status", r, choice::<VerificationStatus>),
            tags: defaulted(map, "tags", r, tags),
        };
        report.finish(patch)
    }

    pub fn is_empty(&self) -> bool {
        *self == BankPatch::default()
    }
}

/// An IFSC, upper-cased first (`sbin0001234` is `SBIN0001234`).
fn ifsc(value: &Value, field: &str, report: &mut Report) -> Option<String> {
    let Some(s) = value.as_str() else {
        report.add(field, code::TYPE, "must be a string");
        return None;
    };
    check_ifsc(s)
        .map_err(|faults| {
            for fault in faults {
                report.add(field, fault.code, fault.message);
            }
        })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CONTACT: &str = "01JQ8Z6V3K9N2M4P5R7S8T0W1X";

    #[test]
    fn a_minimal_account_gets_the_defaults_and_an_upper_cased_ifsc() {
        let b = NewBank::check(&json!({
            "contact_id": CONTACT,
            "account_number": "000123456789",
            "ifsc": "hdfc0000240",
        }))
        .unwrap();
        assert_eq!(b.ifsc, "HDFC0000240");
        assert!(!b.is_primary);
        assert_eq!(b.verification_status, VerificationStatus::Unverified);
        assert_eq!(b.account_type, None);
    }

    #[test]
    fn a_complete_account_is_accepted() {
        let b = NewBank::check(&json!({
            "contact_id": CONTACT,
            "account_number": "30012345678",
            "ifsc": "SBIN0001234",
            "account_holder_name": "Sharma Traders Pvt. Ltd.",
            "bank_name": "State Bank of India",
            "branch": "Shivaji Nagar, Pune",
            "account_type": "cash_credit",
            "is_primary": true,
            "verification_status": "verified",
            "tags": ["collections"],
        }))
        .unwrap();
        assert_eq!(b.account_type, Some(AccountType::CashCredit));
        assert_eq!(serde_json::to_value(&b).unwrap()["account_type"], "cash_credit");
    }

    #[test]
    fn pending_is_a_status_and_the_verification_fields_read_back_are_ignored() {
        let read_back = json!({
            "contact_id": CONTACT,
            "account_number": "000123456789",
            "ifsc": "HDFC0000240",
            "verification_status": "pending",
            "account_changed_by": "maker-1",
            "verified_by": null,
            "verified_at": null,
        });
        let b = NewBank::check(&read_back).unwrap();
        assert_eq!(b.verification_status, VerificationStatus::Pending);
        let patch = BankPatch::check(&read_back).unwrap();
        assert_eq!(patch.verification_status, Some(VerificationStatus::Pending));
        assert!(!serde_json::to_value(&patch)
            .unwrap()
            .as_object()
            .unwrap()
            .contains_key("verified_by"));
        assert!(VerificationStatus::Verified.is_outcome() && VerificationStatus::Failed.is_outcome());
        assert!(!VerificationStatus::Pending.is_outcome() && !VerificationStatus::Unverified.is_outcome());
    }

    #[test]
    fn every_bad_field_of_a_new_account_is_reported_at_once() {
        let r = NewBank::check(&json!({
            "account_number": "12345678",
            "ifsc": "SBIN1001234",
            "account_holder_name": "Rajesh_Kumar",
            "bank_name": "S",
            "branch": "Pune; Camp",
            "account_type": "fixed_deposit",
            "is_primary": "yes",
            "verification_status": null,
            "tags": "primary",
            "upi_id": "rajesh@okhdfc",
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("contact_id"), ["required"]);
        assert_eq!(r.codes_for("account_number"), ["length"]);
        assert_eq!(r.codes_for("ifsc"), ["pattern"]);
        assert_eq!(r.codes_for("account_holder_name"), ["pattern"]);
        assert_eq!(r.codes_for("bank_name"), ["length"]);
        assert_eq!(r.codes_for("branch"), ["pattern"]);
        assert_eq!(r.codes_for("account_type"), ["enum"]);
        assert_eq!(r.codes_for("is_primary"), ["type"]);
        assert_eq!(r.codes_for("verification_status"), ["type"]);
        assert_eq!(r.codes_for("tags"), ["type"]);
        assert_eq!(r.codes_for("upi_id"), ["unknown_field"]);
        assert_eq!(r.errors.len(), 11);
    }

    #[test]
    fn an_ifsc_of_the_wrong_length_or_type_is_refused() {
        let mut body = json!({"contact_id": CONTACT, "account_number": "12345678901", "ifsc": "SBIN000123"});
        assert_eq!(NewBank::check(&body).unwrap_err().codes_for("ifsc"), ["length"]);
        body["ifsc"] = json!(1234);
        assert_eq!(NewBank::check(&body).unwrap_err().codes_for("ifsc"), ["type"]);
        body["account_number"] = json!("1234 5678 901");
        assert_eq!(
            NewBank::check(&body).unwrap_err().codes_for("account_number"),
            ["pattern"]
        );
    }

    #[test]
    fn a_patch_upper_cases_the_ifsc_and_clears_optional_fields() {
        let p = BankPatch::check(&json!({"ifsc": "icic0000104", "account_type": null, "is_primary": true}))
            .unwrap();
        assert_eq!(p.ifsc.as_deref(), Some("ICIC0000104"));
        assert_eq!(p.account_type, Some(None));
        assert_eq!(p.is_primary, Some(true));
        assert!(BankPatch::check(&json!({})).unwrap().is_empty());
    }

    #[test]
    fn every_bad_field_of_a_bank_patch_is_reported_at_once() {
        let r = BankPatch::check(&json!({
            "contact_id": "short",
            "account_number": null,
            "ifsc": null,
            "is_primary": null,
            "verification_status": "in_review",
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("contact_id"), ["pattern"]);
        assert_eq!(r.codes_for("account_number"), ["required"]);
        assert_eq!(r.codes_for("ifsc"), ["required"]);
        assert_eq!(r.codes_for("is_primary"), ["type"]);
        assert_eq!(r.codes_for("verification_status"), ["enum"]);
        assert_eq!(r.errors.len(), 5);
    }
}
