//! Numbers that identify a person: Aadhaar and its virtual ID, the voter ID (EPIC), the passport, the
//! driving licence, and the central KYC registry's number.

use super::{error, fault, finish, shaped, Checked, IdentifierError};
use crate::check_digits::luhn_is_valid;
use crate::report::code;
use crate::verhoeff;

const DIGITS_ONLY: &str = "may contain only digits";

/// What UIDAI publishes for both of its numbers past their digits: not starting with 0 or 1, never a
/// palindrome, the last digit a Verhoeff check digit.
fn uidai_faults(s: &str, what: &str) -> Vec<IdentifierError> {
    let mut faults = Vec::new();
    if s.starts_with(['0', '1']) {
        faults.push(error(code::PATTERN, format!("{what} never starts with 0 or 1")));
    }
    if s.bytes().eq(s.bytes().rev()) {
        faults.push(error(code::PATTERN, format!("{what} is never a palindrome")));
    }
    if !verhoeff::is_valid(s) {
        faults.push(error(
            code::CHECKSUM,
            "the last digit, the Verhoeff check digit, does not match: a digit is mistyped or two are swapped",
        ));
    }
    faults
}

/// Aadhaar, `2341 2341 2346`: 12 digits, the first 2-9, not a palindrome, the last a Verhoeff check digit.
///
/// Sources: UIDAI, "A UID Numbering Scheme" (2010); the Verhoeff tables as published (Verhoeff 1969,
/// Wikipedia); python-stdnum `stdnum.in_.aadhaar`. Normaliser: separators dropped.
pub fn check_aadhaar(value: &str) -> Checked {
    let s = shaped(value, "999999999999", "12 digits", DIGITS_ONLY)?;
    let faults = uidai_faults(&s, "an Aadhaar number");
    finish(s, faults)
}

/// A valid Aadhaar number as 12 digits, or as three groups of four separated by single spaces.
pub fn is_valid_aadhaar(s: &str) -> bool {
    let grouped = s.len() == 14 && s.as_bytes().get(4) == Some(&b' ') && s.as_bytes().get(9) == Some(&b' ');
    (s.len() == 12 || grouped) && check_aadhaar(s).is_ok()
}

/// VID, the Aadhaar virtual ID, `2341 2341 2341 2341`: 16 digits, the first 2-9, not a palindrome,
/// the last a Verhoeff check digit.
///
/// Sources: UIDAI circular of 11 January 2018 (Virtual ID); python-stdnum `stdnum.in_.vid`.
/// Normaliser: separators dropped.
pub fn check_vid(value: &str) -> Checked {
    let s = shaped(value, "9999999999999999", "16 digits", DIGITS_ONLY)?;
    let faults = uidai_faults(&s, "a VID");
    finish(s, faults)
}

/// EPIC, the voter ID, `WKH1186253`: three letters (the assembly constituency's functional unique
/// serial number), six digits and a Luhn check digit over those seven digits. Older state-format
/// cards (with slashes) are not this shape and are refused.
///
/// Sources: Election Commission of India, EPIC numbering; python-stdnum `stdnum.in_.epic`.
/// Normaliser: separators dropped, upper case.
pub fn check_epic(value: &str) -> Checked {
    let s = shaped(
        value,
        "AAA9999999",
        "3 letters and 7 digits",
        "must be 3 letters and 7 digits, such as WKH1186253",
    )?;
    if !s.get(3..).is_some_and(luhn_is_valid) {
        return fault(
            code::CHECKSUM,
            "the last digit, the Luhn check digit of the serial number, does not match",
        );
    }
    Ok(s)
}

/// Indian passport number, `J8369854`: a letter and seven digits. No check digit is published for the
/// number itself: the rule checks the shape only.
///
/// Sources: Passport Seva (Ministry of External Affairs), passport booklet format; ICAO 9303 part 4
/// (document number field). Normaliser: separators dropped, upper case.
pub fn check_passport(value: &str) -> Checked {
    let s = shaped(
        value,
        "A9999999",
        "a letter and 7 digits",
        "must be a letter and 7 digits, such as J8369854",
    )?;
    Ok(s)
}

/// Driving licence number, `MH14 20110062821`: the state code (2 letters), the RTO code (2 digits),
/// the year of issue (4 digits, 19xx or 20xx) and a 7-digit serial, as Sarathi issues them. No check
/// digit is published: the rule checks the shape only. Licences in older state formats are refused.
///
/// Sources: Ministry of Road Transport and Highways, Sarathi / Central Motor Vehicles Rules 1989
/// (Form 7). Normaliser: separators dropped, upper case.
pub fn check_driving_licence(value: &str) -> Checked {
    let s = shaped(
        value,
        "AA9999999999999",
        "state, RTO, year and serial",
        "must be 2 letters (the state) and 13 digits (RTO, year, serial), such as MH1420110062821",
    )?;
    if !matches!(s.get(4..6), Some("19" | "20")) {
        return fault(
            code::PATTERN,
            "characters 5-8 are the year of issue, 19xx or 20xx",
        );
    }
    Ok(s)
}

/// CKYC number (KIN), `30012345678901`: the 14 digits the Central KYC Records Registry (CERSAI)
/// issues. No check digit is published: the rule checks the shape only.
///
/// Sources: CERSAI, CKYC operating guidelines (KYC identifier); PML (Maintenance of Records) Rules
/// 2005, rule 9A. Normaliser: separators dropped.
pub fn check_ckyc(value: &str) -> Checked {
    shaped(value, "99999999999999", "14 digits", DIGITS_ONLY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifiers::codes;

    #[test]
    fn aadhaar_686111489360_is_valid_as_python_stdnum_and_the_published_tables_say() {
        assert_eq!(check_aadhaar("6861 1148 9360").as_deref(), Ok("686111489360"));
        assert!(is_valid_aadhaar("686111489360"));
        assert_eq!(codes(check_aadhaar("686111489361")), ["checksum"]);
    }

    #[test]
    fn an_aadhaar_is_twelve_digits_first_two_to_nine_never_a_palindrome() {
        assert!(is_valid_aadhaar("234123412346"));
        assert!(is_valid_aadhaar("2341 2341 2346"));
        assert!(
            !is_valid_aadhaar("2341-2341-2346"),
            "isValidAadhaar keeps its two spellings"
        );
        assert_eq!(check_aadhaar("2341-2341-2346").as_deref(), Ok("234123412346"));
        assert!(!is_valid_aadhaar("23412341 2346"));
        let one = format!(
            "12341234123{}",
            verhoeff::check_digit("12341234123").unwrap_or('?')
        );
        assert_eq!(codes(check_aadhaar(&one)), ["pattern"], "the first digit is 2-9");
        // 201123321102 passes Verhoeff but reads the same backwards.
        assert_eq!(codes(check_aadhaar("201123321102")), ["pattern"]);
        assert_eq!(codes(check_aadhaar("222222222222")), ["pattern", "checksum"]);
        assert_eq!(codes(check_aadhaar("23412341234")), ["length"]);
        assert_eq!(codes(check_aadhaar("23412341234O")), ["pattern"]);
    }

    #[test]
    fn a_vid_is_sixteen_digits_with_a_verhoeff_check_digit() {
        assert_eq!(
            check_vid("2341 2341 2341 2341").as_deref(),
            Ok("2341234123412341")
        );
        assert_eq!(codes(check_vid("2341234123412342")), ["checksum"]);
        assert_eq!(codes(check_vid("1341234123412341")), ["pattern", "checksum"]);
        assert_eq!(codes(check_vid("2000000110000002")), ["pattern"], "a palindrome");
        assert_eq!(codes(check_vid("234123412341234")), ["length"]);
    }

    #[test]
    fn an_epic_is_three_letters_and_seven_digits_with_a_luhn_check() {
        assert_eq!(check_epic("wkh 1186253").as_deref(), Ok("WKH1186253"));
        assert_eq!(codes(check_epic("WKH1186263")), ["checksum"]);
        assert_eq!(codes(check_epic("1231186253")), ["pattern"]);
        assert_eq!(codes(check_epic("WKH118624")), ["length"]);
    }

    #[test]
    fn passports_licences_and_ckyc_numbers_are_checked_for_shape() {
        assert_eq!(check_passport("j 8369854").as_deref(), Ok("J8369854"));
        assert_eq!(codes(check_passport("J836985")), ["length"]);
        assert_eq!(codes(check_passport("18369854")), ["pattern"]);
        assert_eq!(
            check_driving_licence("MH14 20110062821").as_deref(),
            Ok("MH1420110062821")
        );
        assert_eq!(
            check_driving_licence("hr-0619850034761").as_deref(),
            Ok("HR0619850034761")
        );
        assert_eq!(
            codes(check_driving_licence("MH1421110062821")),
            ["pattern"],
            "year 2111"
        );
        assert_eq!(codes(check_driving_licence("M11420110062821")), ["pattern"]);
        assert_eq!(check_ckyc("3001 2345 6789 01").as_deref(), Ok("30012345678901"));
        assert_eq!(codes(check_ckyc("3001234567890")), ["length"]);
        assert_eq!(codes(check_ckyc("3001234567890A")), ["pattern"]);
    }
}
