//! The survivorship rules and the fate of each row, on records built in memory.

use serde_json::json;

use super::*;

const A: &str = "01JQ8Z6V3K9N2M4P5R7S8T0A01";
const B: &str = "01JQ8Z6V3K9N2M4P5R7S8T0B01";
const C: &str = "01JQ8Z6V3K9N2M4P5R7S8T0C01";
const X: &str = "01JQ8Z6V3K9N2M4P5R7S8T0X01";

fn contact(id: &str, extra: Value) -> Contact {
    let mut doc = json!({
        "id": id, "tenant_id": "t", "namespace": "Retail", "namespace_id": "01JQ8Z6V3K9N2M4P5R7S8T0N01",
        "name": "Asha Rao", "type": "individual", "status": "active", "ref_id": null, "tags": [],
        "refs": {}, "props": [], "rm_id": null, "branch_id": null, "approval_status": "pending",
        "approved_by": null, "approved_at": null, "rejected_by": null, "rejected_at": null,
        "rejection_reason": null, "approved_version": null, "rejected_version": null, "makers": [],
        "version": 1, "created_at": "2026-01-01T00:00:00Z", "created_by": "maker",
        "updated_at": "2026-01-01T00:00:00Z", "updated_by": null,
    });
    if let (Some(d), Some(e)) = (doc.as_object_mut(), extra.as_object()) {
        d.extend(e.clone());
    }
    serde_json::from_value(doc).unwrap_or_else(|e| panic!("{e}"))
}

fn row(id: &str, owner: &str, doc: Value) -> DocRow {
    DocRow {
        id: id.into(),
        contact_id: owner.into(),
        doc: doc.to_string(),
        version: 1,
        created_at: "2026-01-01T00:00:00Z".into(),
        created_by: "maker".into(),
        updated_at: "2026-01-01T00:00:00Z".into(),
        updated_by: None,
    }
}

fn prop(key: &str, value: &str) -> Value {
    json!({"key": key, "value": value, "type": "text"})
}

#[test]
fn the_survivor_wins_and_its_empty_fields_are_filled_in_the_order_given() {
    let a = contact(
        A,
        json!({"tags": ["vip"], "refs": {"crm": "A"}, "props": [prop("pan_no", "AAAPA1111A")]}),
    );
    let b = contact(
        B,
        json!({"tags": ["vip", "pune"], "refs": {"crm": "B", "los": "B"}, "rm_id": "RM_B",
        "props": [prop("pan_no", "BBBPB2222B"), prop("dob", "1990-01-01")]}),
    );
    let c = contact(
        C,
        json!({"rm_id": "RM_C", "branch_id": "BR_C", "tags": ["nri"], "props": [prop("dob", "1991-01-01")]}),
    );
    let change = survive(&a, &[&b, &c]);
    assert_eq!(change.tags, Some(vec!["vip".into(), "pune".into(), "nri".into()]));
    let refs = change.refs.unwrap_or_default();
    assert_eq!(refs.get("crm"), Some(&json!("A")));
    assert_eq!(refs.get("los"), Some(&json!("B")));
    let props: Vec<(String, String)> = change
        .props
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.key, p.value))
        .collect();
    assert_eq!(
        props,
        [
            ("dob".into(), "1990-01-01".into()),
            ("pan_no".into(), "AAAPA1111A".into())
        ]
    );
    assert_eq!(change.rm_id, Some(Some("RM_B".into())));
    assert_eq!(change.branch_id, Some(Some("BR_C".into())));
    assert_eq!(change.name, None);
}

#[test]
fn merging_what_the_survivor_already_has_changes_nothing() {
    let a = contact(A, json!({"tags": ["vip"], "rm_id": "RM_A"}));
    let b = contact(B, json!({"tags": ["vip"], "rm_id": "RM_B"}));
    assert_eq!(survive(&a, &[&b]), ContactChange::default());
}

#[test]
fn a_merge_past_a_limit_names_the_field() {
    let tags = |from: usize| (from..from + 30).map(|i| format!("t{i}")).collect::<Vec<_>>();
    let a = contact(A, json!({"tags": tags(0)}));
    let b = contact(B, json!({"tags": tags(100)}));
    let over = over_limit(&survive(&a, &[&b]));
    assert_eq!(over.map(|(field, _)| field), Some("tags"));
    assert_eq!(over_limit(&survive(&a, &[&a.clone()])), None);
}

#[test]
fn duplicate_accounts_are_dropped_and_one_primary_remains() {
    let acct =
        |n: &str, primary: bool| json!({"ifsc": "HDFC0001234", "account_number": n, "is_primary": primary});
    let banks = [
        row("bank-a1", A, acct("111", true)),
        row("bank-b1", B, acct("111", false)),
        row("bank-b2", B, acct("222", true)),
        row("bank-c1", C, acct("333", false)),
    ];
    let rows = Rows {
        addresses: &[],
        banks: &banks,
        relations: &[],
        incoming: &[],
    };
    let (fates, counts) = plan_rows(A, &[B.into(), C.into()], &rows);
    let got: Vec<(&str, Fate)> = fates.iter().map(|f| (f.id.as_str(), f.fate)).collect();
    assert_eq!(
        got,
        [
            ("bank-b1", Fate::Dropped),
            ("bank-b2", Fate::Demoted),
            ("bank-c1", Fate::Moved)
        ]
    );
    assert_eq!(counts[1], 3);
}

#[test]
fn relations_between_merged_contacts_go_and_those_pointing_at_them_follow_the_survivor() {
    let rel = |kind: &str, to: &str| json!({"type": kind, "related_contact": to});
    let relations = [
        row("rel-ab", A, rel("spouse", B)),
        row("rel-bx", B, rel("father", X)),
        row("rel-ax", A, rel("father", X)),
        row("rel-bc", B, rel("sibling", C)),
    ];
    let incoming = [
        row("rel-xa", X, rel("child", A)),
        row("rel-xb", X, rel("child", B)),
        row("rel-xc", X, rel("friend", C)),
    ];
    let rows = Rows {
        addresses: &[],
        banks: &[],
        relations: &relations,
        incoming: &incoming,
    };
    let (fates, counts) = plan_rows(A, &[B.into(), C.into()], &rows);
    let got: Vec<(&str, &str, Fate)> = fates
        .iter()
        .map(|f| (f.id.as_str(), f.merged_id.as_str(), f.fate))
        .collect();
    assert_eq!(
        got,
        [
            ("rel-ab", B, Fate::Removed),
            ("rel-bx", B, Fate::Dropped),
            ("rel-bc", B, Fate::Removed),
            ("rel-xb", B, Fate::Dropped),
            ("rel-xc", C, Fate::Repointed),
        ]
    );
    assert_eq!(counts[2], 1);
}
