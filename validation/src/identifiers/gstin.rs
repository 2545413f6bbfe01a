//! GSTIN, the goods and services tax identification number, in every class the GST portal issues:
//! regular taxpayers, tax collectors (TCS) and deductors (TDS), government departments, non-resident
//! taxable persons, OIDAR providers and UIN holders (UN bodies, embassies, other notified persons).

use super::tax::pan_faults;
use super::tax::{PAN_SHAPE, TAN_SHAPE};
use super::{error, finish, fits, shaped, Checked, IdentifierError};
use crate::report::code;

/// The first two digits: the states and union territories 01-38 (38 is Ladakh), 96 other country,
/// 97 other territory, 99 centre jurisdiction (GST portal, "State Code List").
const GST_STATE_CODES: &str = "01-38, 96, 97 or 99";

fn is_state_code(s: &str) -> bool {
    fits(s, "99")
        && s.parse::<u8>()
            .is_ok_and(|n| (1..=38).contains(&n) || matches!(n, 96 | 97 | 99))
}

/// The class of a GSTIN, read from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GstinClass {
    /// State, PAN, registration number (1-9, A-Z) in the state, `Z`, check character.
    Regular,
    /// A tax collector at source (e-commerce operator): `C` as the 14th character.
    TaxCollector,
    /// A tax deductor at source: `D` as the 14th character, after a PAN or a TAN.
    TaxDeductor,
    /// A government department registered on its TAN: state, TAN, a digit, `Z`, check character.
    GovernmentDepartment,
    /// A non-resident taxable person: state, year, country, serial, `NR`, check character.
    NonResident,
    /// An online information and database access or retrieval provider abroad: `99`, year, country,
    /// serial, `OS`, check character.
    Oidar,
    /// A UIN: UN bodies and embassies (`UN`) and other notified persons (`ON`).
    Uin,
}

impl GstinClass {
    /// The class a 15-character compact GSTIN has the shape of, by its 13th and 14th characters and
    /// what stands in characters 3-12 (the GST portal's published formats).
    fn of(s: &str) -> Option<GstinClass> {
        let (body, tail) = (s.get(2..12)?, s.get(12..14)?);
        let pan = fits(body, PAN_SHAPE);
        let tan = fits(body, TAN_SHAPE);
        let foreign = fits(s.get(0..12)?, "9999AAA99999");
        let entity = tail.as_bytes().first().is_some_and(|c| c.is_ascii_alphanumeric());
        match tail {
            "NR" if foreign => Some(GstinClass::NonResident),
            "OS" if foreign => Some(GstinClass::Oidar),
            "UN" | "ON" if foreign => Some(GstinClass::Uin),
            _ if !fits(s.get(0..2)?, "99") || !entity => None,
            _ => match tail.as_bytes().get(1) {
                Some(b'Z') if pan => Some(GstinClass::Regular),
                Some(b'Z') if tan => Some(GstinClass::GovernmentDepartment),
                Some(b'C') if pan => Some(GstinClass::TaxCollector),
                Some(b'D') if pan || tan => Some(GstinClass::TaxDeductor),
                _ => None,
            },
        }
    }
}

fn base36(c: u8) -> Option<u32> {
    char::from(c).to_digit(36).filter(|_| !c.is_ascii_lowercase())
}

/// The GSTIN check character for its first 14 characters (upper case): over "0-9A-Z", weights 1, 2,
/// 1, 2, ... from the left; each product adds its base-36 quotient and remainder; the check is the
/// sum's complement mod 36 (Luhn mod N, as GSTN publishes it for every class).
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
    char::from_digit((36 - sum % 36) % 36, 36).map(|c| c.to_ascii_uppercase())
}

/// What is wrong with the parts of a GSTIN of a known class, before its check character.
fn class_faults(s: &str, class: GstinClass) -> Vec<IdentifierError> {
    let mut faults = Vec::new();
    let state = s.get(0..2).unwrap_or_default();
    if class == GstinClass::Oidar && state != "99" {
        faults.push(error(code::PATTERN, "an OIDAR registration's state code is 99"));
    } else if !is_state_code(state) {
        faults.push(error(
            code::PATTERN,
            format!("the first two digits are the state code: {GST_STATE_CODES}"),
        ));
    }
    let body = s.get(2..12).unwrap_or_default();
    let entity = s.as_bytes().get(12).copied().unwrap_or_default();
    let on_pan = matches!(class, GstinClass::Regular | GstinClass::TaxCollector)
        || class == GstinClass::TaxDeductor && fits(body, PAN_SHAPE);
    if on_pan {
        for pan in pan_faults(body) {
            faults.push(error(
                code::PATTERN,
                format!("characters 3-12 are the holder's PAN: {}", pan.message),
            ));
        }
    }
    let entity_ok = match class {
        GstinClass::GovernmentDepartment => entity.is_ascii_digit(),
        GstinClass::Regular | GstinClass::TaxCollector | GstinClass::TaxDeductor => entity != b'0',
        _ => true,
    };
    if !entity_ok {
        faults.push(error(
            code::PATTERN,
            "the 13th character counts the holder's registrations in the state: 1-9, then A-Z (a government department's is a digit)",
        ));
    }
    faults
}

/// GSTIN, `27AAPFU0939F1ZV`: 15 characters ending in a check character, in the classes the GST portal
/// publishes (`GstinClass` below). Every class carries the mod-36 check character; the state code is
/// 01-38, 96, 97 or 99 (99 for OIDAR). An embedded PAN must be a valid PAN (holder type, serial).
///
/// Sources: CGST Rules 2017, rule 10 and Form GST REG-06; GST portal (developer.gst.gov.in) GSTIN
/// formats and state code list; python-stdnum `stdnum.in_.gstin` (which knows the regular class and
/// states 01-37 only). Normaliser: separators dropped, upper case.
pub fn check_gstin(value: &str) -> Checked {
    let s = shaped(
        value,
        "***************",
        "a state code, a PAN or TAN, 2 letters or digits and a check character",
        "may contain only letters and digits",
    )?;
    let Some(class) = GstinClass::of(&s) else {
        return super::fault(
            code::PATTERN,
            "must have the shape of a GSTIN: a state code, a PAN (or TAN), 1-9 or A-Z, then Z, C or D; \
             or a state code, year, country and serial, then NR, OS, UN or ON; then a check character",
        );
    };
    let mut faults = class_faults(&s, class);
    let check = s.get(0..14).and_then(gstin_check_char);
    if check.is_some_and(|c| s.ends_with(c)) {
        return finish(s, faults);
    }
    faults.push(error(
        code::CHECKSUM,
        "the last character, the check character, does not match the first 14: a character is mistyped",
    ));
    Err(faults)
}

/// A valid GSTIN written exactly in its canonical form (upper case, no separators).
pub fn is_valid_gstin(s: &str) -> bool {
    check_gstin(s).is_ok_and(|n| n == s)
}

/// The PAN inside a valid GSTIN that carries one (regular, TCS, and TDS registered on a PAN):
/// characters 3-12. Dedupe matches a GSTIN's holder with a PAN this way.
pub fn embedded_pan(gstin: &str) -> Option<String> {
    let s = check_gstin(gstin).ok()?;
    let pan = s.get(2..12)?;
    match GstinClass::of(&s)? {
        GstinClass::Regular | GstinClass::TaxCollector => Some(pan.to_string()),
        GstinClass::TaxDeductor if fits(pan, PAN_SHAPE) => Some(pan.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_check(first14: &str) -> String {
        format!("{first14}{}", gstin_check_char(first14).unwrap_or('?'))
    }

    fn codes(value: &str) -> Vec<&'static str> {
        check_gstin(value)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.code)
            .collect()
    }

    #[test]
    fn the_check_character_matches_published_gstins() {
        // python-stdnum's doctest; and Google's OIDAR registration, as printed on its invoices.
        assert_eq!(gstin_check_char("27AAPFU0939F1Z"), Some('V'));
        assert_eq!(gstin_check_char("9917SGP29001OS"), Some('T'));
        assert!(is_valid_gstin("27AAPFU0939F1ZV"));
        assert!(is_valid_gstin("9917SGP29001OST"));
        assert_eq!(codes("27AAPFU0939F1ZW"), ["checksum"]);
        assert_eq!(
            codes("27AAPFU0939F1VZ"),
            ["pattern"],
            "swapped last two characters"
        );
        assert_eq!(gstin_check_char("27aapfu0939f1z"), None);
    }

    #[test]
    fn every_class_the_portal_issues_is_accepted_with_its_check_character() {
        let classes = [
            ("33ABCPK1234L1Z", GstinClass::Regular),
            ("38AAPFU0939FAZ", GstinClass::Regular),
            ("07AAACA1234B1C", GstinClass::TaxCollector),
            ("07DELA12345B1D", GstinClass::TaxDeductor),
            ("07AAAGD1234B1D", GstinClass::TaxDeductor),
            ("07DELA12345B1Z", GstinClass::GovernmentDepartment),
            ("0717USA12345NR", GstinClass::NonResident),
            ("9917SGP29001OS", GstinClass::Oidar),
            ("0717UNO00157UN", GstinClass::Uin),
            ("0717AUS12345ON", GstinClass::Uin),
        ];
        for (first14, class) in classes {
            let gstin = with_check(first14);
            assert_eq!(check_gstin(&gstin).as_deref(), Ok(gstin.as_str()), "{first14}");
            assert_eq!(GstinClass::of(&gstin), Some(class), "{first14}");
        }
    }

    #[test]
    fn state_codes_are_01_to_38_96_97_and_99() {
        for state in ["01", "37", "38", "96", "97", "99"] {
            assert!(
                is_valid_gstin(&with_check(&format!("{state}AAPFU0939F1Z"))),
                "{state}"
            );
        }
        for state in ["00", "39", "95", "98"] {
            assert_eq!(
                codes(&with_check(&format!("{state}AAPFU0939F1Z"))),
                ["pattern"],
                "{state}"
            );
        }
        assert_eq!(
            codes(&with_check("0717SGP29001OS")),
            ["pattern"],
            "OIDAR is state 99"
        );
    }

    #[test]
    fn the_embedded_pan_and_the_entity_number_must_be_valid() {
        assert_eq!(
            codes(&with_check("27AAPXU0939F1Z")),
            ["pattern"],
            "X is not a holder type"
        );
        assert_eq!(codes(&with_check("27AAPKU0939F1Z")), ["pattern"], "nor is K");
        assert_eq!(codes(&with_check("27AAPFU0000F1Z")), ["pattern"], "serial 0000");
        assert_eq!(
            codes(&with_check("27AAPFU0939F0Z")),
            ["pattern"],
            "entity number 0"
        );
        assert_eq!(
            codes(&with_check("27AAPFU0939F1Y")),
            ["pattern"],
            "14th is Z, C or D"
        );
        let faults = check_gstin(&with_check("00AAPXU0939F0Z")).unwrap_err();
        assert_eq!(faults.len(), 3, "state, PAN and entity number: {faults:?}");
        assert!(faults[1]
            .message
            .starts_with("characters 3-12 are the holder's PAN"));
    }

    #[test]
    fn a_gstin_is_normalised_and_measured_after_dropping_separators() {
        assert_eq!(check_gstin(" 27aapfu0939f1zv").as_deref(), Ok("27AAPFU0939F1ZV"));
        assert_eq!(
            check_gstin("27-AAPFU-0939-F1ZV").as_deref(),
            Ok("27AAPFU0939F1ZV")
        );
        assert!(!is_valid_gstin("27aapfu0939f1zv"), "canonical form only");
        assert_eq!(codes("27AAPFU0939F1Z"), ["length"]);
        assert_eq!(codes("27AAPFU0939F1ZVé"), ["length"]);
        assert_eq!(codes("27AAPFU0939F1Zé"), ["pattern"]);
    }

    #[test]
    fn the_pan_inside_a_gstin_is_found_where_there_is_one() {
        assert_eq!(
            embedded_pan("27abcpk1234l1z5").as_deref(),
            None,
            "invalid check character"
        );
        let regular = with_check("27ABCPK1234L1Z");
        assert_eq!(embedded_pan(&regular).as_deref(), Some("ABCPK1234L"));
        assert_eq!(
            embedded_pan(&with_check("07AAACA1234B1C")).as_deref(),
            Some("AAACA1234B")
        );
        assert_eq!(
            embedded_pan(&with_check("07AAAGD1234B1D")).as_deref(),
            Some("AAAGD1234B")
        );
        assert_eq!(embedded_pan(&with_check("07DELA12345B1D")), None, "a TAN");
        assert_eq!(embedded_pan(&with_check("9917SGP29001OS")), None);
    }
}
