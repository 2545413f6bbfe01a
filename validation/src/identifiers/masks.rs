//! How the store keeps each identifying value, and how it is shown to a caller who may not read it in
//! full (CONTRACT §9, "Personal data"; docs/PII.md): one mask per kind, shared by the worker and the npm
//! package (`maskIdentifier`), so a form shows exactly what the API shows.

use super::{compact, IdentifierKind};

/// How the store keeps a prop of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// Aadhaar and VID: never stored. The masked form is kept, with a keyed token for the identifier
    /// index; a bad number is refused.
    NeverStored,
    /// Encrypted at rest, looked up by a keyed token; shown masked unless the caller may read it.
    Encrypted,
    /// A code that identifies a firm, a branch or a place, not a person: kept and shown as it is.
    Clear,
}

impl IdentifierKind {
    /// How the store keeps this kind. Every kind is named, so a kind added to the table is decided here.
    pub fn protection(self) -> Protection {
        use IdentifierKind::*;
        match self {
            Aadhaar | Vid => Protection::NeverStored,
            Pan | Gstin | Mobile | Email | Ckyc | Passport | DrivingLicence | Lei | Epic | Upi => {
                Protection::Encrypted
            }
            Cin | Llpin | Udyam | Tan | Ifsc | Micr | Pincode => Protection::Clear,
        }
    }
}

/// What `maskIdentifier` takes besides the identifier kinds: a bank account's number.
pub const ACCOUNT_NUMBER: &str = "account_number";

/// The masked form of `value` as a value of the kind named `kind` (an identifier kind's name, or
/// [`ACCOUNT_NUMBER`]); `None` for a name that is neither.
///
/// - Aadhaar `XXXX XXXX 2346`, VID `XXXX XXXX XXXX 2341`, mobile `XXXXXX3210` (of the normalised form);
/// - e-mail and UPI ID: the first character of the name, `***`, then `@` and the domain or handle;
/// - every other protected kind and an account number: `X` for each character but the last four (of
///   the value without spaces and hyphens);
/// - a value too short for that shows at most half its characters; a kind kept in clear is unchanged.
pub fn mask_identifier(kind: &str, value: &str) -> Option<String> {
    if kind == ACCOUNT_NUMBER {
        return Some(hide(&compact(value), false));
    }
    IdentifierKind::from_name(kind).map(|kind| mask(kind, value))
}

/// The masked form of `value` as a value of `kind` (see [`mask_identifier`]).
///
/// Built by pushing characters, one path for every kind, rather than with `format!` and slices: the npm
/// package carries this code under a hard size budget, and that made it 500 bytes smaller there.
pub fn mask(kind: IdentifierKind, value: &str) -> String {
    if kind.protection() == Protection::Clear {
        return value.to_string();
    }
    let normal = kind.normalize(value);
    let s = normal.as_deref().unwrap_or(value);
    match (kind, s.trim().rsplit_once('@')) {
        // A valid number's 12 or 16 digits, in groups of four as UIDAI prints them.
        (IdentifierKind::Aadhaar | IdentifierKind::Vid, _) if normal.is_some() => hide(s, true),
        // `p***@example.com`: the first character of the name (none of a one-character name), a fixed
        // `***` (the name's length is not shown), and what follows the last `@`.
        (IdentifierKind::Email | IdentifierKind::Upi, Some((name, domain))) => {
            let mut chars = name.chars();
            let mut out = String::new();
            if let (Some(first), Some(_)) = (chars.next(), chars.next()) {
                out.push(first);
            }
            out + "***@" + domain
        }
        _ => hide(&compact(s), false),
    }
}

/// Whether `value` is the mask of an Aadhaar number or VID as the API shows it (`XXXX XXXX 2346`): a
/// contact read and sent back holds it, and it stands for the number stored (the worker checks that it
/// is the stored one's).
pub fn is_never_stored_mask(kind: IdentifierKind, value: &str) -> bool {
    let prefix = match kind {
        IdentifierKind::Aadhaar => "XXXX XXXX ",
        IdentifierKind::Vid => "XXXX XXXX XXXX ",
        _ => return false,
    };
    value
        .strip_prefix(prefix)
        .is_some_and(|last| last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()))
}

/// `X` for every character but the last four, or but the last half of a value of fewer than eight;
/// `grouped` puts a space after every four `X`.
fn hide(s: &str, grouped: bool) -> String {
    let n = s.chars().count();
    let mut shown = s.chars();
    let mut out = String::new();
    for i in 0..n - (n / 2).min(4) {
        shown.next();
        out.push('X');
        if grouped && i % 4 == 3 {
            out.push(' ');
        }
    }
    out + shown.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(kind: &str, value: &str) -> String {
        mask_identifier(kind, value).unwrap_or_else(|| panic!("{kind} is a kind"))
    }

    #[test]
    fn aadhaar_vid_mobile_and_account_numbers_show_only_their_last_four_digits() {
        assert_eq!(masked("aadhaar", "2341 2341 2346"), "XXXX XXXX 2346");
        assert_eq!(masked("aadhaar", "234123412346"), "XXXX XXXX 2346");
        assert_eq!(masked("vid", "2341-2341-2341-2341"), "XXXX XXXX XXXX 2341");
        assert_eq!(masked("mobile", "+91 98765 43210"), "XXXXXX3210");
        assert_eq!(masked("account_number", "1234 5678 9012"), "XXXXXXXX9012");
    }

    #[test]
    fn addresses_show_their_first_letter_and_domain_and_other_kinds_their_last_four() {
        assert_eq!(
            masked("email", " Priya.Sharma@Example.co.in "),
            "p***@example.co.in"
        );
        assert_eq!(masked("upi", "priya.sharma@okaxis"), "p***@okaxis");
        assert_eq!(masked("email", "a@b.in"), "***@b.in");
        assert_eq!(masked("pan", "abcpk1234l"), "XXXXXX234L");
        assert_eq!(masked("gstin", "27AAPFU0939F1ZV"), "XXXXXXXXXXXF1ZV");
        assert_eq!(masked("passport", "J8369854"), "XXXX9854");
        assert_eq!(masked("driving_licence", "MH14 20110062821"), "XXXXXXXXXXX2821");
    }

    #[test]
    fn an_invalid_or_short_value_is_masked_too_and_shows_at_most_half() {
        assert_eq!(masked("pan", "123"), "XX3");
        assert_eq!(masked("pan", "123254684"), "XXXXX4684");
        assert_eq!(masked("aadhaar", "2341 2341 2345"), "XXXXXXXX2345");
        assert_eq!(masked("email", "not-an-address"), "XXXXXXXXRESS");
        assert_eq!(masked("account_number", "12"), "X2");
        assert_eq!(masked("account_number", ""), "");
    }

    #[test]
    fn values_are_masked_by_characters_not_bytes() {
        assert_eq!(masked("pan", "é日本語ü"), "XXX語ü");
        assert_eq!(masked("email", " émile@exemple.fr"), "é***@exemple.fr");
        assert_eq!(masked("account_number", "1234５６７８"), "XXXX５６７８");
    }

    #[test]
    fn the_masks_of_aadhaar_and_vid_are_recognised_as_masks_and_nothing_else_is() {
        assert!(is_never_stored_mask(IdentifierKind::Aadhaar, "XXXX XXXX 2346"));
        assert!(is_never_stored_mask(IdentifierKind::Vid, "XXXX XXXX XXXX 2341"));
        assert!(!is_never_stored_mask(
            IdentifierKind::Aadhaar,
            "XXXX XXXX XXXX 2341"
        ));
        assert!(!is_never_stored_mask(IdentifierKind::Aadhaar, "2341 2341 2346"));
        assert!(!is_never_stored_mask(IdentifierKind::Pan, "XXXX XXXX 2346"));
    }

    #[test]
    fn codes_of_firms_and_places_are_shown_as_they_are_and_unknown_kinds_have_no_mask() {
        assert_eq!(masked("ifsc", "SBIN0001234"), "SBIN0001234");
        assert_eq!(masked("cin", "L17110MH1973PLC019786"), "L17110MH1973PLC019786");
        assert_eq!(mask_identifier("pan_no", "ABCPK1234L"), None);
        assert_eq!(mask_identifier("name", "Asha"), None);
    }

    #[test]
    fn every_kind_is_protected_as_the_contract_says() {
        let encrypted: Vec<&str> = IdentifierKind::all()
            .filter(|k| k.protection() == Protection::Encrypted)
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            encrypted,
            [
                "pan",
                "epic",
                "gstin",
                "ckyc",
                "lei",
                "passport",
                "driving_licence",
                "upi",
                "mobile",
                "email"
            ]
        );
        assert_eq!(IdentifierKind::Aadhaar.protection(), Protection::NeverStored);
        assert_eq!(IdentifierKind::Vid.protection(), Protection::NeverStored);
        // No mask ever shows a whole valid value of a protected kind.
        for info in crate::identifiers::identifier_kinds() {
            if info.id.protection() != Protection::Clear {
                let normal = info.id.normalize(info.example).unwrap_or_default();
                assert_ne!(mask(info.id, info.example), normal, "{}", info.name);
            }
        }
    }
}
