//! The dedupe request (CONTRACT §3, Dedupe), and the identifiers it is matched by.

use serde::Serialize;
use serde_json::Value;

use crate::common::{choice, defaulted, id, item, list, matching, optional, refuse_unknown_nested};
use crate::contact::ContactType;
use crate::fields::{integer, join, object, refuse_unknown, text};
use crate::identifiers::IdentifierKind;
use crate::limits::MIN_SCORE_MAX;
use crate::props::{prop_key, prop_value, MAX_PROPS};
use crate::report::{code, Report};
use crate::text::{TextRule, ADDRESS_LINE, CITY, DEDUPE_NAME, NAMESPACE_REF, PINCODE};

pub const DEFAULT_LIMIT: u64 = 10;
pub use crate::limits::DEDUPE_LIMIT as MAX_LIMIT;
/// The `min_score` of a request that sends none: the matching model's decision threshold is scaled to
/// it, and it is the name-similarity threshold dedupe has always used (docs/DEDUPE.md).
pub const DEFAULT_MIN_SCORE: f64 = 0.85;

const FIELDS: &[&str] = &[
    "name",
    "type",
    "namespace",
    "props",
    "address",
    "min_score",
    "exclude_id",
    "limit",
];
const ADDRESS_FIELDS: &[&str] = &["pincode", "city", "address_line"];

/// A prop to match by: `type` may be sent (a form can pass a contact's props as they are) and is not used.
const PROP_FIELDS: &[&str] = &["key", "value", "type"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DedupeProp {
    #[schema(schema_with = crate::schema::identifier_prop_key)]
    pub key: String,
    #[schema(schema_with = crate::schema::prop_value)]
    pub value: String,
}

/// The address to compare stored contacts' addresses with; each part under the address rules (CONTRACT
/// §4), each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DedupeAddress {
    #[schema(schema_with = crate::schema::pincode_kind_or_null, required = false)]
    pub pincode: Option<String>,
    #[schema(schema_with = crate::schema::city_or_null, required = false)]
    pub city: Option<String>,
    #[schema(schema_with = crate::schema::address_line_or_null, required = false)]
    pub address_line: Option<String>,
}

impl DedupeAddress {
    fn is_empty(&self) -> bool {
        self.pincode.is_none() && self.city.is_none() && self.address_line.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DedupeRequest {
    /// `None` when absent, null or blank.
    #[schema(schema_with = crate::schema::dedupe_name_or_null)]
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<ContactType>,
    #[schema(schema_with = crate::schema::namespace_ref_or_null)]
    pub namespace: Option<String>,
    /// Identifier props (by their key aliases) and the date of birth (`dob`, `date_of_birth`).
    #[schema(required = false, max_items = 100)]
    pub props: Vec<DedupeProp>,
    /// An address to compare with the stored contacts' addresses (with a name or props: an address
    /// alone finds no one); null or `{}` is none.
    #[schema(required = false)]
    pub address: Option<DedupeAddress>,
    /// 0..=1, default 0.85: a stored contact scoring less is not returned.
    #[schema(schema_with = crate::schema::min_score, required = false)]
    pub min_score: f64,
    #[schema(schema_with = crate::schema::id_or_null)]
    pub exclude_id: Option<String>,
    /// 1..=50, default 10.
    #[schema(schema_with = crate::schema::dedupe_limit, required = false)]
    pub limit: u64,
}

impl DedupeRequest {
    pub fn check(body: &Value) -> Result<DedupeRequest, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, &[], "", r);
        let name = optional(map, "name", r, name).flatten();
        let kind = optional(map, "type", r, choice::<ContactType>);
        let namespace = optional(map, "namespace", r, matching(&NAMESPACE_REF));
        let props = defaulted(map, "props", r, props).unwrap_or_default();
        let address = optional(map, "address", r, address).filter(|a| !a.is_empty());
        let min_score = defaulted(map, "min_score", r, score);
        let exclude_id = optional(map, "exclude_id", r, id);
        let limit = defaulted(map, "limit", r, |v, f, r| integer(v, 1, MAX_LIMIT, f, r));
        let sent_props = map
            .get("props")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty());
        let sent_name = map.get("name").is_some_and(|v| !v.is_null() && !is_blank(v));
        // Candidates are found by name and by identifier; an address only weighs the ones found.
        if !sent_name && !sent_props {
            report.add(
                "name",
                code::REQUIRED,
                "give a name or props to compare (an address alone finds no one)",
            );
        }
        report.finish(DedupeRequest {
            name,
            kind,
            namespace,
            props,
            address,
            min_score: min_score.unwrap_or(DEFAULT_MIN_SCORE),
            exclude_id,
            limit: limit.unwrap_or(DEFAULT_LIMIT),
        })
    }

    /// The identifier props of the request, normalised: what the identifier index is searched with.
    pub fn identifiers(&self) -> Vec<(IdentifierKind, String)> {
        identifiers(self.props.iter().map(|p| (p.key.as_str(), p.value.as_str())))
    }
}

/// The identifiers among `(key, value)` pairs: props whose key names an identifier and whose value is a
/// valid one, normalised, sorted and without repeats. Used alike for a request and for indexing a
/// stored contact, so both sides are normalised the same way.
pub fn identifiers<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(IdentifierKind, String)> {
    let mut out: Vec<(IdentifierKind, String)> = pairs
        .into_iter()
        .filter_map(|(k, v)| {
            let kind = IdentifierKind::from_key(k)?;
            Some((kind, kind.normalize(v)?))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn is_blank(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.trim().is_empty())
}

/// A name to compare, or `Some(None)` for a blank one (a form may send its empty field).
fn name(value: &Value, field: &str, report: &mut Report) -> Option<Option<String>> {
    if is_blank(value) {
        Some(None)
    } else {
        text(value, &DEDUPE_NAME, field, report).map(Some)
    }
}

/// `min_score`: a number from 0 to 1.
fn score(value: &Value, field: &str, report: &mut Report) -> Option<f64> {
    let max = MIN_SCORE_MAX as f64;
    match value.as_f64() {
        Some(s) if (0.0..=max).contains(&s) => Some(s),
        Some(_) => {
            report.add(field, code::RANGE, format!("must be a number from 0 to {max}"));
            None
        }
        None => {
            report.add(field, code::TYPE, "must be a number");
            None
        }
    }
}

/// The address object: its parts under the address rules, nothing else.
fn address(value: &Value, field: &str, report: &mut Report) -> Option<DedupeAddress> {
    let Value::Object(map) = value else {
        report.add(
            field,
            code::TYPE,
            "must be an object of pincode, city and address_line",
        );
        return None;
    };
    let before = report.errors.len();
    refuse_unknown_nested(map, ADDRESS_FIELDS, field, report);
    let part = |key: &str, rule: &'static TextRule, report: &mut Report| -> Option<String> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => matching(rule)(v, &join(field, key), report),
        }
    };
    let out = DedupeAddress {
        pincode: part("pincode", &PINCODE, report),
        city: part("city", &CITY, report),
        address_line: part("address_line", &ADDRESS_LINE, report),
    };
    (report.errors.len() == before).then_some(out)
}

fn props(value: &Value, field: &str, report: &mut Report) -> Option<Vec<DedupeProp>> {
    let before = report.errors.len();
    let items = list(value, MAX_PROPS, field, report)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let path = item(field, i);
        let Value::Object(map) = v else {
            report.add(path, code::TYPE, "must be an object with key and value");
            continue;
        };
        refuse_unknown_nested(map, PROP_FIELDS, &path, report);
        let key = prop_key(map, &path, report);
        let value = prop_value(map, None, &path, report);
        if let (Some(key), Some(value)) = (key, value) {
            out.push(DedupeProp { key, value });
        }
    }
    (report.errors.len() == before).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_name_alone_is_enough_and_the_limit_defaults_to_ten() {
        let d = DedupeRequest::check(&json!({"name": "Rajesh Kumar"})).unwrap();
        assert_eq!(d.name.as_deref(), Some("Rajesh Kumar"));
        assert_eq!(d.limit, DEFAULT_LIMIT);
        assert!(d.props.is_empty());
    }

    #[test]
    fn props_alone_are_enough_and_identifiers_are_normalised() {
        let d = DedupeRequest::check(&json!({
            "name": "",
            "type": "corporate",
            "namespace": "SME Loans",
            "props": [
                {"key": "PAN_NO", "value": "aaacr5055k"},
                {"key": "gst_no", "value": "29AAACR5055K1Z3", "type": "text"},
                {"key": "phone", "value": "+91 98765 43210"},
                {"key": "mobile", "value": "098765-43210"},
                {"key": "email", "value": "not an e-mail"},
                {"key": "city", "value": "Bengaluru"},
            ],
            "exclude_id": "01JQ8Z6V3K9N2M4P5R7S8T0W1X",
            "limit": 50,
        }))
        .unwrap();
        assert_eq!(d.name, None);
        assert_eq!(d.kind, Some(ContactType::Corporate));
        assert_eq!(
            d.identifiers(),
            [
                (IdentifierKind::Pan, "AAACR5055K".to_string()),
                (IdentifierKind::Gstin, "29AAACR5055K1Z3".to_string()),
                (IdentifierKind::Mobile, "9876543210".to_string()),
            ]
        );
    }

    #[test]
    fn without_a_name_or_props_the_request_is_refused_on_name() {
        for body in [
            json!({}),
            json!({"name": "  ", "props": []}),
            json!({"name": null, "type": "individual"}),
            json!({"address": {"city": "Pune", "pincode": "411001"}}),
        ] {
            let r = DedupeRequest::check(&body).unwrap_err();
            assert_eq!(r.codes_for("name"), ["required"], "{body}");
            assert!(r.errors[0].message.contains("give a name or props"));
        }
    }

    #[test]
    fn every_bad_field_of_a_dedupe_request_is_reported_at_once() {
        let r = DedupeRequest::check(&json!({
            "name": "Rajesh <script>",
            "type": "huf",
            "namespace": "",
            "props": [{"key": "pan", "value": ""}, {"key": "pan", "value": "x", "score": 1}, "pan"],
            "exclude_id": "me",
            "limit": 51,
            "threshold": 0.9,
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("name"), ["pattern"]);
        assert_eq!(r.codes_for("type"), ["enum"]);
        assert_eq!(r.codes_for("namespace"), ["length"]);
        assert_eq!(r.codes_for("props[0].value"), ["length"]);
        assert_eq!(r.codes_for("props[1].score"), ["unknown_field"]);
        assert_eq!(r.codes_for("props[2]"), ["type"]);
        assert_eq!(r.codes_for("exclude_id"), ["pattern"]);
        assert_eq!(r.codes_for("limit"), ["range"]);
        assert_eq!(r.codes_for("threshold"), ["unknown_field"]);
        assert_eq!(r.errors.len(), 9);
    }

    #[test]
    fn the_limit_is_an_integer_from_one_to_fifty() {
        let with = |limit: Value| DedupeRequest::check(&json!({"name": "Sharma Traders", "limit": limit}));
        assert_eq!(with(json!(1)).unwrap().limit, 1);
        assert_eq!(with(json!(0)).unwrap_err().codes_for("limit"), ["range"]);
        assert_eq!(with(json!(2.5)).unwrap_err().codes_for("limit"), ["type"]);
        assert_eq!(with(json!(null)).unwrap_err().codes_for("limit"), ["type"]);
    }

    #[test]
    fn an_address_comes_with_a_name_and_min_score_defaults_to_the_models_threshold() {
        let d = DedupeRequest::check(
            &json!({"name": "Asha Rao", "address": {"pincode": "411001", "city": null}}),
        )
        .unwrap();
        assert_eq!(
            d.address,
            Some(DedupeAddress {
                pincode: Some("411001".into()),
                ..DedupeAddress::default()
            })
        );
        assert_eq!(d.min_score, DEFAULT_MIN_SCORE);
        let d = DedupeRequest::check(&json!({"name": "Asha Rao", "address": {}, "min_score": 0})).unwrap();
        assert_eq!(d.address, None, "an empty address is no address");
        assert_eq!(d.min_score, 0.0);
    }

    #[test]
    fn the_address_follows_the_address_rules_and_names_each_bad_part() {
        let r = DedupeRequest::check(&json!({
            "name": "Asha Rao",
            "address": {"pincode": "011001", "city": "Pune 1", "address_line": "12", "state": "MH"},
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("address.pincode"), ["pattern"]);
        assert_eq!(r.codes_for("address.city"), ["pattern"]);
        assert_eq!(r.codes_for("address.address_line"), ["length"]);
        assert_eq!(r.codes_for("address.state"), ["unknown_field"]);
        let r = DedupeRequest::check(&json!({"name": "Asha Rao", "address": "Pune"})).unwrap_err();
        assert_eq!(r.codes_for("address"), ["type"]);
    }

    #[test]
    fn min_score_is_a_number_from_zero_to_one() {
        let with = |s: Value| DedupeRequest::check(&json!({"name": "Asha Rao", "min_score": s}));
        assert_eq!(with(json!(1)).unwrap().min_score, 1.0);
        assert_eq!(with(json!(0.5)).unwrap().min_score, 0.5);
        assert_eq!(with(json!(1.01)).unwrap_err().codes_for("min_score"), ["range"]);
        assert_eq!(with(json!(-0.1)).unwrap_err().codes_for("min_score"), ["range"]);
        assert_eq!(with(json!("0.9")).unwrap_err().codes_for("min_score"), ["type"]);
        assert_eq!(with(json!(null)).unwrap_err().codes_for("min_score"), ["type"]);
    }

    #[test]
    fn identifiers_from_stored_props_ignore_invalid_values_and_repeats() {
        let stored = [
            ("pan_no", "123254684"),
            ("aadhaar", "2341 2341 2346"),
            ("aadhaar_no", "234123412346"),
        ];
        assert_eq!(
            identifiers(stored),
            [(IdentifierKind::Aadhaar, "234123412346".to_string())]
        );
    }
}
