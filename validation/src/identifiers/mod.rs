//! The identifiers an Indian lender collects, one published rule each with its normaliser, and the one
//! entry point forms and the npm package use: [`validate_identifier`]. Props stay free-form: the server
//! never judges a prop value by its key (CONTRACT §7); dedupe compares identifiers by these normalisers.
//!
//! Unless a kind says otherwise, a normaliser accepts what people type or paste: spaces, hyphens and
//! Unicode dashes anywhere are dropped (so is any other whitespace), and ASCII letters are upper-cased.
//! Other characters are kept, and then refused by the rule: a look-alike is not silently repaired.

mod business;
mod codes;
mod gstin;
mod kinds;
mod masks;
mod personal;
mod tax;

use serde::Serialize;

pub use crate::contact_details::{is_valid_email, normalize_email, normalize_mobile};
use crate::report::code;
pub use business::{check_cin, check_lei, check_llpin, check_udyam};
pub use codes::{check_ifsc, check_micr, check_pincode, check_upi, is_valid_ifsc, is_valid_pincode};
pub use gstin::{check_gstin, embedded_pan, gstin_check_char, is_valid_gstin};
pub use kinds::{identifier_kinds, IdentifierKind, KindInfo};
pub use masks::{is_never_stored_mask, mask, mask_identifier, Protection, ACCOUNT_NUMBER};
pub use personal::{
    check_aadhaar, check_ckyc, check_driving_licence, check_epic, check_passport, check_vid, is_valid_aadhaar,
};
pub use tax::{check_pan, check_tan, is_valid_pan};

/// One thing wrong with an identifier: a stable code (`type`, `enum`, `length`, `pattern`,
/// `checksum`) and an English message for showing next to the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentifierError {
    pub code: &'static str,
    pub message: String,
}

/// The normalised form of a valid value, or everything found wrong with it.
pub type Checked = Result<String, Vec<IdentifierError>>;

/// `{ok, kind, normalized, errors}`: what [`validate_identifier`] answers. `kind` is the kind's name
/// (or what was asked for, when it names no kind; `None` when that was not a string); `normalized` is
/// the canonical form of a valid value, and `None` for an invalid one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentifierReport {
    pub ok: bool,
    pub kind: Option<String>,
    pub normalized: Option<String>,
    pub errors: Vec<IdentifierError>,
}

/// Checks `value` as an identifier of `kind` (a name from [`identifier_kinds`], such as `"pan"`).
pub fn validate_identifier(kind: &str, value: &str) -> IdentifierReport {
    validate_identifier_input(Some(kind), Some(value))
}

/// [`validate_identifier`] for callers whose arguments may not be strings (JavaScript): `None` stands
/// for a value of another type. Every fault is reported: an unknown kind and a value of the wrong type.
pub fn validate_identifier_input(kind: Option<&str>, value: Option<&str>) -> IdentifierReport {
    let known = kind.and_then(IdentifierKind::from_name);
    let mut errors = Vec::new();
    if known.is_none() {
        let names: Vec<&str> = identifier_kinds().iter().map(|k| k.name).collect();
        errors.push(IdentifierError {
            code: code::ENUM,
            message: format!("the kind must be one of {}", names.join(", ")),
        });
    }
    if value.is_none() {
        errors.push(error(code::TYPE, "must be a string"));
    }
    let checked = match (known, value) {
        (Some(kind), Some(value)) if errors.is_empty() => kind.validate(value),
        _ => Err(errors),
    };
    let kind = known.map_or_else(|| kind.map(str::to_string), |k| Some(k.as_str().to_string()));
    match checked {
        Ok(normalized) => IdentifierReport {
            ok: true,
            kind,
            normalized: Some(normalized),
            errors: Vec::new(),
        },
        Err(errors) => IdentifierReport {
            ok: false,
            kind,
            normalized: None,
            errors,
        },
    }
}

pub(crate) fn error(code: &'static str, message: impl Into<String>) -> IdentifierError {
    IdentifierError {
        code,
        message: message.into(),
    }
}

/// A single fault.
pub(crate) fn fault(code: &'static str, message: impl Into<String>) -> Checked {
    Err(vec![error(code, message)])
}

/// `value` when nothing was found wrong with it.
pub(crate) fn finish(value: String, faults: Vec<IdentifierError>) -> Checked {
    if faults.is_empty() {
        Ok(value)
    } else {
        Err(faults)
    }
}

/// Characters people put inside identifiers to group them: whitespace, the hyphen-minus and the
/// dashes a word processor or a PDF substitutes for it.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
        )
}

/// Separators dropped and ASCII letters upper-cased: the form most rules check.
pub(crate) fn compact(value: &str) -> String {
    value
        .chars()
        .filter(|&c| !is_separator(c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether `s` has the shape `classes` spells, one class per character: `A` an ASCII capital letter,
/// `9` an ASCII digit, `*` either; any other character in `classes` stands for itself.
pub(crate) fn fits(s: &str, classes: &str) -> bool {
    s.len() == classes.len()
        && s.bytes().zip(classes.bytes()).all(|(c, class)| match class {
            b'A' => c.is_ascii_uppercase(),
            b'9' => c.is_ascii_digit(),
            b'*' => c.is_ascii_uppercase() || c.is_ascii_digit(),
            literal => c == literal,
        })
}

/// The compact form of `value` when it has `shape` (as [`fits`] reads it), else a `length` fault (the
/// length in words, `length`) or a `pattern` fault (`pattern`): the first two steps of most rules.
pub(crate) fn shaped(value: &str, shape: &str, length: &str, pattern: &str) -> Checked {
    let s = compact(value);
    if s.chars().count() != shape.len() {
        let want = shape.len();
        return fault(
            code::LENGTH,
            format!("must be {want} characters ({length}), not counting spaces and hyphens"),
        );
    }
    if !fits(&s, shape) {
        return fault(code::PATTERN, pattern);
    }
    Ok(s)
}

/// The codes of a rule's answer, for the rules' tests.
#[cfg(test)]
pub(crate) fn codes(checked: Checked) -> Vec<&'static str> {
    checked.err().unwrap_or_default().iter().map(|e| e.code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: &IdentifierReport) -> Vec<&str> {
        r.errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_valid_value_gives_its_normalised_form_and_no_errors() {
        let r = validate_identifier("pan", " abcpk-1234l ");
        assert_eq!(
            r,
            IdentifierReport {
                ok: true,
                kind: Some("pan".into()),
                normalized: Some("ABCPK1234L".into()),
                errors: vec![],
            }
        );
        let r = validate_identifier("aadhaar", "6861\u{00A0}1148\u{2013}9360");
        assert_eq!(r.normalized.as_deref(), Some("686111489360"));
    }

    #[test]
    fn an_invalid_value_has_no_normalised_form_and_says_why() {
        let r = validate_identifier("gstin", "27AAPFU0939F1ZW");
        assert!(!r.ok);
        assert_eq!(r.normalized, None);
        assert_eq!(codes(&r), ["checksum"]);
        assert!(r.errors[0].message.contains("check character"), "{r:?}");
    }

    #[test]
    fn an_unknown_kind_and_a_value_that_is_not_a_string_are_both_reported() {
        let r = validate_identifier_input(Some("voter"), None);
        assert_eq!(r.kind.as_deref(), Some("voter"));
        assert_eq!(codes(&r), ["enum", "type"]);
        assert!(r.errors[0].message.contains("pan, aadhaar"));
        let r = validate_identifier_input(None, Some("ABCPK1234L"));
        assert_eq!((r.kind, codes_of(&r.errors)), (None, vec!["enum"]));
        let r = validate_identifier_input(Some("pan"), None);
        assert_eq!(
            (r.kind.as_deref(), codes_of(&r.errors)),
            (Some("pan"), vec!["type"])
        );
    }

    fn codes_of(errors: &[IdentifierError]) -> Vec<&str> {
        errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn kinds_are_named_exactly() {
        assert!(!validate_identifier("PAN", "ABCPK1234L").ok);
        assert!(
            !validate_identifier("pan_no", "ABCPK1234L").ok,
            "an alias is a prop key, not a kind"
        );
    }

    #[test]
    fn separators_are_dropped_anywhere_and_other_punctuation_is_refused() {
        assert_eq!(compact(" ab-c\u{2010}d\te\u{3000}f "), "ABCDEF");
        assert_eq!(compact("a.b/c_d"), "A.B/C_D");
        assert_eq!(compact("é"), "é", "only ASCII letters change case");
        assert_eq!(codes(&validate_identifier("pan", "ABCPK.1234L")), ["length"]);
        assert_eq!(codes(&validate_identifier("pan", "ABCPK/234L")), ["pattern"]);
    }

    #[test]
    fn shapes_match_position_by_position() {
        assert!(fits("AB12", "AA99"));
        assert!(fits("A1-Z", "**-A"));
        assert!(!fits("AB1", "AA99"));
        assert!(!fits("ab12", "AA99"));
        assert!(!fits("AÉ12", "AA99"));
    }
}
