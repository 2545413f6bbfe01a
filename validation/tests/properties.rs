//! Property tests: every `check()`, the ref-id patterns and the identifier rules, fed arbitrary JSON and
//! arbitrary text. Nothing may panic; a failed check reports only stable codes; a value a check accepted
//! is accepted again, unchanged, when sent back as JSON; a pattern that parses renders a valid ref id.
//!
//! 256 cases per property by default (a few seconds); `PROPTEST_CASES=20000 cargo test -p
//! crego-validation --release --test properties` for a longer pass (validation/README.md).

use crego_validation::identifiers::{
    embedded_pan, gstin_check_char, is_valid_aadhaar, is_valid_email, is_valid_gstin, is_valid_ifsc,
    is_valid_pan, is_valid_pincode, normalize_email, normalize_mobile, validate_identifier,
};
use crego_validation::pattern::IssueDate;
use crego_validation::text::REF_ID;
use crego_validation::{
    code, normalize_name, verhoeff, ActionBody, AddressPatch, BankPatch, ContactPatch, DedupeRequest,
    IdentifierKind, NamespacePatch, NewAddress, NewBank, NewContact, NewNamespace, NewRelation, PropsUpsert,
    RefPattern, RelationPatch, Report, MAX_SAFE_INTEGER,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde::Serialize;
use serde_json::{json, Map, Value};

#[path = "support/strategies.rs"]
mod strategies;
use strategies::*;

/// Cases per property: 256, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok());
    ProptestConfig {
        cases: cases.unwrap_or(256),
        ..ProptestConfig::default()
    }
}

const CODES: &[&str] = &[
    code::REQUIRED,
    code::TYPE,
    code::LENGTH,
    code::PATTERN,
    code::ENUM,
    code::RANGE,
    code::CHECKSUM,
    code::UNIQUE,
    code::DUPLICATE,
    code::NOT_FOUND,
    code::UNKNOWN_FIELD,
    code::IMMUTABLE,
    code::EMPTY,
    code::SELF_RELATION,
];

/// A check's verdict on `input`: a rejection names only known codes, and an accepted value, sent back
/// as `resend` makes it, is accepted again as the same value. Returns whether `input` was accepted.
fn round_trip<T: PartialEq + std::fmt::Debug>(
    input: &Value,
    check: fn(&Value) -> Result<T, Report>,
    resend: fn(&T) -> Value,
) -> Result<bool, TestCaseError> {
    match check(input) {
        Err(report) => {
            prop_assert!(!report.errors.is_empty(), "an empty report for {input}");
            for e in &report.errors {
                prop_assert!(CODES.contains(&e.code), "unknown code {} for {input}", e.code);
                // Only an unknown field can be named "" (the client's own key).
                let named = !e.field.is_empty() || e.code == code::UNKNOWN_FIELD;
                prop_assert!(named, "an error without a field for {input}");
            }
            Ok(false)
        }
        Ok(value) => {
            let again = resend(&value);
            let rechecked = check(&again);
            prop_assert_eq!(
                rechecked.as_ref().ok(),
                Some(&value),
                "{} -> {} -> {:?}",
                input,
                again,
                rechecked
            );
            Ok(true)
        }
    }
}

fn serialized<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `NewNamespace` and `NamespacePatch` have no `Serialize`: their JSON, written out.
fn new_namespace_json(n: &NewNamespace) -> Value {
    json!({"name": n.name, "contact_pattern": n.contact_pattern, "account_pattern": n.account_pattern,
           "contact_counter": n.contact_counter, "account_counter": n.account_counter})
}

fn namespace_patch_json(p: &NamespacePatch) -> Value {
    let mut map = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            map.insert(k.to_string(), v);
        }
    };
    put("name", p.name.as_ref().map(|n| json!(n)));
    put("contact_pattern", p.contact_pattern.as_ref().map(|c| json!(c)));
    put("account_pattern", p.account_pattern.as_ref().map(|c| json!(c)));
    put("contact_counter", p.contact_counter.map(|c| json!(c)));
    put("account_counter", p.account_counter.map(|c| json!(c)));
    Value::Object(map)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn namespace_bodies(v in body(NAMESPACE)) {
        round_trip(&v, NewNamespace::check, new_namespace_json)?;
        round_trip(&v, NamespacePatch::check, namespace_patch_json)?;
    }

    #[test]
    fn contact_bodies(v in body(CONTACT)) {
        round_trip(&v, NewContact::check, serialized)?;
        round_trip(&v, ContactPatch::check, serialized)?;
    }

    #[test]
    fn action_bodies(v in body(ACTION)) {
        round_trip(&v, ActionBody::check, serialized)?;
    }

    #[test]
    fn address_bodies(v in body(ADDRESS)) {
        round_trip(&v, NewAddress::check, serialized)?;
        round_trip(&v, AddressPatch::check, serialized)?;
    }

    #[test]
    fn bank_bodies(v in body(BANK)) {
        round_trip(&v, NewBank::check, serialized)?;
        round_trip(&v, BankPatch::check, serialized)?;
    }

    #[test]
    fn relation_bodies(v in body(RELATION)) {
        round_trip(&v, NewRelation::check, serialized)?;
        round_trip(&v, RelationPatch::check, serialized)?;
    }

    #[test]
    fn props_and_dedupe_bodies(p in body(PROPS), d in body(DEDUPE)) {
        round_trip(&p, PropsUpsert::check, serialized)?;
        if round_trip(&d, DedupeRequest::check, serialized)? {
            let _ = DedupeRequest::check(&d).map(|r| r.identifiers());
        }
    }

    #[test]
    fn any_pattern_that_parses_renders_a_valid_ref_id(
        pattern in pattern_text(),
        n in 1..=MAX_SAFE_INTEGER,
        (year, month, day) in (any::<i32>(), 1u32..=12, 1u32..=31),
    ) {
        if let Ok(parsed) = RefPattern::parse(&pattern) {
            let rendered = parsed.render(n, IssueDate { year, month, day });
            prop_assert!(REF_ID.test(&rendered).is_ok(), "{pattern} with {n} renders {rendered}");
            prop_assert!(rendered.contains(&n.to_string()), "{pattern} with {n} renders {rendered}");
        }
    }

    #[test]
    fn identifier_rules_never_panic_and_normalise_to_valid_fixed_points(s in identifier_text()) {
        let _ = (normalize_name(&s), gstin_check_char(&s));
        for kind in IdentifierKind::all() {
            let report = validate_identifier(kind.as_str(), &s);
            prop_assert_eq!(report.ok, report.errors.is_empty());
            prop_assert_eq!(report.ok, report.normalized.is_some());
            for e in &report.errors {
                prop_assert!(["length", "pattern", "checksum"].contains(&e.code), "{:?} of {}: {:?}", kind, s, e);
            }
            if let Some(normal) = report.normalized {
                prop_assert_eq!(kind.normalize(&normal), Some(normal.clone()), "{:?} of {}", kind, s);
            }
        }
        let canonical = |kind: IdentifierKind| kind.normalize(&s).as_deref() == Some(s.as_str());
        prop_assert_eq!(is_valid_pan(&s), canonical(IdentifierKind::Pan));
        prop_assert_eq!(is_valid_gstin(&s), canonical(IdentifierKind::Gstin));
        prop_assert_eq!(is_valid_ifsc(&s), canonical(IdentifierKind::Ifsc));
        prop_assert_eq!(is_valid_pincode(&s), canonical(IdentifierKind::Pincode));
        if let Some(pan) = embedded_pan(&s) {
            prop_assert!(is_valid_pan(&pan), "{} carries {}", s, pan);
        }
        if is_valid_aadhaar(&s) {
            prop_assert!(IdentifierKind::Aadhaar.normalize(&s).is_some_and(|d| verhoeff::is_valid(&d)));
        }
        if let Some(m) = normalize_mobile(&s) {
            prop_assert_eq!(normalize_mobile(&m), Some(m.clone()));
        }
        if is_valid_email(&s) {
            prop_assert!(is_valid_email(&normalize_email(&s)));
        }
    }

    #[test]
    fn a_verhoeff_check_digit_catches_any_single_digit_error(
        digits in "[0-9]{1,20}", at in any::<prop::sample::Index>(), delta in 1u8..10,
    ) {
        let check = verhoeff::check_digit(&digits).expect("digits have a check digit");
        let full = format!("{digits}{check}");
        prop_assert!(verhoeff::is_valid(&full));
        let mut bytes = full.into_bytes();
        let i = at.index(bytes.len());
        bytes[i] = b'0' + (bytes[i] - b'0' + delta) % 10;
        prop_assert!(!verhoeff::is_valid(&String::from_utf8(bytes).unwrap_or_default()));
    }
}

/// The generators are not vacuous: over a fixed seed, every check accepts some bodies and some
/// patterns parse.
#[test]
fn the_generated_bodies_reach_every_checks_success_path() {
    fn accepted<T>(fields: &'static [&'static str], check: fn(&Value) -> Result<T, Report>) -> usize {
        let mut runner = TestRunner::deterministic();
        let strategy = body(fields);
        (0..400)
            .filter_map(|_| strategy.new_tree(&mut runner).ok())
            .filter(|tree| check(&tree.current()).is_ok())
            .count()
    }
    let counts = [
        ("NewNamespace", accepted(NAMESPACE, NewNamespace::check)),
        ("NamespacePatch", accepted(NAMESPACE, NamespacePatch::check)),
        ("NewContact", accepted(CONTACT, NewContact::check)),
        ("ContactPatch", accepted(CONTACT, ContactPatch::check)),
        ("ActionBody", accepted(ACTION, ActionBody::check)),
        ("NewAddress", accepted(ADDRESS, NewAddress::check)),
        ("AddressPatch", accepted(ADDRESS, AddressPatch::check)),
        ("NewBank", accepted(BANK, NewBank::check)),
        ("BankPatch", accepted(BANK, BankPatch::check)),
        ("NewRelation", accepted(RELATION, NewRelation::check)),
        ("RelationPatch", accepted(RELATION, RelationPatch::check)),
        ("PropsUpsert", accepted(PROPS, PropsUpsert::check)),
        ("DedupeRequest", accepted(DEDUPE, DedupeRequest::check)),
    ];
    for (name, n) in counts {
        assert!(n >= 10, "only {n} of 400 generated bodies pass {name}::check");
    }
    let mut runner = TestRunner::deterministic();
    let patterns = (0..400)
        .filter_map(|_| pattern_text().new_tree(&mut runner).ok())
        .filter(|tree| RefPattern::parse(&tree.current()).is_ok())
        .count();
    assert!(patterns >= 10, "only {patterns} of 400 generated patterns parse");
}
