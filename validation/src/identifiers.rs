//! Indian identifiers (PAN, GSTIN, Aadhaar, IFSC, pincode; mobile and e-mail re-exported from
//! `contact_details`) for forms that collect them, and the normalisers dedupe compares them with.
//! Props stay free-form: the server never judges a prop value by its key (CONTRACT §7).

use serde::Serialize;

pub use crate::contact_details::{is_valid_email, normalize_email, normalize_mobile};
use crate::verhoeff;

/// The fourth letter of a PAN, the holder type: Person, Company, HUF, Firm, AOP, Trust, BOI,
/// Local authority, artificial Juridical person, Government.
const PAN_HOLDER_TYPES: &[u8] = b"PCHFATBLJG";

/// `^[A-Z]{5}[0-9]{4}[A-Z]$` with a valid holder type as the fourth letter.
pub fn is_valid_pan(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            5..=8 => c.is_ascii_digit(),
            _ => c.is_ascii_uppercase(),
        })
        && b.get(3).is_some_and(|c| PAN_HOLDER_TYPES.contains(c))
}

pub fn normalize_pan(s: &str) -> String {
    s.trim().to_uppercase()
}

fn base36(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// The GSTIN check character for its first 14 characters: over "0-9A-Z", weights 1, 2, 1, 2, ...
/// from the left; each product adds its base-36 quotient and remainder; the check is the sum's
/// complement mod 36.
pub fn gstin_check_char(first14: &str) -> Option<char> {
    let b = first14.as_bytes();
    if b.len() != 14 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in b.iter().enumerate() {
        let product = base36(c)? * if i % 2 == 0 { 1 } else { 2 };
        sum += product / 36 + product % 36;
    }
    let check = (36 - sum % 36) % 36;
    char::from_digit(check, 36).map(|c| c.to_ascii_uppercase())
}

/// State codes 01-38, 97 (other territory) and 99 (centre jurisdiction).
fn is_gst_state_code(s: &str) -> bool {
    s.len() == 2
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<u8>()
            .is_ok_and(|n| (1..=38).contains(&n) || n == 97 || n == 99)
}

/// State code, embedded PAN, entity number (1-9, A-Z), `Z`, and the mod-36 check character.
pub fn is_valid_gstin(s: &str) -> bool {
    if s.len() != 15 || !s.is_ascii() {
        return false;
    }
    let b = s.as_bytes();
    let (Some(state), Some(pan), Some(first14)) = (s.get(0..2), s.get(2..12), s.get(0..14)) else {
        return false;
    };
    is_gst_state_code(state)
        && is_valid_pan(pan)
        && b.get(12).is_some_and(|c| matches!(c, b'1'..=b'9' | b'A'..=b'Z'))
        && b.get(13) == Some(&b'Z')
        && gstin_check_char(first14).map(|c| c as u8) == b.get(14).copied()
}

pub fn normalize_gstin(s: &str) -> String {
    s.trim().to_uppercase()
}

/// 12 digits (or three groups of 4 separated by single spaces), the first 2-9, Verhoeff check digit last.
pub fn is_valid_aadhaar(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = match b.len() {
        12 => s.to_string(),
        14 if b.get(4) == Some(&b' ') && b.get(9) == Some(&b' ') => s.replacen(' ', "", 2),
        _ => return false,
    };
    digits.len() == 12
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().next().is_some_and(|b| (b'2'..=b'9').contains(&b))
        && verhoeff::is_valid(&digits)
}

/// The digits only, for comparing Aadhaar numbers written with or without separators.
pub fn normalize_aadhaar(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// `^[A-Z]{4}0[A-Z0-9]{6}$`: bank code, a zero, branch code.
pub fn is_valid_ifsc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b.iter().enumerate().all(|(i, c)| match i {
            0..=3 => c.is_ascii_uppercase(),
            4 => *c == b'0',
            _ => c.is_ascii_uppercase() || c.is_ascii_digit(),
        })
}

/// Six digits, the first 1-9.
pub fn is_valid_pincode(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 6 && b.iter().all(u8::is_ascii_digit) && b.first().is_some_and(|&c| c != b'0')
}

/// The identifiers dedupe recognises among a contact's props, by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IdentifierKind {
    Pan,
    Gstin,
    Aadhaar,
    Mobile,
    Email,
}

/// Prop keys (compared case-insensitively) that name an identifier (CONTRACT §3, Dedupe).
const KEY_ALIASES: &[(&str, IdentifierKind)] = &[
    ("pan", IdentifierKind::Pan),
    ("pan_no", IdentifierKind::Pan),
    ("pan_number", IdentifierKind::Pan),
    ("gstin", IdentifierKind::Gstin),
    ("gst_no", IdentifierKind::Gstin),
    ("aadhaar", IdentifierKind::Aadhaar),
    ("aadhaar_no", IdentifierKind::Aadhaar),
    ("mobile", IdentifierKind::Mobile),
    ("mobile_no", IdentifierKind::Mobile),
    ("phone", IdentifierKind::Mobile),
    ("email", IdentifierKind::Email),
];

impl IdentifierKind {
    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim();
        KEY_ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(key))
            .map(|&(_, kind)| kind)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            IdentifierKind::Pan => "pan",
            IdentifierKind::Gstin => "gstin",
            IdentifierKind::Aadhaar => "aadhaar",
            IdentifierKind::Mobile => "mobile",
            IdentifierKind::Email => "email",
        }
    }

    /// The comparable form of `value`, or `None` when it is not a valid identifier of this kind
    /// (a prop keyed `pan_no` holding `"123254684"` is simply not matched as a PAN).
    pub fn normalize(&self, value: &str) -> Option<String> {
        let (normal, valid): (String, fn(&str) -> bool) = match self {
            IdentifierKind::Pan => (normalize_pan(value), is_valid_pan),
            IdentifierKind::Gstin => (normalize_gstin(value), is_valid_gstin),
            IdentifierKind::Aadhaar => (normalize_aadhaar(value), is_valid_aadhaar),
            IdentifierKind::Mobile => return normalize_mobile(value),
            IdentifierKind::Email => (normalize_email(value), is_valid_email),
        };
        valid(&normal).then_some(normal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pan_is_five_letters_four_digits_and_a_letter_with_a_holder_type_fourth() {
        assert!(is_valid_pan("ABCPK1234L"));
        assert!(is_valid_pan("AAACR5055K"));
        assert!(!is_valid_pan("ABCXK1234L"), "X is not a holder type");
        assert!(
            !is_valid_pan("abcpk1234l"),
            "lower case is normalised, not accepted"
        );
        assert!(!is_valid_pan("ABCPK1234"));
        assert!(!is_valid_pan("ABCPK12345"));
        assert!(!is_valid_pan("ABCP1K234L"));
        assert!(!is_valid_pan("ÅBCPK1234L"));
        assert_eq!(normalize_pan(" abcpk1234l "), "ABCPK1234L");
    }

    #[test]
    fn the_gstin_check_character_matches_a_published_gstin() {
        assert_eq!(gstin_check_char("27AAPFU0939F1Z"), Some('V'));
        assert!(is_valid_gstin("27AAPFU0939F1ZV"));
        assert!(!is_valid_gstin("27AAPFU0939F1ZW"), "wrong check character");
        assert!(!is_valid_gstin("27AAPFU0939F1VZ"), "swapped last two characters");
    }

    #[test]
    fn a_gstin_built_from_a_valid_pan_validates() {
        let first14 = "33ABCPK1234L1Z";
        let check = gstin_check_char(first14).unwrap();
        assert_eq!(check, 'Z');
        assert!(is_valid_gstin(&format!("{first14}{check}")));
        assert!(is_valid_gstin("29AAACR5055K1Z3"));
        assert!(is_valid_gstin("07AABCS1429B1ZW"));
    }

    #[test]
    fn a_gstin_needs_a_known_state_an_embedded_pan_an_entity_number_and_a_z() {
        let with = |first14: &str| format!("{first14}{}", gstin_check_char(first14).unwrap());
        assert!(is_valid_gstin(&with("97AAPFU0939F1Z")));
        assert!(is_valid_gstin(&with("38AAPFU0939FAZ")));
        assert!(!is_valid_gstin(&with("00AAPFU0939F1Z")));
        assert!(!is_valid_gstin(&with("39AAPFU0939F1Z")));
        assert!(
            !is_valid_gstin(&with("27AAPXU0939F1Z")),
            "X is not a PAN holder type"
        );
        assert!(!is_valid_gstin(&with("27AAPFU0939F0Z")), "entity number 0");
        assert!(!is_valid_gstin(&with("27AAPFU0939F1Y")), "14th must be Z");
        assert!(!is_valid_gstin("27aapfu0939f1zv"));
        assert!(!is_valid_gstin("27AAPFU0939F1Z"));
        assert!(!is_valid_gstin("27AAPFU0939F1ZVé"));
        assert_eq!(gstin_check_char("27aapfu0939f1z"), None);
        assert_eq!(normalize_gstin(" 27aapfu0939f1zv"), "27AAPFU0939F1ZV");
    }

    #[test]
    fn an_aadhaar_is_twelve_digits_with_a_verhoeff_check_digit_in_groups_or_not() {
        assert!(is_valid_aadhaar("234123412346"));
        assert!(is_valid_aadhaar("2341 2341 2346"));
        assert!(is_valid_aadhaar("4991 8263 7459"));
        assert!(!is_valid_aadhaar("2341 2341 2345"), "wrong check digit");
        assert!(!is_valid_aadhaar("23412341 2346"));
        assert!(!is_valid_aadhaar("2341  2341 2346"));
        assert!(!is_valid_aadhaar("2341-2341-2346"));
        assert!(!is_valid_aadhaar("23412341234"));
        let starts_with_one = format!("12341234123{}", verhoeff::check_digit("12341234123").unwrap());
        assert!(!is_valid_aadhaar(&starts_with_one), "the first digit is 2-9");
        assert_eq!(normalize_aadhaar("2341-2341 2346"), "234123412346");
    }

    /// The numbers of issue 13: valid per python-stdnum 2.2 and the published Verhoeff tables, refused
    /// while a row of the permutation table was wrong.
    #[test]
    fn aadhaar_686111489360_is_valid_as_python_stdnum_and_the_published_tables_say() {
        assert!(is_valid_aadhaar("686111489360"));
        assert!(is_valid_aadhaar("6861 1148 9360"));
        assert_eq!(
            IdentifierKind::Aadhaar.normalize("6861 1148 9360").as_deref(),
            Some("686111489360")
        );
        assert!(!is_valid_aadhaar("686111489361"));
    }

    #[test]
    fn an_ifsc_is_four_letters_a_zero_and_six_letters_or_digits() {
        assert!(is_valid_ifsc("SBIN0001234"));
        assert!(is_valid_ifsc("HDFC0000001"));
        assert!(is_valid_ifsc("ICIC0AB1234"));
        assert!(!is_valid_ifsc("SBIN1001234"), "fifth is always 0");
        assert!(!is_valid_ifsc("sbin0001234"));
        assert!(!is_valid_ifsc("SBI00001234"));
        assert!(!is_valid_ifsc("SBIN000123"));
    }

    #[test]
    fn a_pincode_is_six_digits_not_starting_with_zero() {
        assert!(is_valid_pincode("560001"));
        assert!(is_valid_pincode("110001"));
        assert!(!is_valid_pincode("012345"));
        assert!(!is_valid_pincode("56001"));
        assert!(!is_valid_pincode("560 01"));
    }

    #[test]
    fn identifier_props_are_recognised_by_key_alias_in_any_case() {
        assert_eq!(IdentifierKind::from_key("PAN_No"), Some(IdentifierKind::Pan));
        assert_eq!(IdentifierKind::from_key("pan_number"), Some(IdentifierKind::Pan));
        assert_eq!(IdentifierKind::from_key("gst_no"), Some(IdentifierKind::Gstin));
        assert_eq!(IdentifierKind::from_key("Aadhaar"), Some(IdentifierKind::Aadhaar));
        assert_eq!(IdentifierKind::from_key("phone"), Some(IdentifierKind::Mobile));
        assert_eq!(IdentifierKind::from_key("EMAIL"), Some(IdentifierKind::Email));
        assert_eq!(IdentifierKind::from_key("pan card"), None);
        assert_eq!(IdentifierKind::from_key("father_name"), None);
        assert_eq!(IdentifierKind::Aadhaar.as_str(), "aadhaar");
    }

    #[test]
    fn normalising_an_identifier_gives_none_for_an_invalid_value() {
        assert_eq!(
            IdentifierKind::Pan.normalize(" abcpk1234l").as_deref(),
            Some("ABCPK1234L")
        );
        assert_eq!(IdentifierKind::Pan.normalize("123254684"), None);
        assert_eq!(
            IdentifierKind::Gstin.normalize("27aapfu0939f1zv").as_deref(),
            Some("27AAPFU0939F1ZV")
        );
        assert_eq!(
            IdentifierKind::Aadhaar.normalize("2341 2341 2346").as_deref(),
            Some("234123412346")
        );
        assert_eq!(IdentifierKind::Aadhaar.normalize("2341 2341 2345"), None);
        assert_eq!(
            IdentifierKind::Mobile.normalize("+91 98765 43210").as_deref(),
            Some("9876543210")
        );
        assert_eq!(
            IdentifierKind::Email.normalize("Priya@Example.com").as_deref(),
            Some("priya@example.com")
        );
        assert_eq!(IdentifierKind::Email.normalize("priya"), None);
    }
}
