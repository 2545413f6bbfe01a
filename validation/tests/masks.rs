//! The table of masks (`validation/cases/masks.json`), run natively against the crate. The npm package
//! (npm/test/masks.test.mjs) and the running API (tests/tests/api/pii_masks.rs) run the same table, so
//! a form that calls `maskIdentifier` shows exactly what the API shows a caller without `pii:read`.

use std::collections::BTreeSet;

use crego_validation::identifiers::{identifier_kinds, mask_identifier, ACCOUNT_NUMBER};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/cases/masks.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let table: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
    table["cases"].as_array().cloned().unwrap_or_default()
}

fn field<'a>(case: &'a Value, name: &str) -> &'a str {
    case[name]
        .as_str()
        .unwrap_or_else(|| panic!("{case}: `{name}` must be a string"))
}

#[test]
fn every_value_of_the_table_is_masked_as_written() {
    let cases = cases();
    assert!(!cases.is_empty(), "the table has cases");
    for case in &cases {
        let (kind, value) = (field(case, "kind"), field(case, "value"));
        assert_eq!(
            mask_identifier(kind, value).as_deref(),
            Some(field(case, "masked")),
            "{kind}: {value:?}"
        );
    }
}

#[test]
fn the_table_covers_every_kind_and_account_numbers_through_the_api_too() {
    let mut all = BTreeSet::new();
    let mut sent = BTreeSet::new();
    for case in &cases() {
        let kind = field(case, "kind").to_string();
        if case.get("api").is_none() {
            sent.insert(kind.clone());
        }
        all.insert(kind);
    }
    let mut expected: BTreeSet<String> = identifier_kinds().iter().map(|k| k.name.to_string()).collect();
    expected.insert(ACCOUNT_NUMBER.to_string());
    assert_eq!(all, expected, "the table's kinds");
    assert_eq!(sent, expected, "the kinds the API runner sends");
}
