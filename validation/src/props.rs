//! Props (CONTRACT §7): a contact's free-form `{key, value, type}` list, checked inside a contact body
//! and as the body of `PUT /contacts/{id}/props/`.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::common::{choice, choice_enum, item, list, refuse_unknown_nested};
use crate::fields::{join, object, refuse_unknown, slot, text, Slot};
use crate::identifiers::{is_never_stored_mask, IdentifierKind, Protection};
use crate::report::{code, Report};
use crate::text::{PROP_KEY, PROP_VALUE};

pub use crate::limits::PROPS as MAX_PROPS;
use crate::limits::PROPS_BYTES;

/// The fields of one prop, and nothing else.
const PROP_FIELDS: &[&str] = &["key", "value", "type"];

choice_enum!(
    /// How a prop's value is read: `number` and `boolean` constrain the string.
    PropType {
        File = "file",
        Number = "number",
        Text = "text",
        Boolean = "boolean",
    }
);

/// In the OpenAPI document, one variant per `type`, each with its own `value` rule (`schema::prop`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prop {
    pub key: String,
    pub value: String,
    #[serde(rename = "type")]
    pub kind: PropType,
}

/// `^-?[0-9]+(\.[0-9]+)?$`: the value of a `number` prop.
pub fn is_decimal(s: &str) -> bool {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// A props list at `field` (`props`): at most 100 props, keys unique within the list.
pub fn props(value: &Value, field: &str, report: &mut Report) -> Option<Vec<Prop>> {
    let before = report.errors.len();
    let items = list(value, MAX_PROPS, field, report)?;
    let mut keys = BTreeSet::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let path = item(field, i);
        let Some(map) = prop_object(v, &path, report) else {
            continue;
        };
        let key = prop_key(map, &path, report);
        if let Some(k) = &key {
            if !keys.insert(k.clone()) {
                report.add(
                    join(&path, "key"),
                    code::DUPLICATE,
                    format!("the key `{k}` is already in the list"),
                );
            }
        }
        let kind = match slot(map, "type") {
            Slot::Present(t) => choice::<PropType>(t, &join(&path, "type"), report),
            _ => missing(&path, "type", report),
        };
        let value = prop_value(map, kind, &path, report);
        if let (Some(key), Some(value)) = (&key, &value) {
            refuse_unkept_identifier(key, value, &path, report);
        }
        if let (Some(key), Some(value), Some(kind)) = (key, value, kind) {
            out.push(Prop { key, value, kind });
        }
    }
    if report.errors.len() == before {
        fits_props_bytes(&out, field, report);
    }
    (report.errors.len() == before).then_some(out)
}

/// Whether a contact's whole props list fits `limits::PROPS_BYTES` as JSON; a `length` fault on
/// `field` when not. The worker counts a merged list (props `PUT`) with it too.
pub fn fits_props_bytes<T: Serialize>(props: &[T], field: &str, report: &mut Report) -> bool {
    let bytes = serde_json::to_vec(props).map_or(usize::MAX, |v| v.len());
    let fits = bytes <= PROPS_BYTES;
    if !fits {
        report.add(
            field,
            code::LENGTH,
            format!("the props must be at most {PROPS_BYTES} bytes as JSON (these are {bytes})"),
        );
    }
    fits
}

/// The item as an object with no fields but key, value and type.
fn prop_object<'a>(v: &'a Value, path: &str, report: &mut Report) -> Option<&'a Map<String, Value>> {
    let Value::Object(map) = v else {
        report.add(path, code::TYPE, "must be an object with key, value and type");
        return None;
    };
    refuse_unknown_nested(map, PROP_FIELDS, path, report);
    Some(map)
}

/// A prop's required `key`, also used by dedupe's `{key, value}` items.
pub fn prop_key(map: &Map<String, Value>, path: &str, report: &mut Report) -> Option<String> {
    match slot(map, "key") {
        Slot::Present(k) => text(k, &PROP_KEY, &join(path, "key"), report),
        _ => missing(path, "key", report),
    }
}

/// A prop's `value`: 1..=500 characters, read as `kind` says when `kind` is known.
pub fn prop_value(
    map: &Map<String, Value>,
    kind: Option<PropType>,
    path: &str,
    report: &mut Report,
) -> Option<String> {
    let field = join(path, "value");
    let value = match slot(map, "value") {
        Slot::Present(v) => text(v, &PROP_VALUE, &field, report)?,
        _ => return missing(path, "value", report),
    };
    match kind {
        Some(PropType::Number) if !is_decimal(&value) => {
            report.add(
                field,
                code::PATTERN,
                "must be a decimal number such as -12 or 3.5",
            );
            None
        }
        Some(PropType::Boolean) if !matches!(value.as_str(), "true" | "false") => {
            report.add(field, code::ENUM, "must be true or false");
            None
        }
        _ => Some(value),
    }
}

/// An Aadhaar number or VID is never stored, only its masked form and a token of it (CONTRACT §9,
/// "Personal data"): a prop keyed by one of their aliases must hold a valid one, whatever its `type`,
/// or the number could not be matched again and the mask would hide a mistake. Its faults are the
/// identifier rule's, on the prop's `value`.
fn refuse_unkept_identifier(key: &str, value: &str, path: &str, report: &mut Report) {
    let Some(kind) = IdentifierKind::from_alias(key) else {
        return;
    };
    // Its mask, as a contact read and sent back holds it, stands for the number stored.
    if kind.protection() != Protection::NeverStored || is_never_stored_mask(kind, value) {
        return;
    }
    if let Err(faults) = kind.validate(value) {
        for fault in faults {
            report.add(join(path, "value"), fault.code, fault.message);
        }
    }
}

fn missing<T>(path: &str, key: &str, report: &mut Report) -> Option<T> {
    report.add(join(path, key), code::REQUIRED, "is required");
    None
}

/// Ignored in a props upsert body: `contact_id` is in what GET returns, so a client may send it back.
pub const UPSERT_IGNORED: &[&str] = &["contact_id"];

/// The body of `PUT /contacts/{contact_id}/props/`: props upserted by key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PropsUpsert {
    #[schema(min_items = 1, max_items = 100)]
    pub props: Vec<Prop>,
}

impl PropsUpsert {
    pub fn check(body: &Value) -> Result<PropsUpsert, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        refuse_unknown(map, &["props"], UPSERT_IGNORED, "", &mut report);
        let checked = match slot(map, "props") {
            Slot::Absent | Slot::Null => missing("", "props", &mut report),
            Slot::Present(Value::Array(a)) if a.is_empty() => {
                report.add("props", code::REQUIRED, "give at least one prop to upsert");
                None
            }
            Slot::Present(v) => props(v, "props", &mut report),
        };
        match checked {
            Some(props) => report.finish(PropsUpsert { props }),
            None => Err(report),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: Value) -> Result<Vec<Prop>, Report> {
        let mut r = Report::new();
        props(&v, "props", &mut r).ok_or(r)
    }

    #[test]
    fn an_aadhaar_or_vid_prop_must_hold_a_valid_number_whatever_its_type() {
        let bad = check(json!([
            {"key": "Aadhaar_No", "value": "2341 2341 2345", "type": "text"},
            {"key": "vid", "value": "1234", "type": "number"},
            {"key": "aadhaar card", "value": "files/a1.pdf", "type": "file"},
        ]))
        .err()
        .unwrap_or_default();
        let faults: Vec<(&str, &str)> = bad.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            faults,
            [("props[0].value", "checksum"), ("props[1].value", "length")],
            "a key that is no alias is free-form"
        );
        assert!(check(json!([{"key": "aadhaar", "value": "2341 2341 2346", "type": "text"}])).is_ok());
        assert!(
            check(json!([{"key": "aadhaar", "value": "XXXX XXXX 2346", "type": "text"}])).is_ok(),
            "as read"
        );
        assert!(check(json!([{"key": "pan_no", "value": "not a PAN", "type": "text"}])).is_ok());
    }

    #[test]
    fn the_published_example_prop_is_accepted() {
        let p = check(json!([{"key": "pan_no", "value": "123254684", "type": "number"}])).unwrap();
        assert_eq!(p[0].kind, PropType::Number);
        assert_eq!(
            serde_json::to_value(&p[0]).unwrap(),
            json!({"key": "pan_no", "value": "123254684", "type": "number"})
        );
    }

    #[test]
    fn numbers_are_decimals_and_booleans_are_true_or_false() {
        for ok in ["-12", "3.5", "0", "0012.50"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", "-", "1.", ".5", "1e3", "+4", "1,000", "१२"] {
            assert!(!is_decimal(bad), "{bad}");
        }
        let r = check(json!([
            {"key": "turnover", "value": "12 lakh", "type": "number"},
            {"key": "is_msme", "value": "yes", "type": "boolean"},
            {"key": "gst_registered", "value": "true", "type": "boolean"},
            {"key": "kyc_doc", "value": "r2://kyc/ABCPK1234L.pdf", "type": "file"},
        ]))
        .unwrap_err();
        assert_eq!(r.codes_for("props[0].value"), ["pattern"]);
        assert_eq!(r.codes_for("props[1].value"), ["enum"]);
        assert_eq!(r.errors.len(), 2);
    }

    #[test]
    fn every_bad_prop_field_is_reported_at_once() {
        let r = check(json!([
            {"key": "pan_no", "value": "ABCPK1234L", "type": "text"},
            {"key": "pan_no", "value": "", "type": "string", "note": "x"},
            {"key": "branch;code", "value": 42},
            "city=Pune",
            {"value": "x".repeat(501), "type": "text"},
        ]))
        .unwrap_err();
        assert_eq!(r.codes_for("props[1].key"), ["duplicate"]);
        assert_eq!(r.codes_for("props[1].value"), ["length"]);
        assert_eq!(r.codes_for("props[1].type"), ["enum"]);
        assert_eq!(r.codes_for("props[1].note"), ["unknown_field"]);
        assert_eq!(r.codes_for("props[2].key"), ["pattern"]);
        assert_eq!(r.codes_for("props[2].type"), ["required"]);
        assert_eq!(r.codes_for("props[2].value"), ["type"]);
        assert_eq!(r.codes_for("props[3]"), ["type"]);
        assert_eq!(r.codes_for("props[4].key"), ["required"]);
        assert_eq!(r.codes_for("props[4].value"), ["length"]);
        assert_eq!(r.errors.len(), 10);
    }

    #[test]
    fn more_than_a_hundred_props_are_refused() {
        let many: Vec<Value> = (0..101)
            .map(|i| json!({"key": format!("k{i}"), "value": "v", "type": "text"}))
            .collect();
        let r = check(Value::Array(many)).unwrap_err();
        assert_eq!(r.codes_for("props"), ["length"]);
        assert_eq!(r.errors.len(), 1);
    }

    #[test]
    fn props_over_their_byte_budget_are_refused_as_a_whole() {
        let wide = |c: &str| -> Vec<Value> {
            (0..MAX_PROPS)
                .map(|i| json!({"key": format!("k{i}"), "value": c.repeat(500), "type": "text"}))
                .collect()
        };
        assert!(check(Value::Array(wide("a"))).is_ok());
        let r = check(Value::Array(wide("\u{1}"))).unwrap_err();
        assert_eq!(r.codes_for("props"), ["length"]);
        assert_eq!(r.errors.len(), 1);
    }

    #[test]
    fn an_upsert_needs_a_non_empty_props_list() {
        let ok = PropsUpsert::check(&json!({
            "contact_id": "01JQ8Z6V3K9N2M4P5R7S8T0W1X",
            "props": [{"key": "gstin", "value": "27AAPFU0939F1ZV", "type": "text"}],
        }))
        .unwrap();
        assert_eq!(ok.props.len(), 1);
        assert_eq!(
            PropsUpsert::check(&json!({})).unwrap_err().codes_for("props"),
            ["required"]
        );
        let r = PropsUpsert::check(&json!({"props": [], "mode": "merge"})).unwrap_err();
        assert_eq!(r.codes_for("props"), ["required"]);
        assert_eq!(r.codes_for("mode"), ["unknown_field"]);
        let r = PropsUpsert::check(&json!({"props": [{"key": "x"}, {"key": "x"}]})).unwrap_err();
        assert_eq!(r.codes_for("props[1].key"), ["duplicate"]);
        assert_eq!(r.errors.len(), 5);
    }
}
