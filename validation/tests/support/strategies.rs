//! Generators for the property tests: the fields of each input type, values that pass them, and
//! arbitrary JSON and text that mostly do not.

use crego_validation::MAX_SAFE_INTEGER;
use proptest::prelude::*;
use serde_json::{json, Map, Number, Value};

pub const ID: &str = "01JQ8Z6V3K9N2M4P5R7S8T0W1X";
pub const NAMESPACE: &[&str] = &[
    "name",
    "contact_pattern",
    "account_pattern",
    "contact_counter",
    "account_counter",
];
pub const CONTACT: &[&str] = &[
    "name",
    "namespace",
    "status",
    "type",
    "tags",
    "refs",
    "props",
    "rm_id",
    "branch_id",
    "ref_id",
    "approval_status",
];
pub const ACTION: &[&str] = &["remarks"];
pub const ADDRESS: &[&str] = &[
    "contact_id",
    "address_line",
    "city",
    "state",
    "pincode",
    "country",
    "coords",
    "codes",
    "tags",
];
pub const BANK: &[&str] = &[
    "contact_id",
    "account_number",
    "ifsc",
    "account_holder_name",
    "bank_name",
    "branch",
    "account_type",
    "is_primary",
    "verification_status",
    "tags",
];
pub const RELATION: &[&str] = &["contact", "type", "related_contact"];
pub const PROPS: &[&str] = &["props", "contact_id"];
pub const DEDUPE: &[&str] = &["name", "type", "namespace", "props", "exclude_id", "limit"];
/// Server-managed fields, ignored in every body.
pub const MANAGED: &[&str] = &["id", "version", "created_at"];

/// Values some field accepts, so that generated bodies often pass and the round trip is exercised.
pub fn samples(key: &str) -> Vec<Value> {
    let prop = json!({"key": "pan_no", "value": "ABCPE1234F", "type": "text"});
    let typed = json!([{"key": "age", "value": "-12.5", "type": "number"}, {"key": "ok", "value": "true", "type": "boolean"}]);
    match key {
        "name" => vec![
            json!("Asha Rao"),
            json!("Retail"),
            json!("D'Souza & Sons (P) Ltd"),
        ],
        "namespace" => vec![json!("Retail"), json!(ID)],
        "status" => vec![json!("active"), json!("inactive")],
        "type" => vec![json!("individual"), json!("corporate"), json!("spouse")],
        "tags" => vec![json!([]), json!(["vip", "नया"])],
        "refs" => vec![json!({}), json!({"crm": {"id": 42, "score": 0.5}})],
        "props" => vec![json!([prop]), typed, json!([{"key": "email", "value": "a@b.in"}])],
        "rm_id" | "branch_id" => vec![json!(""), json!("RM-1"), Value::Null],
        "ref_id" => vec![json!("CUST-2026-000042"), Value::Null],
        "contact_pattern" | "account_pattern" => {
            vec![json!("CUST-{YYYY}-{SEQ:6}"), json!("{SEQ}"), Value::Null]
        }
        "contact_counter" | "account_counter" => vec![json!(1), json!(MAX_SAFE_INTEGER), json!(5.0)],
        "approval_status" => vec![json!("approved")],
        "remarks" => vec![json!("looks good"), Value::Null],
        "contact_id" | "contact" | "exclude_id" => vec![json!(ID)],
        "related_contact" => vec![json!("01JQ8Z6V3K9N2M4P5R7S8T0W1Y"), Value::Null],
        "address_line" => vec![json!("Flat 4B, Sai Residency, 12/3 M.G. Road"), Value::Null],
        "city" => vec![json!("Navi Mumbai")],
        "state" => vec![json!("Maharashtra")],
        "pincode" => vec![json!("400703")],
        "country" => vec![json!("India")],
        "coords" => vec![
            json!({"lat": 19.033, "lng": 73.0297}),
            json!({"lat": -90, "lng": 180.0}),
            Value::Null,
        ],
        "codes" => vec![json!({}), json!({"district": "THN"})],
        "account_number" => vec![json!("123456789012")],
        "ifsc" => vec![json!("HDFC0001234"), json!("sbin0001234")],
        "account_holder_name" | "bank_name" | "branch" => vec![json!("HDFC Bank"), Value::Null],
        "account_type" => vec![json!("savings"), json!("nro"), Value::Null],
        "is_primary" => vec![json!(true), json!(false)],
        "verification_status" => vec![json!("verified"), json!("unverified")],
        "limit" => vec![json!(1), json!(50)],
        "id" | "version" | "created_at" => vec![json!("ignored"), json!(3)],
        _ => vec![Value::Null],
    }
}

/// Text that probes the rules: look-alikes, controls, injection, tokens, edge lengths.
pub fn tricky_text() -> BoxedStrategy<String> {
    let fixed = [
        "",
        " ",
        "\u{0410}sha",
        "a\u{200b}b",
        "\u{202e}x",
        "\u{0}",
        "\t\n",
        "' OR 1=1 --",
        "{SEQ}",
        "{SEQ:13}",
        "{",
        "}",
        "{YYYY}{MM}{DD}",
        "null",
        "-0",
        "1e400",
        "ABCPE1234F",
        "27AAPFU0939F1ZV",
        "+91 98765 43210",
    ];
    prop_oneof![
        prop::sample::select(fixed.to_vec()).prop_map(String::from),
        any::<String>(),
        "\\PC{0,60}",
        (1usize..300).prop_map(|n| "a".repeat(n)),
    ]
    .boxed()
}

/// Any JSON: null, booleans, integers and floats (huge, whole, negative zero), text, arrays, objects
/// whose keys are field names or anything.
pub fn any_json() -> BoxedStrategy<Value> {
    let numbers = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        prop::sample::select(vec![
            json!(MAX_SAFE_INTEGER + 1),
            json!(u64::MAX),
            json!(1e300),
            json!(-0.0)
        ]),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        numbers,
        tricky_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

pub fn any_key() -> BoxedStrategy<String> {
    let nested: &[&str] = &["key", "value", "lat", "lng"];
    let known: Vec<&str> = [NAMESPACE, CONTACT, ADDRESS, BANK, DEDUPE, nested].concat();
    prop_oneof![prop::sample::select(known).prop_map(String::from), "\\PC{0,12}"].boxed()
}

/// A body for a resource with these fields: mostly an object whose fields are often valid, sometimes
/// with a stray field, sometimes any JSON at all.
pub fn body(fields: &'static [&'static str]) -> BoxedStrategy<Value> {
    let keys: Vec<&'static str> = [fields, MANAGED].concat();
    let per_key: Vec<_> = keys
        .into_iter()
        .map(|k| {
            let value = prop_oneof![9 => prop::sample::select(samples(k)), 1 => any_json()];
            prop::option::weighted(0.9, value.prop_map(move |v| (k.to_string(), v)))
        })
        .collect();
    let stray = prop_oneof![4 => Just(Vec::new()), 1 => prop::collection::vec((any_key(), any_json()), 1..3)];
    let object = (per_key, stray).prop_map(|(fields, stray)| {
        let map: Map<String, Value> = fields.into_iter().flatten().chain(stray).collect();
        Value::Object(map)
    });
    prop_oneof![9 => object, 1 => any_json()].boxed()
}

/// Patterns: mostly literal runs and tokens (well and badly formed), sometimes any text.
pub fn pattern_text() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        "[A-Za-z0-9._/-]{1,12}",
        prop::sample::select(vec![
            "{SEQ}", "{YYYY}", "{YY}", "{MM}", "{DD}", "{", "}", "{SEQ:}", "{X}"
        ])
        .prop_map(String::from),
        (0usize..20).prop_map(|w| format!("{{SEQ:{w}}}")),
    ];
    prop_oneof![4 => prop::collection::vec(piece, 1..8).prop_map(|p| p.concat()), 1 => tricky_text()].boxed()
}

/// Identifier-shaped text (valid shapes, lower case, spaced) and anything else.
pub fn identifier_text() -> BoxedStrategy<String> {
    prop_oneof![
        "[A-Z]{3}[PCHFATBLJG][A-Z][0-9]{4}[A-Z]",
        "[0-3][0-9][A-Z]{3}[PCHF][A-Z][0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]",
        "[2-9][0-9]{3} ?[0-9]{4} ?[0-9]{4}",
        "(\\+91|91|0)?[ -]?[6-9][0-9]{4}[ -]?[0-9]{5}",
        "[a-zA-Z0-9.]{1,10}@[a-z]{1,8}\\.[a-z]{2,3}",
        "[A-Za-z]{4}0[A-Z0-9]{6}",
        "[0-9]{6}",
        "[0-9]{4}[A-Z]{3}[0-9]{5}(NR|OS|UN|ON)[0-9A-Z]",
        "[0-3][0-9][A-Z]{4}[0-9]{5}[A-Z][0-9A-Z][ZDC][0-9A-Z]",
        "[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}",
        "[A-Z]{3}[0-9]{7}|[A-Z][0-9]{7}|[A-Z]{2}[0-9]{13}|[LU][0-9]{5}[A-Z]{2}[0-9]{4}[A-Z]{3}[0-9]{6}",
        "[a-z]{3}-?[0-9]{4}|UDYAM-[A-Z]{2}-[0-9]{2}-[0-9]{7}|[0-9A-Z]{18}[0-9]{2}|[a-z0-9.]{2,8}@[a-z0-9]{2,6}",
        " ?[a-z0-9]{10,15} ?",
        tricky_text(),
    ]
    .boxed()
}
