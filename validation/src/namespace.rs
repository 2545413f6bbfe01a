//! Namespace inputs (CONTRACT §2): `NewNamespace` for create, `NamespacePatch` for partial update.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::fields::{integer, object, refuse_unknown, required_text, slot, text, Slot};
use crate::pattern::RefPattern;
use crate::report::{code, Report};
use crate::text::NAMESPACE_NAME;
use crate::MAX_SAFE_INTEGER;

const FIELDS: &[&str] = &[
    "name",
    "contact_pattern",
    "account_pattern",
    "contact_counter",
    "account_counter",
];

/// A checked namespace create body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NewNamespace {
    #[schema(schema_with = crate::schema::namespace_name)]
    pub name: String,
    #[schema(schema_with = crate::schema::ref_pattern_or_null)]
    pub contact_pattern: Option<String>,
    #[schema(schema_with = crate::schema::ref_pattern_or_null)]
    pub account_pattern: Option<String>,
    /// The next number to issue, 1..=2^53-1 (default 1).
    #[schema(schema_with = crate::schema::counter, required = false)]
    pub contact_counter: u64,
    #[schema(schema_with = crate::schema::counter, required = false)]
    pub account_counter: u64,
}

/// A checked namespace patch: `None` leaves a field alone; `Some(None)` clears a pattern.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NamespacePatch {
    #[schema(schema_with = crate::schema::namespace_name)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[schema(schema_with = crate::schema::ref_pattern_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_pattern: Option<Option<String>>,
    #[schema(schema_with = crate::schema::ref_pattern_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_pattern: Option<Option<String>>,
    #[schema(schema_with = crate::schema::counter)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_counter: Option<u64>,
    #[schema(schema_with = crate::schema::counter)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_counter: Option<u64>,
}

impl NewNamespace {
    pub fn check(body: &Value) -> Result<NewNamespace, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        refuse_unknown(map, FIELDS, &[], "", &mut report);
        let name = required_text(map, "name", &NAMESPACE_NAME, &mut report);
        let contact_pattern = pattern_field(map, "contact_pattern", &mut report).flatten();
        let account_pattern = pattern_field(map, "account_pattern", &mut report).flatten();
        let contact_counter = counter_field(map, "contact_counter", &mut report).unwrap_or(1);
        let account_counter = counter_field(map, "account_counter", &mut report).unwrap_or(1);
        match name {
            Some(name) => report.finish(NewNamespace {
                name,
                contact_pattern,
                account_pattern,
                contact_counter,
                account_counter,
            }),
            None => Err(report),
        }
    }
}

impl NamespacePatch {
    pub fn check(body: &Value) -> Result<NamespacePatch, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        refuse_unknown(map, FIELDS, &[], "", &mut report);
        let name = match slot(map, "name") {
            Slot::Absent => None,
            Slot::Null => {
                report.add("name", code::REQUIRED, "cannot be cleared");
                None
            }
            Slot::Present(v) => text(v, &NAMESPACE_NAME, "name", &mut report),
        };
        let patch = NamespacePatch {
            name,
            contact_pattern: pattern_field(map, "contact_pattern", &mut report),
            account_pattern: pattern_field(map, "account_pattern", &mut report),
            contact_counter: counter_field(map, "contact_counter", &mut report),
            account_counter: counter_field(map, "account_counter", &mut report),
        };
        report.finish(patch)
    }

    pub fn is_empty(&self) -> bool {
        *self == NamespacePatch::default()
    }
}

/// `None`: absent; `Some(None)`: null (no pattern); `Some(Some(p))`: a valid pattern.
fn pattern_field(map: &Map<String, Value>, key: &str, report: &mut Report) -> Option<Option<String>> {
    match slot(map, key) {
        Slot::Absent => None,
        Slot::Null => Some(None),
        Slot::Present(Value::String(p)) => match RefPattern::parse(p) {
            Ok(_) => Some(Some(p.clone())),
            Err(e) => {
                report.add(key, e.code(), e.to_string());
                None
            }
        },
        Slot::Present(_) => {
            report.add(key, code::TYPE, "must be a string or null");
            None
        }
    }
}

fn counter_field(map: &Map<String, Value>, key: &str, report: &mut Report) -> Option<u64> {
    match slot(map, key) {
        Slot::Absent => None,
        Slot::Null => {
            report.add(key, code::TYPE, "must be an integer");
            None
        }
        Slot::Present(v) => integer(v, 1, MAX_SAFE_INTEGER, key, report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_minimal_namespace_gets_counters_of_one_and_no_patterns() {
        let ns = NewNamespace::check(&json!({"name": "Retail"})).unwrap();
        assert_eq!(ns.contact_counter, 1);
        assert_eq!(ns.account_counter, 1);
        assert_eq!(ns.contact_pattern, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let r = NewNamespace::check(&json!({
            "contact_pattern": "CUST-{SEQ",
            "account_pattern": 7,
            "contact_counter": 0,
            "account_counter": 9_007_199_254_740_992u64,
            "colour": "red",
            "id": "ignored",
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("name"), ["required"]);
        assert_eq!(r.codes_for("contact_pattern"), ["pattern"]);
        assert_eq!(r.codes_for("account_pattern"), ["type"]);
        assert_eq!(r.codes_for("contact_counter"), ["range"]);
        assert_eq!(r.codes_for("account_counter"), ["range"]);
        assert_eq!(r.codes_for("colour"), ["unknown_field"]);
        assert_eq!(r.errors.len(), 6);
    }

    #[test]
    fn a_body_that_is_not_an_object_is_a_type_fault() {
        let r = NewNamespace::check(&json!(["name"])).unwrap_err();
        assert_eq!(r.codes_for("body"), ["type"]);
    }

    #[test]
    fn a_patch_may_omit_the_name_clear_a_pattern_and_must_not_clear_the_name() {
        let p = NamespacePatch::check(&json!({"contact_pattern": null})).unwrap();
        assert_eq!(p.contact_pattern, Some(None));
        assert_eq!(p.name, None);
        assert!(NamespacePatch::check(&json!({})).unwrap().is_empty());
        let r = NamespacePatch::check(&json!({"name": null})).unwrap_err();
        assert_eq!(r.codes_for("name"), ["required"]);
    }
}
