//! `@crego/validation`: the Crego Contact API field rules for browsers and Node, compiled from the same
//! `crego-validation` crate the worker runs, so a form and the API refuse exactly the same inputs with
//! exactly the same codes. This crate only re-exports: every rule lives in `validation/`.
//!
//! Answers are data, never exceptions: any JS value given to a `validate*` function (undefined, a
//! number, an array, an object with a cycle) gives a report.

mod convert;
mod date;

use crego_validation::pattern::IssueDate;
use crego_validation::{
    code, identifiers, ContactPatch, NewAddress, NewBank, NewContact, NewNamespace, NewRelation, PropsUpsert,
    RefPattern, Report, MAX_SAFE_INTEGER,
};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use convert::{report_js, to_js, to_json, value_js};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

fn validate<T>(input: &JsValue, check: fn(&Value) -> Result<T, Report>) -> JsValue {
    report_js(to_json(input).and_then(|body| check(&body).map(|_| ())))
}

/// Checks a namespace create body (`POST /namespaces/`).
#[wasm_bindgen(js_name = validateNamespace, unchecked_return_type = "ValidationReport")]
pub fn validate_namespace(
    #[wasm_bindgen(unchecked_param_type = "Loose<NamespaceInput>")] input: &JsValue,
) -> JsValue {
    validate(input, NewNamespace::check)
}

/// Checks a contact create body (`POST /contacts/`), its props included.
#[wasm_bindgen(js_name = validateContact, unchecked_return_type = "ValidationReport")]
pub fn validate_contact(
    #[wasm_bindgen(unchecked_param_type = "Loose<ContactInput>")] input: &JsValue,
) -> JsValue {
    validate(input, NewContact::check)
}

/// Checks a contact patch (`PATCH /contacts/{contact_id}/`): any subset of the fields.
#[wasm_bindgen(js_name = validateContactPatch, unchecked_return_type = "ValidationReport")]
pub fn validate_contact_patch(
    #[wasm_bindgen(unchecked_param_type = "Loose<ContactPatchInput>")] input: &JsValue,
) -> JsValue {
    validate(input, ContactPatch::check)
}

/// Checks an address create body (`POST /contacts/addresses/`).
#[wasm_bindgen(js_name = validateAddress, unchecked_return_type = "ValidationReport")]
pub fn validate_address(
    #[wasm_bindgen(unchecked_param_type = "Loose<AddressInput>")] input: &JsValue,
) -> JsValue {
    validate(input, NewAddress::check)
}

/// Checks a bank account create body (`POST /contacts/banks/`).
#[wasm_bindgen(js_name = validateBank, unchecked_return_type = "ValidationReport")]
pub fn validate_bank(#[wasm_bindgen(unchecked_param_type = "Loose<BankInput>")] input: &JsValue) -> JsValue {
    validate(input, NewBank::check)
}

/// Checks a relation create body (`POST /contacts/relations/`).
#[wasm_bindgen(js_name = validateRelation, unchecked_return_type = "ValidationReport")]
pub fn validate_relation(
    #[wasm_bindgen(unchecked_param_type = "Loose<RelationInput>")] input: &JsValue,
) -> JsValue {
    validate(input, NewRelation::check)
}

/// Checks a props upsert body (`PUT /contacts/{contact_id}/props/`): `{props: [...]}`.
#[wasm_bindgen(js_name = validateProps, unchecked_return_type = "ValidationReport")]
pub fn validate_props(
    #[wasm_bindgen(unchecked_param_type = "Loose<PropsInput>")] input: &JsValue,
) -> JsValue {
    validate(input, PropsUpsert::check)
}

fn test_str(value: &JsValue, rule: fn(&str) -> bool) -> bool {
    value.as_string().is_some_and(|s| rule(&s))
}

/// A PAN such as `ABCPK1234L`: five letters (the fourth a holder type), four digits, a letter.
/// Upper case only; anything that is not a string is `false`.
#[wasm_bindgen(js_name = isValidPan)]
pub fn is_valid_pan(#[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_pan)
}

/// A GSTIN such as `27AAPFU0939F1ZV`: state code, embedded PAN, entity number, `Z`, mod-36 check character.
#[wasm_bindgen(js_name = isValidGstin)]
pub fn is_valid_gstin(#[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_gstin)
}

/// An Aadhaar number: 12 digits (or `2341 2341 2346`), the first 2-9, with a valid Verhoeff check digit.
#[wasm_bindgen(js_name = isValidAadhaar)]
pub fn is_valid_aadhaar(#[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_aadhaar)
}

/// An IFSC such as `SBIN0001234`: four letters, a zero, six letters or digits (upper case).
#[wasm_bindgen(js_name = isValidIfsc)]
pub fn is_valid_ifsc(#[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_ifsc)
}

/// A pincode: six digits, the first 1-9.
#[wasm_bindgen(js_name = isValidPincode)]
pub fn is_valid_pincode(#[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_pincode)
}

/// An e-mail address, checked pragmatically (one `@`, a dotted domain, at most 254 characters).
#[wasm_bindgen(js_name = isValidEmail)]
pub fn is_valid_email(#[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue) -> bool {
    test_str(value, identifiers::is_valid_email)
}

/// Checks `value` as an identifier of `kind` (`"pan"`, `"gstin"`, ... see `identifierKinds()`):
/// `{ok, kind, normalized, errors: [{code, message}]}`. `normalized` is the canonical form of a valid
/// value (`" abcpk-1234l"` → `"ABCPK1234L"`), `null` otherwise. Never throws: an unknown kind is an
/// `enum` error, a value that is not a string a `type` error.
#[wasm_bindgen(js_name = validateIdentifier, unchecked_return_type = "IdentifierResult")]
pub fn validate_identifier(
    #[wasm_bindgen(unchecked_param_type = "IdentifierKindName")] kind: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue,
) -> JsValue {
    let (kind, value) = (kind.as_string(), value.as_string());
    to_js(&identifiers::validate_identifier_input(
        kind.as_deref(),
        value.as_deref(),
    ))
}

/// Every identifier kind: `[{kind, label, aliases, dedupe, example}]`, `aliases` being the prop keys
/// that hold it (compared case-insensitively) and `dedupe` whether the API's dedupe matches by it.
#[wasm_bindgen(js_name = identifierKinds, unchecked_return_type = "IdentifierKindInfo[]")]
pub fn identifier_kinds() -> JsValue {
    to_js(&identifiers::identifier_kinds())
}

/// The 10-digit national number of an Indian mobile (`+91 98765 43210` → `9876543210`), or `null`.
#[wasm_bindgen(js_name = normalizeMobile, unchecked_return_type = "string | null")]
pub fn normalize_mobile(#[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue) -> JsValue {
    match value.as_string().and_then(|s| identifiers::normalize_mobile(&s)) {
        Some(national) => JsValue::from_str(&national),
        None => JsValue::NULL,
    }
}

/// The ref id a pattern gives for counter `n` on `date` (a `Date`, or an ISO string such as
/// `2026-03-07`; the UTC day counts), for a live preview: `renderRefPattern("CUST-{YYYY}-{SEQ:6}", 42,
/// "2026-03-07")` is `{ok: true, value: "CUST-2026-000042"}`. Every bad argument is reported, on the
/// fields `pattern`, `n` and `date`.
#[wasm_bindgen(js_name = renderRefPattern, unchecked_return_type = "RenderResult")]
pub fn render_ref_pattern(
    #[wasm_bindgen(unchecked_param_type = "string")] pattern: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Date | string")] date: &JsValue,
) -> JsValue {
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
