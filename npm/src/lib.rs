//! `@crego/validation`: the Crego Contact API field rules for browsers and Node, compiled from the same
//! `crego-validation` crate the worker runs, so a form and the API refuse exactly the same inputs with
//! exactly the same codes. This crate only binds: every rule lives in `validation/`, and the package's
//! JavaScript (`npm/js/`) names the bodies, builds the Standard Schemas and loads this module.
//!
//! Answers are data, never exceptions: any JS value given as a body (undefined, a number, an array,
//! an object with a cycle) gives a report.

mod body;
mod convert;
mod date;
mod path;
mod standard;

use crego_validation::identifiers::{self, IdentifierKind};
use crego_validation::pattern::IssueDate;
use crego_validation::{code, RefPattern, Report, MAX_SAFE_INTEGER};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use body::Body;
use convert::{report_js, to_js, to_json, value_js};

fn body_named(name: &str) -> Body {
    // The names come from the package's own JavaScript, never from a form: an unknown one is a bug there.
    Body::from_name(name).unwrap_or_else(|| wasm_bindgen::throw_str("@crego/validation: unknown body kind"))
}

/// `{ok, errors}`: every fault of `input` as the body `body` (`"contact"`, `"bank_patch"`, ...), exactly
/// the `errors` of the API's `400`. Behind `validateContact` and its siblings.
#[wasm_bindgen(js_name = checkBody)]
pub fn check_body(body: &str, input: &JsValue) -> JsValue {
    let body = body_named(body);
    report_js(to_json(input).and_then(|json| body.verdict(&json)))
}

/// `{value}` or `{issues}`: a schema's `~standard.validate`. `kinds` names the identifier kinds whose
/// props are held to their rules, comma-separated (`"pan,mobile"`; `""` for none).
#[wasm_bindgen(js_name = standardBody)]
pub fn standard_body(body: &str, input: &JsValue, kinds: &str) -> JsValue {
    let body = body_named(body);
    let kinds: Vec<IdentifierKind> = kinds.split(',').filter_map(IdentifierKind::from_name).collect();
    match to_json(input) {
        Ok(json) => to_js(&standard::validate(body, &json, &kinds)),
        Err(report) => to_js(&standard::invalid(report, &serde_json::Value::Null)),
    }
}

fn test_str(value: &JsValue, rule: fn(&str) -> bool) -> bool {
    value.as_string().is_some_and(|s| rule(&s))
}

/// A PAN such as `ABCPK1234L`: five letters (the fourth a holder type), four digits, a letter.
/// Upper case only; anything that is not a string is `false`.
#[wasm_bindgen(js_name = isValidPan)]
pub fn is_valid_pan(value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_pan)
}

/// A GSTIN such as `27AAPFU0939F1ZV`: state code, embedded PAN, entity number, `Z`, mod-36 check character.
#[wasm_bindgen(js_name = isValidGstin)]
pub fn is_valid_gstin(value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_gstin)
}

/// An Aadhaar number: 12 digits (or `2341 2341 2346`), the first 2-9, with a valid Verhoeff check digit.
#[wasm_bindgen(js_name = isValidAadhaar)]
pub fn is_valid_aadhaar(value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_aadhaar)
}

/// An IFSC such as `SBIN0001234`: four letters, a zero, six letters or digits (upper case).
#[wasm_bindgen(js_name = isValidIfsc)]
pub fn is_valid_ifsc(value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_ifsc)
}

/// A pincode: six digits, the first 1-9.
#[wasm_bindgen(js_name = isValidPincode)]
pub fn is_valid_pincode(value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_pincode)
}

/// An e-mail address, checked pragmatically (one `@`, a dotted domain, at most 254 characters).
#[wasm_bindgen(js_name = isValidEmail)]
pub fn is_valid_email(value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_email)
}

/// Checks `value` as an identifier of `kind` (`"pan"`, `"gstin"`, ... see `identifierKinds()`):
/// `{ok, kind, normalized, errors: [{code, message}]}`. `normalized` is the canonical form of a valid
/// value (`" abcpk-1234l"` → `"ABCPK1234L"`), `null` otherwise. Never throws: an unknown kind is an
/// `enum` error, a value that is not a string a `type` error.
#[wasm_bindgen(js_name = validateIdentifier)]
pub fn validate_identifier(kind: &JsValue, value: &JsValue) -> JsValue {
    let (kind, value) = (kind.as_string(), value.as_string());
    to_js(&identifiers::validate_identifier_input(
        kind.as_deref(),
        value.as_deref(),
    ))
}

/// Every identifier kind: `[{kind, label, aliases, dedupe, example}]`, `aliases` being the prop keys
/// that hold it (compared case-insensitively) and `dedupe` whether the API's dedupe matches by it.
#[wasm_bindgen(js_name = identifierKinds)]
pub fn identifier_kinds() -> JsValue {
    to_js(&identifiers::identifier_kinds())
}

/// A string, or `null` for no answer.
fn string_or_null(answer: Option<String>) -> JsValue {
    answer.map_or(JsValue::NULL, |s| JsValue::from_str(&s))
}

/// The 10-digit national number of an Indian mobile (`+91 98765 43210` → `9876543210`), or `null`.
#[wasm_bindgen(js_name = normalizeMobile)]
pub fn normalize_mobile(value: &JsValue) -> JsValue {
    string_or_null(value.as_string().and_then(|s| identifiers::normalize_mobile(&s)))
}

/// `value` as the API shows it to a caller without `pii:read`, as a value of `kind` (an identifier
/// kind, or `"account_number"`): `maskIdentifier("aadhaar", "2341 2341 2346")` is `"XXXX XXXX 2346"`.
/// `null` for a kind that is neither, and for an argument that is not a string.
#[wasm_bindgen(js_name = maskIdentifier)]
pub fn mask_identifier(kind: &JsValue, value: &JsValue) -> JsValue {
    let (kind, value) = (kind.as_string(), value.as_string());
    string_or_null(
        kind.zip(value)
            .and_then(|(k, v)| identifiers::mask_identifier(&k, &v)),
    )
}

/// The ref id a pattern gives for counter `n` on `date` (a `Date`, or an ISO string such as
/// `2026-03-07`; the UTC day counts), for a live preview: `renderRefPattern("CUST-{YYYY}-{SEQ:6}", 42,
/// "2026-03-07")` is `{ok: true, value: "CUST-2026-000042"}`. Every bad argument is reported, on the
/// fields `pattern`, `n` and `date`.
#[wasm_bindgen(js_name = renderRefPattern)]
pub fn render_ref_pattern(pattern: &JsValue, n: &JsValue, date: &JsValue) -> JsValue {
    let mut report = Report::new();
    let parsed = match pattern.as_string() {
        Some(p) => RefPattern::parse(&p)
            .map_err(|e| report.add("pattern", e.code(), e.to_string()))
            .ok(),
        None => {
            report.add("pattern", code::TYPE, "must be a string");
            None
        }
    };
    let n = counter(n, &mut report);
    let date = issue_date(date, &mut report);
    value_js(match (parsed, n, date) {
        (Some(p), Some(n), Some(d)) if report.is_empty() => Ok(p.render(n, d)),
        _ => Err(report),
    })
}

/// A whole number from 1 to 2^53 - 1, as counters are.
fn counter(n: &JsValue, report: &mut Report) -> Option<u64> {
    let range = || format!("must be an integer from 1 to {MAX_SAFE_INTEGER}");
    match n.as_f64() {
        Some(f) if f.is_finite() && f.fract() == 0.0 => {
            if (1.0..=MAX_SAFE_INTEGER as f64).contains(&f) {
                Some(f as u64)
            } else {
                report.add("n", code::RANGE, range());
                None
            }
        }
        _ => {
            report.add("n", code::TYPE, "must be an integer");
            None
        }
    }
}

/// The UTC calendar day of a `Date` or of an ISO date string.
fn issue_date(date: &JsValue, report: &mut Report) -> Option<IssueDate> {
    if let Some(d) = date.dyn_ref::<js_sys::Date>() {
        if d.get_time().is_nan() {
            report.add("date", code::TYPE, "must be a valid Date");
            return None;
        }
        return Some(IssueDate {
            year: d.get_utc_full_year() as i32,
            month: d.get_utc_month() + 1,
            day: d.get_utc_date(),
        });
    }
    match date.as_string() {
        Some(s) => date::parse_iso_date(&s)
            .map_err(|message| report.add("date", code::PATTERN, message))
            .ok(),
        None => {
            report.add("date", code::TYPE, "must be a Date or an ISO date string");
            None
        }
    }
}
