//! Income-tax numbers: the PAN (a holder's permanent account number, also inside most GSTINs) and the
//! TAN (a deductor's tax deduction and collection account number).

use super::{error, finish, fits, shaped, Checked, IdentifierError};
use crate::report::code;

/// The holder types, the fourth letter of a PAN, as the Income Tax Department publishes them:
/// Association of persons, Body of individuals, Company, Firm (and LLP), Government, Hindu undivided
/// family, artificial Juridical person, Local authority, Person (an individual), Trust.
///
/// `K` is refused. python-stdnum and stdnum-js accept it as "Krish (Trust Krish)", a label that
/// comes from a Wikipedia list; no Income Tax Department or Protean (NSDL) document lists it, and no
/// PAN with it has been published. A form that refused a real PAN would block a customer, but
/// accepting a letter no authority issues lets typing errors through to the KYC step; we follow the
/// publisher, and will add the letter the day it publishes one (CONTRACT §9).
const PAN_HOLDER_TYPES: &[u8] = b"ABCFGHJLPT";

pub(crate) const PAN_SHAPE: &str = "AAAAA9999A";
const PAN_PATTERN: &str = "must be 5 letters, 4 digits and a letter, such as ABCPK1234L";

/// What is wrong with a compact PAN (empty when nothing is): 5 letters, 4 digits, a letter; the fourth
/// letter a holder type; digits 6-9 a serial from 0001 to 9999.
pub(crate) fn pan_faults(s: &str) -> Vec<IdentifierError> {
    if !fits(s, PAN_SHAPE) {
        return vec![error(code::PATTERN, PAN_PATTERN)];
    }
    let mut faults = Vec::new();
    if !s.as_bytes().get(3).is_some_and(|c| PAN_HOLDER_TYPES.contains(c)) {
        faults.push(error(
            code::PATTERN,
            "the 4th letter is the holder type: one of A, B, C, F, G, H, J, L, P or T",
        ));
    }
    if s.get(5..9) == Some("0000") {
        faults.push(error(
            code::PATTERN,
            "the serial number (digits 6-9) runs from 0001 to 9999",
        ));
    }
    faults
}

/// PAN, `ABCPK1234L`: five letters (the 4th the holder type, the 5th the initial of the holder's name
/// or surname), a four-digit serial 0001-9999, and a last letter that is a check character whose
/// algorithm is not published, so that letter is checked for shape only.
///
/// Sources: Income Tax Department, "Permanent Account Number (PAN)" tutorial (incometaxindia.gov.in);
/// Income-tax Rules 1962, rule 114; python-stdnum `stdnum.in_.pan`. Normaliser: separators dropped,
/// upper case.
pub fn check_pan(value: &str) -> Checked {
    let s = shaped(value, PAN_SHAPE, "5 letters, 4 digits and a letter", PAN_PATTERN)?;
    let faults = pan_faults(&s);
    finish(s, faults)
}

/// A valid PAN written exactly in its canonical form (upper case, no separators).
pub fn is_valid_pan(s: &str) -> bool {
    check_pan(s).is_ok_and(|n| n == s)
}

/// TAN, `DELA12345B`: four letters (the first three the jurisdiction, the 4th the initial of the
/// deductor's name), five digits and a letter. No check character is published: the rule checks the
/// shape only.
///
/// Sources: Income-tax Act 1961, section 203A; Income Tax Department, "TAN" (incometaxindia.gov.in).
/// Normaliser: separators dropped, upper case.
pub fn check_tan(value: &str) -> Checked {
    shaped(
        value,
        TAN_SHAPE,
        "4 letters, 5 digits and a letter",
        "must be 4 letters, 5 digits and a letter, such as DELA12345B",
    )
}

pub(crate) const TAN_SHAPE: &str = "AAAA99999A";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifiers::codes;

    #[test]
    fn a_pan_is_five_letters_four_digits_and_a_letter_with_a_holder_type_fourth() {
        assert!(is_valid_pan("ABCPK1234L"));
        assert!(is_valid_pan("AAACR5055K"));
        assert!(!is_valid_pan("ABCXK1234L"), "X is not a holder type");
        assert!(
            !is_valid_pan("abcpk1234l"),
            "lower case is normalised, not canonical"
        );
        assert!(!is_valid_pan("ABCPK1234"));
        assert!(!is_valid_pan("ABCPK12345"));
        assert!(!is_valid_pan("ABCP1K234L"));
        assert!(!is_valid_pan("ÅBCPK1234L"));
        assert_eq!(check_pan(" abcpk 1234-l ").as_deref(), Ok("ABCPK1234L"));
    }

    #[test]
    fn every_published_holder_type_is_accepted_and_k_is_not() {
        for holder in "ABCFGHJLPT".chars() {
            assert!(is_valid_pan(&format!("ABC{holder}K1234L")), "{holder}");
        }
        assert_eq!(codes(check_pan("ABCKK1234L")), ["pattern"]);
        assert!(check_pan("ABCEK1234L").is_err(), "E is not published either");
    }

    #[test]
    fn the_serial_runs_from_0001_and_every_fault_is_reported() {
        assert!(is_valid_pan("ABCPK0001L"));
        assert_eq!(codes(check_pan("ABCPK0000L")), ["pattern"]);
        let faults = check_pan("ABCXK0000L").unwrap_err();
        assert_eq!(faults.len(), 2);
        assert!(faults[0].message.contains("holder type"));
        assert!(faults[1].message.contains("0001 to 9999"));
    }

    #[test]
    fn a_pan_of_the_wrong_length_says_how_long_it_must_be() {
        let faults = check_pan("ABCPK1234LL").unwrap_err();
        assert_eq!(faults[0].code, "length");
        assert!(faults[0].message.starts_with("must be 10 characters"));
        assert_eq!(codes(check_pan("")), ["length"]);
    }

    #[test]
    fn a_tan_is_four_letters_five_digits_and_a_letter() {
        assert_eq!(check_tan("dela 12345 b").as_deref(), Ok("DELA12345B"));
        assert_eq!(codes(check_tan("DEL012345B")), ["pattern"]);
        assert_eq!(codes(check_tan("DELA1234B")), ["length"]);
        assert_eq!(codes(check_tan("ABCPK1234L")), ["pattern"], "a PAN is not a TAN");
    }
}
