//! Indian mobile numbers and e-mail addresses: identifiers a person is reached by, normalised so
//! that dedupe sees "+91 98765 43210" and "098765-43210" as one number. Re-exported by `identifiers`.

use crate::identifiers::{fault, Checked};
use crate::report::code;

/// The 10-digit national number of an Indian mobile, starting 6-9: spaces and dashes dropped, then
/// `+91`, a `91` before 10 digits, or a trunk `0` before 10 digits removed.
pub fn normalize_mobile(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let national = match compact.len() {
        13 => compact.strip_prefix("+91")?,
        12 => compact.strip_prefix("91")?,
        11 => compact.strip_prefix('0')?,
        _ => compact.as_str(),
    };
    let b = national.as_bytes();
    (b.len() == 10
        && b.iter().all(u8::is_ascii_digit)
        && b.first().is_some_and(|c| (b'6'..=b'9').contains(c)))
    .then(|| national.to_string())
}

/// Mobile number, `+91 98765 43210`: an Indian mobile's 10-digit national number, starting 6-9 (the
/// National Numbering Plan 2003 of the Department of Telecommunications). Normaliser: spaces and
/// dashes dropped, then `+91`, `91` or a trunk `0` before the 10 digits removed.
pub fn check_mobile(value: &str) -> Checked {
    normalize_mobile(value).map_or_else(
        || {
            fault(
                code::PATTERN,
                "must be an Indian mobile number: 10 digits starting 6-9, optionally after +91, 91 or 0",
            )
        },
        Ok,
    )
}

pub const MAX_EMAIL_LEN: usize = 254;

fn is_email_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c)
}

/// A pragmatic e-mail check: one `@`; a local part of at most 64 allowed characters without leading,
/// trailing or doubled dots; a domain of at least two dot-separated labels of letters, digits and
/// inner hyphens; at most 254 characters in all.
pub fn is_valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    s.len() <= MAX_EMAIL_LEN
        && (1..=64).contains(&local.len())
        && local.chars().all(is_email_local_char)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

pub fn normalize_email(s: &str) -> String {
    s.trim().to_lowercase()
}

/// E-mail address, checked pragmatically ([`is_valid_email`]; RFC 5321 limits). Normaliser: trimmed,
/// lower case.
pub fn check_email(value: &str) -> Checked {
    let s = normalize_email(value);
    if s.len() > MAX_EMAIL_LEN {
        fault(
            code::LENGTH,
            format!("must be at most {MAX_EMAIL_LEN} characters"),
        )
    } else if !is_valid_email(&s) {
        fault(
            code::PATTERN,
            "must be an e-mail address such as priya@example.co.in",
        )
    } else {
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indian_mobiles_normalise_to_ten_digits_starting_six_to_nine() {
        for written in [
            "9876543210",
            "+91 98765 43210",
            "+91-98765-43210",
            "919876543210",
            "098765 43210",
        ] {
            assert_eq!(
                normalize_mobile(written).as_deref(),
                Some("9876543210"),
                "{written}"
            );
        }
        assert_eq!(normalize_mobile("6000000000").as_deref(), Some("6000000000"));
        assert_eq!(normalize_mobile("5876543210"), None, "starts with 5");
        assert_eq!(normalize_mobile("+1 415 555 0100"), None);
        assert_eq!(normalize_mobile("+9198765432101"), None);
        assert_eq!(normalize_mobile("98765432"), None);
        assert_eq!(normalize_mobile("98765O3210"), None);
        assert_eq!(normalize_mobile("811234567890"), None, "12 digits without 91");
    }

    #[test]
    fn e_mails_are_checked_pragmatically() {
        assert!(is_valid_email("priya.sharma@example.co.in"));
        assert!(is_valid_email("accounts+gst@sharma-traders.in"));
        assert!(!is_valid_email("priya.sharma@example"));
        assert!(!is_valid_email("priya@sharma@example.com"));
        assert!(!is_valid_email("@example.com"));
        assert!(!is_valid_email("priya..sharma@example.com"));
        assert!(!is_valid_email("priya sharma@example.com"));
        assert!(!is_valid_email("priya@-example.com"));
        assert!(!is_valid_email("priya@example..com"));
        let long = format!("{}@{}.com", "a".repeat(64), "b".repeat(63 * 3));
        assert!(!is_valid_email(&long));
        assert_eq!(
            normalize_email("  Priya.Sharma@Example.COM "),
            "priya.sharma@example.com"
        );
    }
}
