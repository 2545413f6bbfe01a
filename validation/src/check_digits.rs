//! Check digits other than Verhoeff's: Luhn (the EPIC's serial number) and ISO 7064 MOD 97-10 (the
//! LEI's last two digits, as in IBANs).

/// Whether ASCII `digits` pass the Luhn check (ISO/IEC 7812-1, annex B): from the right, every second
/// digit doubled (less 9 when above 9), and the sum a multiple of 10. Empty or non-digit text fails.
pub fn luhn_is_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in digits.bytes().rev().enumerate() {
        if !c.is_ascii_digit() {
            return false;
        }
        let d = u32::from(c - b'0');
        sum += match (i % 2, d * 2) {
            (0, _) => d,
            (_, doubled) if doubled > 9 => doubled - 9,
            (_, doubled) => doubled,
        };
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// Whether digits and capital letters pass ISO 7064 MOD 97-10: each letter read as two digits (A = 10
/// ... Z = 35), the number they spell leaves 1 when divided by 97. Computed piecewise, so any length
/// works without big integers. Empty text, or any other character, fails.
pub fn mod97_10_is_valid(s: &str) -> bool {
    let mut rest = 0u32;
    for c in s.bytes() {
        rest = match c {
            b'0'..=b'9' => (rest * 10 + u32::from(c - b'0')) % 97,
            b'A'..=b'Z' => (rest * 100 + u32::from(c - b'A') + 10) % 97,
            _ => return false,
        };
    }
    !s.is_empty() && rest == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_the_published_example_and_catches_a_single_error() {
        // Wikipedia's (and ISO/IEC 7812's) worked example.
        assert!(luhn_is_valid("79927398713"));
        assert!(!luhn_is_valid("79927398710"));
        assert!(!luhn_is_valid("79927398731"), "an adjacent swap");
        assert!(luhn_is_valid("0"));
        assert!(!luhn_is_valid(""));
        assert!(!luhn_is_valid("7992739871a"));
    }

    #[test]
    fn mod97_10_accepts_published_leis_and_ibans() {
        // GLEIF's own LEI; an LEI in python-stdnum's doctests; the IBAN of ISO 13616's example,
        // moved as the standard moves it (country and check digits to the end).
        assert!(mod97_10_is_valid("506700GE1G29325QX363"));
        assert!(mod97_10_is_valid("213800KUD8LAJWSQ9D15"));
        assert!(mod97_10_is_valid("WEST12345698765432GB82"));
        assert!(!mod97_10_is_valid("213800KUD8LXJWSQ9D15"));
        assert!(!mod97_10_is_valid("213800kud8lajwsq9d15"), "capitals only");
        assert!(!mod97_10_is_valid(""));
    }
}
