//! The shared table of cases (`validation/cases/cases.json`), run natively against the crate. The npm
//! package (npm/test/cases.test.mjs) and the running API (tests/tests/api/validation_table.rs) run the
//! same table; all three must give the same decision and the same codes per field for every case.

use std::collections::{BTreeMap, BTreeSet};

use crego_validation::identifiers::{
    is_valid_aadhaar, is_valid_email, is_valid_gstin, is_valid_ifsc, is_valid_pan, is_valid_pincode,
    normalize_mobile, validate_identifier_input,
};
use crego_validation::pattern::IssueDate;
use crego_validation::{
    ContactPatch, NewAddress, NewBank, NewContact, NewNamespace, NewRelation, PropsUpsert, RefPattern, Report,
};
use serde_json::Value;

/// What a runner saw: the decision, the codes per failing field in report order, and a value
/// (a normalised mobile, a rendered ref id) where the resource has one.
#[derive(Debug, PartialEq)]
struct Decision {
    ok: bool,
    codes: BTreeMap<String, Vec<String>>,
    value: Option<String>,
}

fn table() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/cases/cases.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

fn cases(table: &Value) -> &[Value] {
    table["cases"].as_array().map_or(&[], Vec::as_slice)
}

fn from_report<T>(result: Result<T, Report>) -> Decision {
    let mut codes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Err(report) = &result {
        for e in &report.errors {
            codes.entry(e.field.clone()).or_default().push(e.code.to_string());
        }
    }
    Decision {
        ok: result.is_ok(),
        codes,
        value: None,
    }
}

fn from_value(value: Option<String>) -> Decision {
    Decision {
        ok: value.is_some(),
        codes: BTreeMap::new(),
        value,
    }
}

fn identifier(input: &Value, rule: fn(&str) -> bool) -> Decision {
    Decision {
        ok: input.as_str().is_some_and(rule),
        codes: BTreeMap::new(),
        value: None,
    }
}

/// `validate_identifier` on `{kind, value}`: the normalised form as the value, the codes keyed by the kind.
fn identifier_of_kind(input: &Value) -> Decision {
    let kind = input["kind"].as_str();
    let report = validate_identifier_input(kind, input["value"].as_str());
    let mut codes = BTreeMap::new();
    if !report.errors.is_empty() {
        let field = kind.unwrap_or_default().to_string();
        codes.insert(field, report.errors.iter().map(|e| e.code.to_string()).collect());
    }
    Decision {
        ok: report.ok,
        codes,
        value: report.normalized,
    }
}

/// `YYYY-MM-DD` as written in the table.
fn table_date(s: &str) -> IssueDate {
    let parts: Vec<u32> = s.split('-').map(|p| p.parse().unwrap_or(0)).collect();
    IssueDate {
        year: parts.first().copied().unwrap_or(0) as i32,
        month: parts.get(1).copied().unwrap_or(0),
        day: parts.get(2).copied().unwrap_or(0),
    }
}

fn render(input: &Value) -> Decision {
    let pattern = input["pattern"].as_str().unwrap_or_default();
    let n = input["n"]
        .as_u64()
        .unwrap_or_else(|| panic!("n must be a counter in {input}"));
    let date = table_date(input["date"].as_str().unwrap_or_default());
    match RefPattern::parse(pattern) {
        Ok(p) => from_value(Some(p.render(n, date))),
        Err(e) => {
            let mut report = Report::new();
            report.add("pattern", e.code(), e.to_string());
            from_report::<()>(Err(report))
        }
    }
}

fn decide(resource: &str, input: &Value) -> Decision {
    match resource {
        "namespace" => from_report(NewNamespace::check(input)),
        "contact" => from_report(NewContact::check(input)),
        "contact_patch" => from_report(ContactPatch::check(input)),
        "address" => from_report(NewAddress::check(input)),
        "bank" => from_report(NewBank::check(input)),
        "relation" => from_report(NewRelation::check(input)),
        "props" => from_report(PropsUpsert::check(input)),
        "pan" => identifier(input, is_valid_pan),
        "gstin" => identifier(input, is_valid_gstin),
        "aadhaar" => identifier(input, is_valid_aadhaar),
        "ifsc" => identifier(input, is_valid_ifsc),
        "pincode" => identifier(input, is_valid_pincode),
        "email" => identifier(input, is_valid_email),
        "mobile" => from_value(input.as_str().and_then(normalize_mobile)),
        "identifier" => identifier_of_kind(input),
        "ref_pattern" => render(input),
        other => panic!("unknown resource {other:?}"),
    }
}

fn expected(case: &Value) -> Decision {
    let expect = &case["expect"];
    let mut codes = BTreeMap::new();
    for (field, list) in expect["codes"].as_object().into_iter().flatten() {
        let list = list.as_array().map_or(&[][..], Vec::as_slice);
        codes.insert(
            field.clone(),
            list.iter()
                .map(|c| c.as_str().unwrap_or_default().to_string())
                .collect(),
        );
    }
    Decision {
        ok: expect["ok"]
            .as_bool()
            .unwrap_or_else(|| panic!("expect.ok missing in {case}")),
        codes,
        value: expect["value"].as_str().map(str::to_string),
    }
}

#[test]
fn every_case_in_the_table_gets_the_expected_decision_and_codes() {
    let table = table();
    let mut failures = Vec::new();
    for case in cases(&table) {
        let resource = case["resource"].as_str().unwrap_or_default();
        let mut got = decide(resource, &case["input"]);
        let want = expected(case);
        if want.value.is_none() {
            got.value = None;
        }
        if got != want {
            failures.push(format!(
                "{resource}: {}\n  want {want:?}\n  got  {got:?}",
                case["title"]
            ));
        }
    }
    println!("{} cases checked", cases(&table).len());
    assert!(
        failures.is_empty(),
        "{} cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_covers_every_resource_with_valid_and_invalid_cases() {
    let table = table();
    assert!(cases(&table).len() >= 150, "at least 150 cases");
    let mut seen: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    let mut titles = BTreeSet::new();
    for case in cases(&table) {
        let resource = case["resource"].as_str().unwrap_or_default();
        let entry = seen.entry(resource).or_default();
        match case["expect"]["ok"].as_bool() {
            Some(true) => entry.0 = true,
            Some(false) => entry.1 = true,
            None => panic!("expect.ok missing in {case}"),
        }
        let ok = case["expect"]["ok"] == true;
        let has_codes = case["expect"]["codes"].as_object().is_some_and(|c| !c.is_empty());
        let is_record = !matches!(
            resource,
            "pan" | "gstin" | "aadhaar" | "ifsc" | "pincode" | "email" | "mobile"
        );
        assert!(
            !ok && has_codes == is_record || ok && !has_codes,
            "a refused record lists its codes, and nothing else does: {case}"
        );
        let title = format!("{resource}: {}", case["title"].as_str().unwrap_or_default());
        assert!(titles.insert(title.clone()), "duplicate case title {title}");
    }
    for resource in [
        "namespace",
        "contact",
        "contact_patch",
        "address",
        "bank",
        "relation",
        "props",
        "identifier",
    ] {
        assert_eq!(
            seen.get(resource),
            Some(&(true, true)),
            "{resource}: valid and invalid cases"
        );
    }
}

#[test]
fn at_least_150_identifier_cases_cover_every_kind_valid_and_invalid() {
    let table = table();
    let identifier_cases: Vec<&Value> = cases(&table)
        .iter()
        .filter(|c| c["resource"] == "identifier")
        .collect();
    assert!(
        identifier_cases.len() >= 150,
        "{} identifier cases",
        identifier_cases.len()
    );
    for kind in crego_validation::IdentifierKind::all() {
        let of_kind = |ok: bool| {
            identifier_cases
                .iter()
                .any(|c| c["input"]["kind"] == kind.as_str() && c["expect"]["ok"] == ok)
        };
        assert!(
            of_kind(true) && of_kind(false),
            "{kind:?}: valid and invalid cases"
        );
    }
}

/// The API runner creates every valid namespace case in one fresh tenant (and, once contacts have
/// routes, the fixtures first), so those names must not clash; valid records must name fixtures only.
#[test]
fn valid_cases_can_all_be_created_in_one_tenant() {
    let table = table();
    let fixtures = &table["fixtures"];
    let strings = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    };
    let fixture_namespaces = strings(&fixtures["namespaces"]);
    let fixture_contacts = strings(&fixtures["contacts"]);
    let namespace_id = fixtures["namespace_id"].as_str().unwrap_or_default();
    let mut names: BTreeSet<String> = fixture_namespaces.iter().map(|n| n.to_lowercase()).collect();
    for case in cases(&table).iter().filter(|c| c["expect"]["ok"] == true) {
        let input = &case["input"];
        match case["resource"].as_str().unwrap_or_default() {
            "namespace" => {
                let name = input["name"].as_str().unwrap_or_default().to_lowercase();
                assert!(
                    names.insert(name),
                    "namespace name used twice (or a fixture's): {case}"
                );
            }
            "contact" => {
                let ns = input["namespace"].as_str().unwrap_or_default();
                assert!(
                    fixture_namespaces.contains(ns) || ns == namespace_id,
                    "a valid contact names a fixture namespace: {case}"
                );
            }
            "address" | "bank" | "relation" => {
                for key in ["contact_id", "contact", "related_contact"] {
                    if let Some(id) = input[key].as_str() {
                        assert!(
                            fixture_contacts.contains(id),
                            "{key} is a fixture contact: {case}"
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
