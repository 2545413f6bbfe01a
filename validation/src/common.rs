//! Field parsers shared by the resource checks: how a field may be absent or null, enums, ids,
//! booleans, tags and refs. Each parser reports its own faults and returns `None` after one.
//!
//! Null is accepted only where a response can show null (`rm_id`, `coords`, ...); a field that always
//! has a value (`tags`, `is_primary`) refuses null, and a required one reports it as `required`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::fields::{join, slot, text, Slot};
use crate::limits::{depth, REFS_DEPTH};
use crate::report::{code, Report};
use crate::text::{TextRule, CODE, ID, TAG};

pub use crate::limits::{REFS_BYTES as MAX_REFS_BYTES, REFS_KEYS as MAX_REFS_KEYS, TAGS as MAX_TAGS};

/// A closed set of string values (statuses, types), checked with [`choice`].
pub trait Choice: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

/// Declares a `Choice` enum serialized (and, for the worker's stored rows, deserialized) as its strings.
macro_rules! choice_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        /// In the OpenAPI document: a string, one of the values.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($text),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl $crate::common::Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }
    };
}
pub(crate) use choice_enum;

/// Create: a field that must be present and not null.
pub fn required<T>(
    map: &Map<String, Value>,
    key: &str,
    report: &mut Report,
    parse: impl FnOnce(&Value, &str, &mut Report) -> Option<T>,
) -> Option<T> {
    match slot(map, key) {
        Slot::Absent | Slot::Null => {
            report.add(key, code::REQUIRED, "is required");
            None
        }
        Slot::Present(v) => parse(v, key, report),
    }
}

/// Create: a nullable field; null is the same as absent.
pub fn optional<T>(
    map: &Map<String, Value>,
    key: &str,
    report: &mut Report,
    parse: impl FnOnce(&Value, &str, &mut Report) -> Option<T>,
) -> Option<T> {
    match slot(map, key) {
        Slot::Absent | Slot::Null => None,
        Slot::Present(v) => parse(v, key, report),
    }
}

/// Create or patch: a field that may be omitted (the caller applies its default) but is never null;
/// a null reaches `parse`, which refuses it as a `type` fault.
pub fn defaulted<T>(
    map: &Map<String, Value>,
    key: &str,
    report: &mut Report,
    parse: impl FnOnce(&Value, &str, &mut Report) -> Option<T>,
) -> Option<T> {
    map.get(key).and_then(|v| parse(v, key, report))
}

/// Patch: a required field; absent leaves it alone, null is refused (`required`).
pub fn unclearable<T>(
    map: &Map<String, Value>,
    key: &str,
    report: &mut Report,
    parse: impl FnOnce(&Value, &str, &mut Report) -> Option<T>,
) -> Option<T> {
    match slot(map, key) {
        Slot::Absent => None,
        Slot::Null => {
            report.add(key, code::REQUIRED, "is required and cannot be cleared");
            None
        }
        Slot::Present(v) => parse(v, key, report),
    }
}

/// Patch: a nullable field; `None` leaves it alone, `Some(None)` clears it.
pub fn clearable<T>(
    map: &Map<String, Value>,
    key: &str,
    report: &mut Report,
    parse: impl FnOnce(&Value, &str, &mut Report) -> Option<T>,
) -> Option<Option<T>> {
    match slot(map, key) {
        Slot::Absent => None,
        Slot::Null => Some(None),
        Slot::Present(v) => parse(v, key, report).map(Some),
    }
}

/// A parser for strings of one text rule.
pub fn matching(rule: &'static TextRule) -> impl Fn(&Value, &str, &mut Report) -> Option<String> {
    move |v, field, report| text(v, rule, field, report)
}

/// One of the values of `T`, or an `enum` fault listing them.
pub fn choice<T: Choice>(value: &Value, field: &str, report: &mut Report) -> Option<T> {
    let Some(s) = value.as_str() else {
        // A wrong JSON type is a `type` fault here as everywhere else; `enum` is for an unknown string.
        report.add(field, code::TYPE, "must be a string");
        return None;
    };
    let parsed = T::parse(s);
    if parsed.is_none() {
        let all: Vec<&str> = T::ALL.iter().map(|c| c.as_str()).collect();
        report.add(field, code::ENUM, format!("must be one of {}", all.join(", ")));
    }
    parsed
}

/// A resource id referenced in a body. Too short or too long is also a `pattern` fault: an id has
/// one shape, and a client only needs to know that this is not one.
pub fn id(value: &Value, field: &str, report: &mut Report) -> Option<String> {
    let Some(s) = value.as_str() else {
        report.add(field, code::TYPE, "must be a string");
        return None;
    };
    match ID.test(s) {
        Ok(()) => Some(s.to_string()),
        Err(_) => {
            report.add(
                field,
                code::PATTERN,
                "must be an id: 8 to 50 letters, digits, . _ or -",
            );
            None
        }
    }
}

pub fn boolean(value: &Value, field: &str, report: &mut Report) -> Option<bool> {
    let b = value.as_bool();
    if b.is_none() {
        report.add(field, code::TYPE, "must be true or false");
    }
    b
}

/// `rm_id`/`branch_id`: `""` means absent, as the published example sends it (`Some(None)`).
pub fn code_or_blank(value: &Value, field: &str, report: &mut Report) -> Option<Option<String>> {
    match value.as_str() {
        Some("") => Some(None),
        _ => text(value, &CODE, field, report).map(Some),
    }
}

/// `field[i]`
pub fn item(field: &str, i: usize) -> String {
    format!("{field}[{i}]")
}

/// The items of a list of at most `max`, or a fault. Items past `max` are not checked: the list is
/// refused whole, and checking them would let one body produce an unbounded report.
pub fn list<'a>(value: &'a Value, max: usize, field: &str, report: &mut Report) -> Option<&'a [Value]> {
    let Value::Array(items) = value else {
        report.add(field, code::TYPE, "must be an array");
        return None;
    };
    if items.len() > max {
        report.add(field, code::LENGTH, format!("must have at most {max} items"));
    }
    Some(items.get(..max).unwrap_or(items))
}

/// Reports every key of a nested object (a prop, `coords`) outside `known`. Unlike a body, a nested
/// object has no server-managed fields to ignore.
pub fn refuse_unknown_nested(map: &Map<String, Value>, known: &[&str], prefix: &str, report: &mut Report) {
    for k in map.keys().filter(|k| !known.contains(&k.as_str())) {
        report.add(
            join(prefix, k),
            code::UNKNOWN_FIELD,
            format!("`{k}` is not a field here"),
        );
    }
}

/// Tags: at most 50 distinct strings of 1..=50 characters without control characters.
pub fn tags(value: &Value, field: &str, report: &mut Report) -> Option<Vec<String>> {
    let before = report.errors.len();
    let items = list(value, MAX_TAGS, field, report)?;
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let path = item(field, i);
        if let Some(tag) = text(v, &TAG, &path, report) {
            if seen.insert(tag.clone()) {
                out.push(tag);
            } else {
                report.add(path, code::DUPLICATE, format!("`{tag}` is already in the list"));
            }
        }
    }
    (report.errors.len() == before).then_some(out)
}

/// Refs: a JSON object of at most 50 keys, 4 KiB serialized and 8 levels deep.
pub fn refs(value: &Value, field: &str, report: &mut Report) -> Option<Map<String, Value>> {
    let Value::Object(map) = value else {
        report.add(field, code::TYPE, "must be an object");
        return None;
    };
    if map.len() > MAX_REFS_KEYS {
        report.add(
            field,
            code::LENGTH,
            format!("must have at most {MAX_REFS_KEYS} keys"),
        );
        return None;
    }
    let bytes = serde_json::to_vec(value).map_or(usize::MAX, |v| v.len());
    if bytes > MAX_REFS_BYTES {
        report.add(
            field,
            code::LENGTH,
            format!("must be at most {MAX_REFS_BYTES} bytes as JSON (this is {bytes})"),
        );
        return None;
    }
    let levels = depth(value);
    if levels > REFS_DEPTH {
        report.add(
            field,
            code::DEPTH,
            format!("may nest objects and arrays at most {REFS_DEPTH} levels deep (this is {levels})"),
        );
        return None;
    }
    Some(map.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    choice_enum!(Colour { Saffron = "saffron", Green = "green" });

    fn run<T>(f: impl FnOnce(&Value, &str, &mut Report) -> Option<T>, v: Value) -> (Option<T>, Report) {
        let mut r = Report::new();
        (f(&v, "f", &mut r), r)
    }

    #[test]
    fn an_enum_value_must_be_one_of_its_strings_exactly() {
        assert_eq!(run(choice::<Colour>, json!("green")).0, Some(Colour::Green));
        let (v, r) = run(choice::<Colour>, json!("Green"));
        assert_eq!(v, None);
        assert_eq!(r.codes_for("f"), ["enum"]);
        assert!(r.errors[0].message.contains("saffron, green"));
        assert_eq!(run(choice::<Colour>, json!(1)).1.codes_for("f"), ["type"]);
    }

    #[test]
    fn duplicate_tags_are_reported_on_the_later_item() {
        let (v, r) = run(tags, json!(["vip", "mumbai", "vip", ""]));
        assert_eq!(v, None);
        assert_eq!(r.codes_for("f[2]"), ["duplicate"]);
        assert_eq!(r.codes_for("f[3]"), ["length"]);
        assert_eq!(
            run(tags, json!(["vip", "VIP"])).0,
            Some(vec!["vip".into(), "VIP".into()])
        );
    }

    #[test]
    fn a_list_over_its_limit_is_refused_and_only_its_first_items_are_checked() {
        let many: Vec<Value> = (0..60).map(|_| json!(7)).collect();
        let (v, r) = run(tags, Value::Array(many));
        assert_eq!(v, None);
        assert_eq!(r.codes_for("f"), ["length"]);
        assert_eq!(r.errors.len(), 1 + MAX_TAGS);
        assert_eq!(run(tags, json!(null)).1.codes_for("f"), ["type"]);
    }

    #[test]
    fn refs_are_limited_by_key_count_and_serialized_size() {
        assert!(run(refs, json!({"crm": "C-1", "legacy": {"id": 4}})).0.is_some());
        let wide: Map<String, Value> = (0..51).map(|i| (format!("k{i}"), json!(1))).collect();
        assert_eq!(run(refs, Value::Object(wide)).1.codes_for("f"), ["length"]);
        let big = json!({"note": "x".repeat(4100)});
        assert_eq!(run(refs, big).1.codes_for("f"), ["length"]);
        assert_eq!(run(refs, json!([1])).1.codes_for("f"), ["type"]);
        let mut deep = json!(1);
        for _ in 0..REFS_DEPTH {
            deep = json!({"k": deep});
        }
        assert!(run(refs, deep.clone()).0.is_some());
        assert_eq!(run(refs, json!({"k": deep})).1.codes_for("f"), ["depth"]);
    }

    #[test]
    fn an_id_of_the_wrong_length_is_a_pattern_fault() {
        assert_eq!(
            run(id, json!("01JQ8Z6V3K9N2M4P5R7S8T0W1X")).0.as_deref(),
            Some("01JQ8Z6V3K9N2M4P5R7S8T0W1X")
        );
        assert_eq!(run(id, json!("abc")).1.codes_for("f"), ["pattern"]);
        assert_eq!(run(id, json!("contact/0001")).1.codes_for("f"), ["pattern"]);
        assert_eq!(run(id, json!(12345678)).1.codes_for("f"), ["type"]);
    }

    #[test]
    fn a_blank_code_means_absent() {
        assert_eq!(run(code_or_blank, json!("")).0, Some(None));
        assert_eq!(run(code_or_blank, json!("RM-12")).0, Some(Some("RM-12".into())));
        assert_eq!(run(code_or_blank, json!("RM 12")).1.codes_for("f"), ["pattern"]);
    }

    #[test]
    fn presence_rules_treat_absent_and_null_as_their_names_say() {
        let body = json!({"a": null});
        let map = body.as_object().unwrap();
        let mut r = Report::new();
        assert_eq!(required(map, "a", &mut r, boolean), None);
        assert_eq!(optional(map, "a", &mut r, boolean), None);
        assert_eq!(unclearable(map, "b", &mut r, boolean), None);
        assert_eq!(clearable(map, "a", &mut r, boolean), Some(None));
        assert_eq!(clearable(map, "b", &mut r, boolean), None);
        assert_eq!(r.codes_for("a"), ["required"]);
        assert_eq!(unclearable(map, "a", &mut r, boolean), None);
        assert_eq!(defaulted(map, "a", &mut r, boolean), None);
        let codes: Vec<_> = r.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["required", "required", "type"]);
    }
}
