//! Identifiers as the model compares them: the five dedupe matches today (PAN, GSTIN, Aadhaar, mobile,
//! e-mail) and a company's CIN, recognised and normalised by the validation crate, and the PAN inside
//! every GSTIN (a firm registered in two states has two GSTINs and one PAN). A value typed for customers
//! who gave none ("9999999999", "na@na.com", or one shared by more contacts than a household has) is a
//! placeholder: it neither retrieves candidates nor counts as evidence.

use crego_validation::IdentifierKind;

levels! {
    /// An identifier kind the model weighs.
    IdKind {
        Pan = "pan",
        Gstin = "gstin",
        Aadhaar = "aadhaar",
        Cin = "cin",
        Mobile = "mobile",
        Email = "email",
    }
}

impl IdKind {
    /// Issued by the state to one person or firm: an agreement is the same customer whatever else
    /// differs. A mobile or an e-mail is often shared by a family or by sister firms.
    pub fn is_legal(self) -> bool {
        !matches!(self, IdKind::Mobile | IdKind::Email)
    }
}

/// One identifier of a contact: its kind, normalised value, and the prop it came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Identifier {
    pub kind: IdKind,
    pub value: String,
    pub prop_key: String,
}

/// More contacts than this holding one value is not a household or a firm's branches: a placeholder.
pub const PLACEHOLDER_HOLDERS: u64 = 10;

/// The identifiers among a contact's props, each once: valid values only, normalised by the validation
/// crate (its key aliases, its rules); a GSTIN also gives the PAN inside it (under the GSTIN's prop key).
pub fn identifiers<'a>(props: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Identifier> {
    let mut out = Vec::new();
    for (key, value) in props {
        let id = |kind, value: String| Identifier {
            kind,
            value,
            prop_key: key.to_string(),
        };
        // Any alias, not only the kinds dedupe matches today: the model weighs the CIN too.
        let Some(crate_kind) = IdentifierKind::from_alias(key) else {
            continue;
        };
        let kind = match crate_kind {
            IdentifierKind::Pan => IdKind::Pan,
            IdentifierKind::Gstin => IdKind::Gstin,
            IdentifierKind::Aadhaar => IdKind::Aadhaar,
            IdentifierKind::Cin => IdKind::Cin,
            IdentifierKind::Mobile => IdKind::Mobile,
            IdentifierKind::Email => IdKind::Email,
            // VID, EPIC, CKYC, LLPIN, Udyam, LEI, passport join as legal kinds when the identifier
            // index takes them (issue 13 item 4); bank codes, UPI ids and pincodes name no customer.
            _ => continue,
        };
        let Some(normal) = crate_kind.normalize(value) else {
            continue;
        };
        if kind == IdKind::Gstin {
            // A taxpayer's GSTIN holds its PAN in characters 3-12; other classes hold no PAN there.
            let pan = normal.get(2..12).and_then(|p| IdentifierKind::Pan.normalize(p));
            out.extend(pan.map(|p| id(IdKind::Pan, p)));
        }
        out.push(id(kind, normal));
    }
    out.sort();
    out.dedup();
    out
}

/// A value no customer has: a mobile of one or two repeated digits ("9999999999", "9000000000"), or
/// an e-mail whose mailbox says there is none ("na@", "test@", "noemail@"). "9876543210" is typed for
/// customers without a phone too, but it is also the example number of the API's own docs and tests:
/// it is a placeholder where many contacts hold it ([`PLACEHOLDER_HOLDERS`]), like any other value.
pub fn looks_like_placeholder(kind: IdKind, value: &str) -> bool {
    match kind {
        IdKind::Mobile => {
            let mut digits: Vec<u8> = value.bytes().collect();
            digits.sort_unstable();
            digits.dedup();
            digits.len() <= 2
        }
        IdKind::Email => {
            let mailbox = value.split('@').next().unwrap_or_default();
            let stripped = mailbox.trim_end_matches(|c: char| c.is_ascii_digit());
            [
                "na", "none", "nil", "test", "noemail", "nomail", "dummy", "abc", "xyz", "no",
            ]
            .contains(&stripped)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_values(ids: &[Identifier]) -> Vec<(&str, &str, &str)> {
        ids.iter()
            .map(|i| (i.kind.as_str(), i.value.as_str(), i.prop_key.as_str()))
            .collect()
    }

    #[test]
    fn a_gstin_also_gives_the_pan_inside_it() {
        let ids = identifiers([("gst_no", "27aapfu0939f1zv"), ("pan", "AAPFU0939F")]);
        assert_eq!(
            kinds_values(&ids),
            [
                ("pan", "AAPFU0939F", "gst_no"),
                ("pan", "AAPFU0939F", "pan"),
                ("gstin", "27AAPFU0939F1ZV", "gst_no"),
            ]
        );
    }

    #[test]
    fn a_cin_is_recognised_by_its_aliases_and_rule() {
        let ids = identifiers([
            ("CIN", " l17110mh1973plc019786 "),
            ("cin_no", "L17110MH1973PLC01978"),
        ]);
        assert_eq!(kinds_values(&ids), [("cin", "L17110MH1973PLC019786", "CIN")]);
    }

    #[test]
    fn invalid_values_and_other_props_are_not_identifiers() {
        let ids = identifiers([
            ("pan", "ABCXK1234L"),
            ("mobile", "12345"),
            ("city", "Pune"),
            ("email", "x"),
        ]);
        assert!(ids.is_empty(), "{ids:?}");
    }

    #[test]
    fn clerks_fillers_are_placeholders_and_real_values_are_not() {
        for mobile in ["9999999999", "9000000000"] {
            assert!(looks_like_placeholder(IdKind::Mobile, mobile), "{mobile}");
        }
        for mobile in ["9822041375", "9876543210"] {
            assert!(!looks_like_placeholder(IdKind::Mobile, mobile), "{mobile}");
        }
        for email in ["na@na.com", "test@gmail.com", "noemail1@gmail.com"] {
            assert!(looks_like_placeholder(IdKind::Email, email), "{email}");
        }
        assert!(!looks_like_placeholder(IdKind::Email, "nanda@gmail.com"));
        assert!(!looks_like_placeholder(IdKind::Pan, "AAAPA0000A"));
    }
}
