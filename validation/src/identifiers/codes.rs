//! Codes that route money or post: the IFSC and MICR of a bank branch, a UPI payment address, and the
//! pincode of a post office. IFSC and pincode are also fields of the bank and address routes, which
//! use these rules, so a form and the API judge them alike (the shared cases run them through both).

use super::{fault, fits, shaped, Checked};
use crate::fields::length_message;
use crate::report::code;
use crate::text::{TextFault, PINCODE};

/// IFSC, `SBIN0001234`: the bank (4 letters), a `0` reserved for future use, and the branch (6 letters
/// or digits). No check character is published: the rule checks the shape only.
///
/// Sources: Reserve Bank of India, "Indian Financial System Code" (rbi.org.in). Normaliser: upper case
/// only, as the bank route (`POST /contacts/banks/`) reads it; separators are refused there, so here too.
pub fn check_ifsc(value: &str) -> Checked {
    let upper = value.to_ascii_uppercase();
    if upper.chars().count() != 11 {
        return fault(code::LENGTH, length_message(11, 11));
    }
    if !fits(&upper, "AAAA0******") {
        return fault(
            code::PATTERN,
            "must be 4 letters, a 0, then 6 letters or digits (e.g. SBIN0001234)",
        );
    }
    Ok(upper)
}

/// A valid IFSC written exactly in its canonical form (upper case).
pub fn is_valid_ifsc(s: &str) -> bool {
    check_ifsc(s).is_ok_and(|n| n == s)
}

/// MICR code, `400002003`: the city (3 digits), the bank (3) and the branch (3), as printed on cheques.
/// No check digit is published: the rule checks the shape only.
///
/// Sources: Reserve Bank of India, MICR code list; CTS-2010 cheque standards. Normaliser: separators
/// dropped.
pub fn check_micr(value: &str) -> Checked {
    shaped(value, "999999999", "9 digits", "may contain only digits")
}

/// The longest UPI address NPCI allows, and its handle's.
const MAX_VPA: usize = 255;
const MAX_HANDLE: usize = 64;

/// UPI ID (virtual payment address), `priya.sharma@okaxis`: a name of letters, digits, `.`, `-` and
/// `_`, an `@`, and the payment provider's handle (a letter, then letters or digits). Nothing is
/// published beyond the shape: the rule checks the shape only.
///
/// Sources: NPCI, UPI procedural guidelines (virtual payment address). Normaliser: surrounding
/// whitespace trimmed, lower case (addresses are case-insensitive).
pub fn check_upi(value: &str) -> Checked {
    let s = value.trim().to_lowercase();
    if s.chars().count() > MAX_VPA {
        return fault(code::LENGTH, format!("must be at most {MAX_VPA} characters"));
    }
    let shaped = s.split_once('@').is_some_and(|(name, handle)| {
        name.len() >= 2
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
            && (2..=MAX_HANDLE).contains(&handle.len())
            && handle.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && handle.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if !shaped {
        return fault(
            code::PATTERN,
            "must be a name (letters, digits, . - _), an @ and a provider handle, such as priya.sharma@okaxis",
        );
    }
    Ok(s)
}

/// Pincode, `560001`: six digits, the first (the postal region) 1-9. No check digit: the rule checks
/// the shape only.
///
/// Sources: India Post, "Pincode" (indiapost.gov.in). Normaliser: none, as the address route
/// (`POST /contacts/addresses/`) reads it; it is the same rule (`text::PINCODE`).
pub fn check_pincode(value: &str) -> Checked {
    match PINCODE.test(value) {
        Ok(()) => Ok(value.to_string()),
        Err(TextFault::Length) => fault(code::LENGTH, length_message(PINCODE.min, PINCODE.max)),
        Err(TextFault::Pattern) => fault(code::PATTERN, format!("may contain only {}", PINCODE.allowed)),
    }
}

/// A valid pincode.
pub fn is_valid_pincode(s: &str) -> bool {
    check_pincode(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifiers::codes;

    #[test]
    fn an_ifsc_is_four_letters_a_zero_and_six_letters_or_digits() {
        assert!(is_valid_ifsc("SBIN0001234"));
        assert!(is_valid_ifsc("ICIC0AB1234"));
        assert_eq!(check_ifsc("hdfc0000240").as_deref(), Ok("HDFC0000240"));
        assert!(!is_valid_ifsc("sbin0001234"), "canonical form only");
        assert_eq!(codes(check_ifsc("SBIN1001234")), ["pattern"], "fifth is always 0");
        assert_eq!(codes(check_ifsc("SBI00001234")), ["pattern"]);
        assert_eq!(codes(check_ifsc("SBIN000123")), ["length"]);
        assert_eq!(
            codes(check_ifsc("SBIN 001234")),
            ["pattern"],
            "as the bank route reads it"
        );
    }

    #[test]
    fn a_micr_is_nine_digits() {
        assert_eq!(check_micr("400 002 003").as_deref(), Ok("400002003"));
        assert_eq!(codes(check_micr("40000200")), ["length"]);
        assert_eq!(codes(check_micr("40000200A")), ["pattern"]);
    }

    #[test]
    fn a_upi_address_is_a_name_an_at_and_a_handle() {
        assert_eq!(
            check_upi(" Priya.Sharma@OKAXIS ").as_deref(),
            Ok("priya.sharma@okaxis")
        );
        assert_eq!(check_upi("9876543210@ybl").as_deref(), Ok("9876543210@ybl"));
        assert!(check_upi("shop_01-x@kotak811").is_ok());
        assert_eq!(codes(check_upi("priya@")), ["pattern"]);
        assert_eq!(codes(check_upi("p@okaxis")), ["pattern"], "a name of at least 2");
        assert_eq!(codes(check_upi("priya sharma@okaxis")), ["pattern"]);
        assert_eq!(codes(check_upi("priya@ok.axis")), ["pattern"]);
        assert_eq!(codes(check_upi("priya@1bank")), ["pattern"]);
        assert_eq!(codes(check_upi("")), ["pattern"]);
        assert_eq!(
            codes(check_upi(&format!("{}@okaxis", "p".repeat(250)))),
            ["length"]
        );
    }

    #[test]
    fn a_pincode_is_six_digits_not_starting_with_zero() {
        assert!(is_valid_pincode("560001"));
        assert!(is_valid_pincode("110001"));
        assert_eq!(codes(check_pincode("012345")), ["pattern"]);
        assert_eq!(codes(check_pincode("56001")), ["length"]);
        assert_eq!(codes(check_pincode("560 01")), ["pattern"]);
        assert_eq!(
            codes(check_pincode("560 001")),
            ["length"],
            "as the address route reads it"
        );
    }
}
