//! Walking a JSON object field by field, collecting every fault into a `Report`.
//!
//! Inputs arrive as `serde_json::Value` rather than through `#[derive(Deserialize)]`, because serde
//! stops at the first error and a form needs all of them.

use serde_json::{Map, Value};

use crate::report::{code, Report};
use crate::text::{TextFault, TextRule};
use crate::MAX_SAFE_INTEGER;

/// Fields every resource carries that the server manages. A client may send back what it read, so
/// these are ignored in request bodies rather than refused.
pub const SERVER_MANAGED: &[&str] = &[
    "id",
    "tenant_id",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];

/// The body as an object, or a `type` fault on `body`.
pub fn object<'a>(body: &'a Value, report: &mut Report) -> Option<&'a Map<String, Value>> {
    match body {
        Value::Object(map) => Some(map),
        _ => {
            report.add("body", code::TYPE, "the body must be a JSON object");
            None
        }
    }
}

/// Reports every key that is neither `known` nor server-managed (`also_ignored` lists read-only
/// fields of one resource, such as a contact's `approval_status`).
pub fn refuse_unknown(
    map: &Map<String, Value>,
    known: &[&str],
    also_ignored: &[&str],
    prefix: &str,
    report: &mut Report,
) {
    for key in map.keys() {
        let k = key.as_str();
        if !known.contains(&k) && !SERVER_MANAGED.contains(&k) && !also_ignored.contains(&k) {
            report.add(
                join(prefix, k),
                code::UNKNOWN_FIELD,
                format!("`{k}` is not a field of this resource"),
            );
        }
    }
}

/// `prefix.key`, or `key` at the top level.
pub fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// What a field holds: absent, explicitly `null`, or a value.
pub enum Slot<'a> {
    Absent,
    Null,
    Present(&'a Value),
}

pub fn slot<'a>(map: &'a Map<String, Value>, key: &str) -> Slot<'a> {
    match map.get(key) {
        None => Slot::Absent,
        Some(Value::Null) => Slot::Null,
        Some(v) => Slot::Present(v),
    }
}

/// A string checked against a text rule, or `None` with the fault reported.
pub fn text(value: &Value, rule: &TextRule, field: &str, report: &mut Report) -> Option<String> {
    let Some(s) = value.as_str() else {
        report.add(field, code::TYPE, "must be a string");
        return None;
    };
    match rule.test(s) {
        Ok(()) => Some(s.to_string()),
        Err(TextFault::Length) => {
            report.add(field, code::LENGTH, length_message(rule.min, rule.max));
            None
        }
        Err(TextFault::Pattern) => {
            report.add(field, code::PATTERN, format!("may contain only {}", rule.allowed));
            None
        }
    }
}

pub fn length_message(min: usize, max: usize) -> String {
    if min == max {
        format!("must be exactly {min} characters")
    } else {
        format!("must be {min} to {max} characters")
    }
}

/// A required text field.
pub fn required_text(
    map: &Map<String, Value>,
    key: &str,
    rule: &TextRule,
    report: &mut Report,
) -> Option<String> {
    match slot(map, key) {
        Slot::Absent | Slot::Null => {
            report.add(key, code::REQUIRED, "is required");
            None
        }
        Slot::Present(v) => text(v, rule, key, report),
    }
}

/// An integer in `min..=max` (at most 2^53 - 1, so that every layer holds it exactly).
pub fn integer(value: &Value, min: u64, max: u64, field: &str, report: &mut Report) -> Option<u64> {
    let max = max.min(MAX_SAFE_INTEGER);
    let range = || format!("must be an integer from {min} to {max}");
    match value {
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) if (min..=max).contains(&u) => Some(u),
            (Some(_), _, _) | (None, Some(_), _) => {
                report.add(field, code::RANGE, range());
                None
            }
            // A whole float (`5.0`, as some JSON writers print integers) is that integer.
            (None, None, Some(f)) if f.fract() == 0.0 && f >= min as f64 && f <= max as f64 => Some(f as u64),
            (None, None, Some(f)) if f.fract() == 0.0 => {
                report.add(field, code::RANGE, range());
                None
            }
            _ => {
                report.add(field, code::TYPE, "must be an integer");
                None
            }
        },
        _ => {
            report.add(field, code::TYPE, "must be an integer");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_must_be_whole_and_in_range() {
        let mut r = Report::new();
        assert_eq!(integer(&json!(5), 1, 10, "n", &mut r), Some(5));
        assert_eq!(integer(&json!(0), 1, 10, "n", &mut r), None);
        assert_eq!(integer(&json!(-3), 1, 10, "n", &mut r), None);
        assert_eq!(integer(&json!(2.5), 1, 10, "n", &mut r), None);
        assert_eq!(integer(&json!(5.0), 1, 10, "n", &mut Report::new()), Some(5));
        assert_eq!(integer(&json!(1e300), 1, 10, "n", &mut r), None);
        assert_eq!(integer(&json!("5"), 1, 10, "n", &mut r), None);
        let codes: Vec<_> = r.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["range", "range", "type", "range", "type"]);
    }

    #[test]
    fn integers_above_two_to_the_53_are_out_of_range() {
        let mut r = Report::new();
        assert_eq!(
            integer(&json!(MAX_SAFE_INTEGER), 1, u64::MAX, "n", &mut r),
            Some(MAX_SAFE_INTEGER)
        );
        assert_eq!(
            integer(&json!(MAX_SAFE_INTEGER + 1), 1, u64::MAX, "n", &mut r),
            None
        );
        assert_eq!(r.codes_for("n"), ["range"]);
    }

    #[test]
    fn unknown_fields_are_named_and_server_managed_ones_ignored() {
        let body = json!({"name": "x", "id": "01J", "created_at": "t", "colour": "red"});
        let mut r = Report::new();
        refuse_unknown(body.as_object().unwrap(), &["name"], &[], "", &mut r);
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].field, "colour");
        assert_eq!(r.errors[0].code, code::UNKNOWN_FIELD);
    }
}
