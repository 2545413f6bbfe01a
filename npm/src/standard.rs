//! The answer of a schema's `~standard.validate` (Standard Schema v1): `{value}`, the body to send, or
//! `{issues: [{message, path, code}]}`, the API's own faults with paths as arrays.
//!
//! On top of the API's check, and only in the answer: the identifier props a schema was built for are
//! checked by the identifier rules (the ones dedupe normalises with) and sent in canonical form, and
//! surrounding whitespace is dropped from the text people type, as long as the body still passes.

use crego_validation::identifiers::IdentifierKind;
use crego_validation::{FieldError, Report};
use serde::Serialize;
use serde_json::Value;

use crate::body::Body;
use crate::path::{path, Segment};

/// `{value}` or `{issues}`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Valid { value: Value },
    Invalid { issues: Vec<Issue> },
}

/// One fault: the API's message and code, and where it is. No path: the body itself.
#[derive(Debug, Serialize)]
pub struct Issue {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<Segment>>,
    pub code: &'static str,
}

/// Checks `input` as `body`, with the identifier props of `kinds` (empty: none) held to their rules.
pub fn validate(body: Body, input: &Value, kinds: &[IdentifierKind]) -> Answer {
    let checked = body.check(input);
    let mut report = checked.as_ref().err().cloned().unwrap_or_default();
    let canonical = match body.has_props() && !kinds.is_empty() {
        true => identifier_props(input, kinds, &mut report),
        false => Vec::new(),
    };
    match checked {
        Ok(mut value) if report.is_empty() => {
            for (i, normalized) in canonical {
                let slot = value
                    .get_mut("props")
                    .and_then(|p| p.get_mut(i))
                    .and_then(|p| p.get_mut("value"));
                if let Some(slot) = slot {
                    *slot = Value::String(normalized);
                }
            }
            Answer::Valid {
                value: trimmed(body, value),
            }
        }
        _ => invalid(report, input),
    }
}

/// The faults of `input` as issues (an input that could not be read as JSON is `null` here: its one
/// fault is on the body itself).
pub fn invalid(report: Report, input: &Value) -> Answer {
    let issue = |error: FieldError| Issue {
        path: path(&error.field, input),
        message: error.message,
        code: error.code,
    };
    Answer::Invalid {
        issues: report.errors.into_iter().map(issue).collect(),
    }
}

/// Checks each prop whose key names one of `kinds` (by the kinds' aliases, as dedupe reads them) and
/// whose own fields passed: its faults join `report` on `props[i].value`; the canonical forms of the
/// valid ones are returned by index.
fn identifier_props(input: &Value, kinds: &[IdentifierKind], report: &mut Report) -> Vec<(usize, String)> {
    let Some(props) = input.get("props").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut canonical = Vec::new();
    for (i, prop) in props.iter().enumerate() {
        let (Some(key), Some(value)) = (prop["key"].as_str(), prop["value"].as_str()) else {
            continue;
        };
        let Some(kind) = IdentifierKind::from_alias(key).filter(|k| kinds.contains(k)) else {
            continue;
        };
        let own = format!("props[{i}]");
        let faulty = report.errors.iter().any(|e| {
            e.field == "props"
                || e.field
                    .strip_prefix(&own)
                    .is_some_and(|r| r.is_empty() || r.starts_with('.'))
        });
        if faulty {
            continue;
        }
        match kind.validate(value) {
            Ok(normalized) => canonical.push((i, normalized)),
            Err(faults) => {
                for fault in faults {
                    report.add(format!("{own}.value"), fault.code, fault.message);
                }
            }
        }
    }
    canonical
}

/// `value` with surrounding whitespace dropped from its text fields (and its props' keys and values),
/// when the body still passes the check that way; otherwise (an address line long enough only with its
/// spaces, a name of spaces alone) the body is sent as typed, every field of it.
fn trimmed(body: Body, value: Value) -> Value {
    let padded = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .is_some_and(|s| s.trim().len() != s.len())
    };
    let props = value
        .get("props")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let any_padded = body.text_fields().iter().any(|f| padded(value.get(*f)))
        || props
            .iter()
            .any(|p| padded(p.get("key")) || padded(p.get("value")));
    if !any_padded {
        return value;
    }
    let mut tidy = value.clone();
    for field in body.text_fields() {
        trim(tidy.get_mut(*field));
    }
    if let Some(props) = tidy.get_mut("props").and_then(Value::as_array_mut) {
        for prop in props {
            trim(prop.get_mut("key"));
            trim(prop.get_mut("value"));
        }
    }
    body.check(&tidy).unwrap_or(value)
}

/// Trims a string in place.
fn trim(slot: Option<&mut Value>) {
    if let Some(Value::String(s)) = slot {
        let t = s.trim();
        if t.len() != s.len() {
            *s = t.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(body: Body, input: Value, kinds: &[IdentifierKind]) -> Value {
        serde_json::to_value(validate(body, &input, kinds)).unwrap()
    }

    fn contact(props: Value) -> Value {
        json!({"name": "Rajesh Kumar", "namespace": "Retail", "status": "active", "type": "individual",
               "props": props})
    }

    #[test]
    fn a_valid_body_answers_its_value_and_nothing_else() {
        let a = answer(Body::Contact, contact(json!([])), &[]);
        assert_eq!(a.as_object().unwrap().keys().collect::<Vec<_>>(), ["value"]);
        assert_eq!(a["value"]["tags"], json!([]));
        assert_eq!(a["value"]["rm_id"], Value::Null);
    }

    #[test]
    fn faults_are_issues_with_the_api_message_code_and_a_path() {
        let mut body = contact(json!([{"key": "age", "value": "thirty", "type": "number"}]));
        body["status"] = json!("pending");
        let a = answer(Body::Contact, body, &[]);
        assert_eq!(
            a,
            json!({"issues": [
                {"message": "must be one of active, inactive", "path": ["status"], "code": "enum"},
                {"message": "must be a decimal number such as -12 or 3.5", "path": ["props", 0, "value"],
                 "code": "pattern"},
            ]})
        );
        let root = answer(Body::Namespace, json!("Retail"), &[]);
        assert_eq!(
            root,
            json!({"issues": [{"message": "the body must be a JSON object", "code": "type"}]})
        );
    }

    #[test]
    fn identifier_props_are_left_alone_unless_the_schema_names_their_kind() {
        let body = contact(json!([{"key": "pan_no", "value": "abc", "type": "text"}]));
        assert_eq!(
            answer(Body::Contact, body.clone(), &[])["value"]["props"][0]["value"],
            "abc"
        );
        let a = answer(Body::Contact, body.clone(), &[IdentifierKind::Mobile]);
        assert_eq!(
            a["value"]["props"][0]["value"], "abc",
            "a PAN is not checked as a mobile"
        );
        let a = answer(Body::Contact, body, &[IdentifierKind::Pan]);
        assert_eq!(a["issues"][0]["path"], json!(["props", 0, "value"]));
        assert_eq!(a["issues"][0]["code"], "length");
    }

    #[test]
    fn identifier_props_of_the_named_kinds_are_sent_in_canonical_form() {
        let body = contact(json!([
            {"key": "PAN_No", "value": " abcpk 1234 l", "type": "text"},
            {"key": "mobile", "value": "+91 98765 43210", "type": "text"},
            {"key": "city", "value": " Pune ", "type": "text"},
        ]));
        let a = answer(
            Body::Contact,
            body,
            &[IdentifierKind::Pan, IdentifierKind::Mobile],
        );
        let values: Vec<&Value> = (0..3).map(|i| &a["value"]["props"][i]["value"]).collect();
        assert_eq!(
            values,
            [&json!("ABCPK1234L"), &json!("9876543210"), &json!("Pune")]
        );
    }

    #[test]
    fn an_identifier_prop_whose_own_fields_fail_is_not_checked_twice() {
        let body = json!({"props": [
            {"key": "pan", "value": "", "type": "text"},
            {"key": "pan_number", "value": "ABCPK1234", "type": "text"},
        ]});
        let a = answer(Body::Props, body, &[IdentifierKind::Pan]);
        let issues = a["issues"].as_array().unwrap();
        let seen: Vec<(&Value, &Value)> = issues.iter().map(|i| (&i["path"], &i["code"])).collect();
        assert_eq!(
            seen,
            [
                (&json!(["props", 0, "value"]), &json!("length")),
                (&json!(["props", 1, "value"]), &json!("length")),
            ]
        );
    }

    #[test]
    fn identifier_faults_join_the_other_faults_of_the_body() {
        let mut body = contact(json!([{"key": "gstin", "value": "27AAPFU0939F1ZW", "type": "text"}]));
        body["name"] = json!("Rajesh@Kumar");
        let a = answer(Body::Contact, body, &[IdentifierKind::Gstin]);
        let codes: Vec<&Value> = a["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| &i["code"])
            .collect();
        assert_eq!(codes, [&json!("pattern"), &json!("checksum")]);
    }

    #[test]
    fn text_is_sent_trimmed_while_it_still_passes() {
        let mut body = contact(json!([]));
        body["name"] = json!("  Rajesh Kumar ");
        assert_eq!(answer(Body::Contact, body, &[])["value"]["name"], "Rajesh Kumar");
        let address = json!({"contact_id": "01JQ8Z6V3K9N2M4P5R7S8T0W1X", "address_line": " 12 B ",
                             "city": " Pune "});
        let a = answer(Body::Address, address, &[]);
        assert_eq!(
            a["value"]["address_line"], " 12 B ",
            "5 characters only with its spaces"
        );
        assert_eq!(a["value"]["city"], " Pune ", "all or nothing: the body as typed");
        let ok = json!({"contact_id": "01JQ8Z6V3K9N2M4P5R7S8T0W1X", "address_line": " 12, MG Road ",
                        "city": " Pune "});
        let a = answer(Body::AddressDraft, ok, &[]);
        assert_eq!(
            (&a["value"]["address_line"], &a["value"]["city"]),
            (&json!("12, MG Road"), &json!("Pune"))
        );
    }

    #[test]
    fn text_that_is_only_spaces_is_kept_as_the_api_accepts_it() {
        let mut body = contact(json!([]));
        body["name"] = json!("   ");
        assert_eq!(answer(Body::Contact, body, &[])["value"]["name"], "   ");
    }
}
