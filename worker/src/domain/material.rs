//! Which writes are material (CONTRACT §9, "Maker-checker"): a material change to an approved contact
//! sends it back for approval, and its user becomes one of the contact's makers. The contact write path
//! (`routes::contact_write`) and the sub-resource writes (`routes::sub_resources`) both ask here.

use crego_validation::IdentifierKind;
use serde_json::{Map, Value};

use crate::store::contacts::{Contact, ContactChange, PropRow};

/// An address's fields whose change is material: where the customer lives (KYC's proof of address).
/// Its `coords`, `codes` and `tags` are not.
pub const ADDRESS_FIELDS: &[&str] = &["address_line", "city", "state", "pincode", "country"];

/// A bank account's fields whose change is material: where money goes, in whose name, and which account
/// is the one paid into. Its `bank_name`, `branch` and `tags` (descriptive) and `verification_status`
/// (the verifier's own action, checked on its own) are not.
pub const BANK_FIELDS: &[&str] = &[
    "account_number",
    "ifsc",
    "account_holder_name",
    "account_type",
    "is_primary",
];

/// Whether a prop key names an identifier of any kind the validation crate knows (PAN, Aadhaar, VID,
/// GSTIN, CKYC, CIN, LLPIN, LEI, mobile, e-mail, ...), by its key aliases (`identifier_kinds()`, the one
/// list dedupe reads too), whether or not dedupe compares that kind.
pub fn is_identifier_key(key: &str) -> bool {
    IdentifierKind::from_alias(key).is_some()
}

/// A contact's identifier props, in key order: a change of any of them is material.
fn identifier_props(props: &[PropRow]) -> Vec<&PropRow> {
    let mut out: Vec<&PropRow> = props.iter().filter(|p| is_identifier_key(&p.key)).collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

/// Whether `change` is material to `current`: its name, type or ref id, or an identifier prop, changes
/// (added, changed or removed). The namespace cannot change. Tags, refs, `rm_id`, `branch_id`, other
/// props and `status` are not material.
pub fn contact_change_is_material(current: &Contact, change: &ContactChange) -> bool {
    let name = change.name.as_ref().is_some_and(|n| *n != current.name);
    let kind = change.kind.is_some_and(|k| k != current.kind);
    let ref_id = change.ref_id.as_ref().is_some_and(|r| *r != current.ref_id);
    let props = change
        .props
        .as_ref()
        .is_some_and(|p| identifier_props(p) != identifier_props(&current.props));
    name || kind || ref_id || props
}

/// Whether a JSON merge `patch` of a sub-resource's document `doc` changes one of its material `fields`
/// (a field sent as `null` clears it, which is a change only when it was set).
pub fn patch_is_material(fields: &[&str], doc: &Map<String, Value>, patch: &Map<String, Value>) -> bool {
    fields.iter().any(|field| {
        patch
            .get(*field)
            .is_some_and(|new| doc.get(*field).unwrap_or(&Value::Null) != new)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crego_validation::{ContactType, PropType};
    use serde_json::json;

    fn prop(key: &str, value: &str) -> PropRow {
        PropRow {
            key: key.into(),
            value: value.into(),
            kind: PropType::Text,
            token: None,
        }
    }

    fn contact() -> Contact {
        let doc = json!({
            "id": "01JQ8Z6V3K9N2M4P5R7S8T0W1X", "tenant_id": "t", "namespace": "Retail",
            "namespace_id": "01JQ8Z6V3K9N2M4P5R7S8T0W1Y", "name": "Asha Rao", "type": "individual",
            "status": "active", "ref_id": "CUST-1", "tags": [], "refs": {},
            "props": [{"key": "pan_no", "value": "ABCPE1234F", "type": "text"},
                      {"key": "income", "value": "85000", "type": "number"}],
            "rm_id": null, "branch_id": null, "approval_status": "approved", "approved_by": "checker",
            "approved_at": "2026-01-01T00:00:00.000000Z", "rejected_by": null, "rejected_at": null,
            "rejection_reason": null, "approved_version": 1, "rejected_version": null, "makers": [],
            "version": 2, "created_at": "2026-01-01T00:00:00.000000Z", "created_by": "maker",
            "updated_at": "2026-01-01T00:00:00.000000Z", "updated_by": "checker",
        });
        serde_json::from_value(doc).unwrap_or_else(|e| panic!("{e}"))
    }

    fn material(change: ContactChange) -> bool {
        contact_change_is_material(&contact(), &change)
    }

    #[test]
    fn a_new_name_type_or_ref_id_is_material_and_the_same_value_is_not() {
        let named = |n: &str| ContactChange {
            name: Some(n.into()),
            ..ContactChange::default()
        };
        assert!(material(named("Asha R. Rao")));
        assert!(!material(named("Asha Rao")));
        assert!(material(ContactChange {
            kind: Some(ContactType::Corporate),
            ..ContactChange::default()
        }));
        assert!(material(ContactChange {
            ref_id: Some(None),
            ..ContactChange::default()
        }));
        assert!(!material(ContactChange {
            ref_id: Some(Some("CUST-1".into())),
            ..ContactChange::default()
        }));
    }

    #[test]
    fn tags_refs_status_and_other_props_are_not_material() {
        assert!(!material(ContactChange {
            tags: Some(vec!["vip".into()]),
            refs: Some(Map::new()),
            status: Some(crego_validation::ContactStatus::Inactive),
            rm_id: Some(Some("RM1".into())),
            props: Some(vec![prop("pan_no", "ABCPE1234F"), prop("income", "99000")]),
            ..ContactChange::default()
        }));
    }

    #[test]
    fn adding_changing_or_removing_an_identifier_prop_by_any_alias_is_material() {
        let with_props = |props: Vec<PropRow>| ContactChange {
            props: Some(props),
            ..ContactChange::default()
        };
        let income = prop("income", "85000");
        assert!(material(with_props(vec![income.clone()])), "PAN removed");
        assert!(material(with_props(vec![
            prop("pan_no", "ABCPE1234G"),
            income.clone()
        ])));
        assert!(material(with_props(vec![
            prop("pan_no", "ABCPE1234F"),
            prop("Mobile_No", "9876543210"),
            income.clone(),
        ])));
        // Kinds dedupe does not compare are identifiers all the same.
        for key in ["vid", "ckyc_no", "cin", "llpin", "lei_code", "passport_no"] {
            let added = vec![prop("pan_no", "ABCPE1234F"), prop(key, "X1"), income.clone()];
            assert!(material(with_props(added)), "{key}");
        }
        // The same identifiers in another order are the same.
        assert!(!material(with_props(vec![income, prop("pan_no", "ABCPE1234F")])));
    }

    #[test]
    fn a_patch_is_material_when_it_changes_a_listed_field() {
        let doc = json!({"account_number": "123456789", "ifsc": "SBIN0001234", "tags": []});
        let doc = doc.as_object().cloned().unwrap_or_default();
        let patch = |p: Value| p.as_object().cloned().unwrap_or_default();
        assert!(patch_is_material(
            BANK_FIELDS,
            &doc,
            &patch(json!({"ifsc": "HDFC0001234"}))
        ));
        assert!(!patch_is_material(
            BANK_FIELDS,
            &doc,
            &patch(json!({"ifsc": "SBIN0001234"}))
        ));
        assert!(!patch_is_material(
            BANK_FIELDS,
            &doc,
            &patch(json!({"tags": ["x"]}))
        ));
        // Clearing a field that was never set changes nothing; setting one does.
        assert!(!patch_is_material(
            BANK_FIELDS,
            &doc,
            &patch(json!({"account_type": null}))
        ));
        assert!(patch_is_material(
            BANK_FIELDS,
            &doc,
            &patch(json!({"account_type": "savings"}))
        ));
    }
}
