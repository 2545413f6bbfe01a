//! The request bodies the package checks, by name: each runs the crate's own check, so a form and the
//! API decide alike, and answers the checked body as the API reads it (defaults filled, IFSC upper-cased,
//! `rm_id: ""` as `null`). Drafts are an address or bank account checked before its contact exists.

use crego_validation::{
    AddressPatch, BankPatch, ContactPatch, NamespacePatch, NewAddress, NewBank, NewContact, NewNamespace,
    NewRelation, PropsUpsert, RelationPatch, Report,
};
use serde::Serialize;
use serde_json::Value;

/// A body kind, as JavaScript names it (`"contact"`, `"bank_draft"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Namespace,
    NamespacePatch,
    Contact,
    ContactPatch,
    Props,
    Address,
    AddressPatch,
    AddressDraft,
    Bank,
    BankPatch,
    BankDraft,
    Relation,
    RelationPatch,
}

/// The owner a draft stands in with while it is checked: a well-formed id, removed from the answer.
const DRAFT_OWNER: &str = "draft-contact";

impl Body {
    pub fn from_name(name: &str) -> Option<Body> {
        Some(match name {
            "namespace" => Body::Namespace,
            "namespace_patch" => Body::NamespacePatch,
            "contact" => Body::Contact,
            "contact_patch" => Body::ContactPatch,
            "props" => Body::Props,
            "address" => Body::Address,
            "address_patch" => Body::AddressPatch,
            "address_draft" => Body::AddressDraft,
            "bank" => Body::Bank,
            "bank_patch" => Body::BankPatch,
            "bank_draft" => Body::BankDraft,
            "relation" => Body::Relation,
            "relation_patch" => Body::RelationPatch,
            _ => return None,
        })
    }

    /// Whether the body holds a contact's props (where identifier props may be checked).
    pub fn has_props(self) -> bool {
        matches!(self, Body::Contact | Body::ContactPatch | Body::Props)
    }

    /// The fields people type free text into, whose surrounding whitespace the answer drops (props'
    /// keys and values too, see `standard.rs`).
    pub fn text_fields(self) -> &'static [&'static str] {
        match self {
            Body::Namespace | Body::NamespacePatch | Body::Contact | Body::ContactPatch => &["name"],
            Body::Address | Body::AddressPatch | Body::AddressDraft => {
                &["address_line", "city", "state", "country"]
            }
            Body::Bank | Body::BankPatch | Body::BankDraft => &["account_holder_name", "bank_name", "branch"],
            Body::Props | Body::Relation | Body::RelationPatch => &[],
        }
    }

    /// Every fault of `body`, exactly as the API reports them (the checked body is not serialized).
    pub fn verdict(self, body: &Value) -> Result<(), Report> {
        self.run(body, false).map(drop)
    }

    /// The checked body, or every fault of it. A draft without an owner (absent or `null`) is checked
    /// with a stand-in owner, which the answer leaves out.
    pub fn check(self, body: &Value) -> Result<Value, Report> {
        self.run(body, true).map(Option::unwrap_or_default)
    }

    /// The check, and the checked body as JSON when `serialize` (else `None`).
    fn run(self, body: &Value, serialize: bool) -> Result<Option<Value>, Report> {
        let owner_missing = || body.get("contact_id").is_none_or(Value::is_null);
        let stand_in = match (self, body) {
            (Body::AddressDraft | Body::BankDraft, Value::Object(map)) if owner_missing() => {
                let mut with_owner = map.clone();
                with_owner.insert("contact_id".into(), Value::from(DRAFT_OWNER));
                Some(Value::Object(with_owner))
            }
            _ => None,
        };
        let input = stand_in.as_ref().unwrap_or(body);
        let json = |checked| json(checked, serialize);
        let checked = match self {
            Body::Namespace => json(NewNamespace::check(input).map(Checked::Namespace)),
            Body::NamespacePatch => json(NamespacePatch::check(input).map(Checked::NamespacePatch)),
            Body::Contact => json(NewContact::check(input).map(Checked::Contact)),
            Body::ContactPatch => json(ContactPatch::check(input).map(Checked::ContactPatch)),
            Body::Props => json(PropsUpsert::check(input).map(Checked::Props)),
            Body::Address | Body::AddressDraft => json(NewAddress::check(input).map(Checked::Address)),
            Body::AddressPatch => json(AddressPatch::check(input).map(Checked::AddressPatch)),
            Body::Bank | Body::BankDraft => json(NewBank::check(input).map(Checked::Bank)),
            Body::BankPatch => json(BankPatch::check(input).map(Checked::BankPatch)),
            Body::Relation => json(NewRelation::check(input).map(Checked::Relation)),
            Body::RelationPatch => json(RelationPatch::check(input).map(Checked::RelationPatch)),
        }?;
        Ok(checked.map(|checked| match (&stand_in, checked) {
            (Some(_), Value::Object(map)) => {
                // Rebuilt by insertion rather than `remove`d: removal links the B-tree's rebalancing
                // (3 KB of the .wasm), insertion is linked anyway.
                let mut without_owner = serde_json::Map::new();
                for (key, value) in map {
                    if key != "contact_id" {
                        without_owner.insert(key, value);
                    }
                }
                Value::Object(without_owner)
            }
            (_, checked) => checked,
        }))
    }
}

/// A checked body of any kind: one type, so that the check of each kind is not followed by a
/// serializer of its own in the `.wasm`.
#[derive(Serialize)]
#[serde(untagged)]
enum Checked {
    Namespace(NewNamespace),
    NamespacePatch(NamespacePatch),
    Contact(NewContact),
    ContactPatch(ContactPatch),
    Props(PropsUpsert),
    Address(NewAddress),
    AddressPatch(AddressPatch),
    Bank(NewBank),
    BankPatch(BankPatch),
    Relation(NewRelation),
    RelationPatch(RelationPatch),
}

fn json(checked: Result<Checked, Report>, serialize: bool) -> Result<Option<Value>, Report> {
    // Serializing a checked type cannot fail: its fields are strings, numbers, booleans and maps.
    checked.map(|value| serialize.then(|| serde_json::to_value(value).unwrap_or(Value::Null)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const OWNER: &str = "01JQ8Z6V3K9N2M4P5R7S8T0W1X";

    #[test]
    fn every_body_name_is_read_back_and_unknown_names_are_none() {
        for name in [
            "namespace",
            "namespace_patch",
            "contact",
            "contact_patch",
            "props",
            "address",
            "address_patch",
            "address_draft",
            "bank",
            "bank_patch",
            "bank_draft",
            "relation",
            "relation_patch",
        ] {
            assert!(Body::from_name(name).is_some(), "{name}");
        }
        assert_eq!(Body::from_name("Contact"), None);
        assert_eq!(Body::from_name("dedupe"), None);
    }

    #[test]
    fn the_checked_body_is_what_the_api_reads_with_defaults_filled() {
        let bank = Body::Bank
            .check(&json!({"contact_id": OWNER, "account_number": "000123456789", "ifsc": "hdfc0000240"}))
            .unwrap();
        assert_eq!(
            bank,
            json!({
                "contact_id": OWNER, "account_number": "000123456789", "ifsc": "HDFC0000240",
                "account_holder_name": null, "bank_name": null, "branch": null, "account_type": null,
                "is_primary": false, "verification_status": "unverified", "tags": [],
            })
        );
        let namespace = Body::Namespace.check(&json!({"name": "Retail"})).unwrap();
        assert_eq!(
            namespace,
            json!({"name": "Retail", "contact_pattern": null, "account_pattern": null,
                   "contact_counter": 1, "account_counter": 1})
        );
        let patch = Body::NamespacePatch
            .check(&json!({"contact_pattern": null}))
            .unwrap();
        assert_eq!(
            patch,
            json!({"contact_pattern": null}),
            "a patch names only what it changes"
        );
    }

    #[test]
    fn a_draft_is_checked_without_its_owner_and_answers_without_one() {
        let draft = json!({"account_number": "000123456789", "ifsc": "sbin0001234"});
        let checked = Body::BankDraft.check(&draft).unwrap();
        assert_eq!(checked.get("contact_id"), None);
        assert_eq!(checked["ifsc"], "SBIN0001234");
        let report = Body::Bank.check(&draft).unwrap_err();
        assert_eq!(report.codes_for("contact_id"), ["required"]);
        let address = Body::AddressDraft
            .check(&json!({"contact_id": null, "pincode": "411001"}))
            .unwrap();
        assert_eq!(address.get("contact_id"), None, "null is no owner yet");
    }

    #[test]
    fn a_draft_that_names_its_owner_has_it_checked_and_kept() {
        let checked = Body::AddressDraft
            .check(&json!({"contact_id": OWNER, "city": "Pune"}))
            .unwrap();
        assert_eq!(checked["contact_id"], OWNER);
        let report = Body::BankDraft
            .check(&json!({"contact_id": "x", "account_number": "1", "ifsc": "SBIN0001234"}))
            .unwrap_err();
        assert_eq!(report.codes_for("contact_id"), ["pattern"]);
        assert_eq!(report.codes_for("account_number"), ["length"]);
    }

    #[test]
    fn a_draft_that_is_not_an_object_is_one_body_fault() {
        for body in [json!([1]), Value::Null, json!("draft")] {
            let report = Body::BankDraft.check(&body).unwrap_err();
            assert_eq!(report.codes_for("body"), ["type"], "{body}");
            assert_eq!(report.errors.len(), 1, "{body}");
        }
    }
}
