//! Numbers that identify a business: the CIN of a company, the LLPIN of a limited liability
//! partnership, the Udyam registration of an MSME, and the worldwide LEI.

use super::{fault, shaped, Checked};
use crate::check_digits::mod97_10_is_valid;
use crate::report::code;

/// The ownership codes of a CIN (characters 13-15), as the Ministry of Corporate Affairs assigns them.
const CIN_OWNERSHIP: &[&str] = &[
    "PLC", "PTC", "OPC", "NPL", "FTC", "FLC", "GAP", "GAT", "GOI", "SGC", "ULL", "ULT",
];

/// CIN, `L17110MH1973PLC019786`: `L` (listed) or `U` (unlisted), the 5-digit industry (NIC) code, the
/// 2-letter state of the registrar, the 4-digit year of incorporation, the 3-letter ownership code
/// (PLC, PTC, OPC, NPL, FTC, FLC, GAP, GAT, GOI, SGC, ULL, ULT) and a 6-digit registration number.
/// No check digit is published: the rule checks the shape only.
///
/// Sources: Ministry of Corporate Affairs, "Corporate Identity Number" (mca.gov.in); Companies
/// (Incorporation) Rules 2014. Normaliser: separators dropped, upper case.
pub fn check_cin(value: &str) -> Checked {
    let shape = "must be L or U, 5 digits, 2 letters, 4 digits, 3 letters and 6 digits, such as L17110MH1973PLC019786";
    let parts = "L or U, industry, state, year, ownership, number";
    let s = shaped(value, "A99999AA9999AAA999999", parts, shape)?;
    if !s.starts_with(['L', 'U']) {
        return fault(code::PATTERN, shape);
    }
    if !s.get(12..15).is_some_and(|o| CIN_OWNERSHIP.contains(&o)) {
        return fault(
            code::PATTERN,
            format!(
                "characters 13-15 are the ownership code: one of {}",
                CIN_OWNERSHIP.join(", ")
            ),
        );
    }
    Ok(s)
}

/// LLPIN, `AAB-1234`: three letters, a hyphen and four digits, as the Ministry of Corporate Affairs
/// issues them. No check digit is published: the rule checks the shape only.
///
/// Sources: Ministry of Corporate Affairs, LLP Rules 2009 (Form FiLLiP, LLPIN). Normaliser: separators
/// dropped, upper case, and the hyphen written after the letters.
pub fn check_llpin(value: &str) -> Checked {
    let pattern = "must be 3 letters and 4 digits, such as AAB-1234";
    let s = shaped(value, "AAA9999", "3 letters and 4 digits", pattern)?;
    match (s.get(..3), s.get(3..)) {
        (Some(letters), Some(digits)) => Ok(format!("{letters}-{digits}")),
        _ => fault(code::PATTERN, pattern),
    }
}

/// Udyam registration number, `UDYAM-MH-26-0012345`: `UDYAM`, the state (2 letters), the district
/// (2 digits) and a 7-digit serial. No check digit is published: the rule checks the shape only.
///
/// Sources: Ministry of MSME, notification S.O. 2119(E) of 26 June 2020 (Udyam registration);
/// udyamregistration.gov.in. Normaliser: separators dropped, upper case, then written with hyphens.
pub fn check_udyam(value: &str) -> Checked {
    let pattern = "must be UDYAM, 2 letters, 2 digits and 7 digits, such as UDYAM-MH-26-0012345";
    let s = shaped(
        value,
        "UDYAMAA999999999",
        "UDYAM, state, district and serial",
        pattern,
    )?;
    match (s.get(5..7), s.get(7..9), s.get(9..)) {
        (Some(state), Some(district), Some(serial)) => Ok(format!("UDYAM-{state}-{district}-{serial}")),
        _ => fault(code::PATTERN, pattern),
    }
}

/// LEI, `5493001KJTIIGC8Y1R12`: 18 letters or digits and two check digits, valid when the whole passes
/// ISO 7064 MOD 97-10.
///
/// Sources: ISO 17442-1:2020; ISO 7064; GLEIF, "The LEI code structure"; python-stdnum `stdnum.lei`
/// (which checks the check digits only, at any length). Normaliser: separators dropped, upper case.
pub fn check_lei(value: &str) -> Checked {
    let s = shaped(
        value,
        "******************99",
        "18 letters or digits and 2 check digits",
        "must be 18 letters or digits and 2 digits, such as 5493001KJTIIGC8Y1R12",
    )?;
    if !mod97_10_is_valid(&s) {
        return fault(
            code::CHECKSUM,
            "the check digits (the last two) do not match: a character is mistyped",
        );
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifiers::codes;

    #[test]
    fn a_cin_has_six_parts_and_a_known_ownership_code() {
        assert_eq!(
            check_cin("l17110mh1973plc019786").as_deref(),
            Ok("L17110MH1973PLC019786")
        );
        assert!(check_cin("U72200MH2009PTC123456").is_ok());
        assert_eq!(codes(check_cin("X17110MH1973PLC019786")), ["pattern"]);
        assert_eq!(codes(check_cin("L17110MH1973XYZ019786")), ["pattern"]);
        assert_eq!(codes(check_cin("L17110MH1973PLC01978")), ["length"]);
    }

    #[test]
    fn an_llpin_and_an_udyam_number_are_written_with_their_hyphens() {
        assert_eq!(check_llpin("aab1234").as_deref(), Ok("AAB-1234"));
        assert_eq!(check_llpin("AAB - 1234").as_deref(), Ok("AAB-1234"));
        assert_eq!(codes(check_llpin("AA1-1234")), ["pattern"]);
        assert_eq!(codes(check_llpin("AAB-12345")), ["length"]);
        assert_eq!(
            check_udyam("udyam mh 26 0012345").as_deref(),
            Ok("UDYAM-MH-26-0012345")
        );
        assert_eq!(codes(check_udyam("UDYOG-MH-26-0012345")), ["pattern"]);
        assert_eq!(codes(check_udyam("UDYAM-M1-26-0012345")), ["pattern"]);
        assert_eq!(codes(check_udyam("UDYAM-MH-26-001234")), ["length"]);
    }

    #[test]
    fn an_lei_has_two_mod97_check_digits() {
        assert_eq!(
            check_lei("5493 001K JTII GC8Y 1R12").as_deref(),
            Ok("5493001KJTIIGC8Y1R12")
        );
        assert_eq!(codes(check_lei("5493001KJTIIGC8Y1R13")), ["checksum"]);
        assert_eq!(codes(check_lei("5493001KJTIIGC8Y1RA2")), ["pattern"]);
        assert_eq!(codes(check_lei("01")), ["length"], "python-stdnum would take it");
    }
}
