//! Identifiers as the model compares them: every kind the validation crate marks for dedupe (its
//! `dedupe` flag, with its key aliases and normalisers: PAN, GSTIN, Aadhaar, VID, EPIC, CKYC, CIN,
//! LLPIN, Udyam, LEI, passport, mobile, e-mail), and the PAN inside every GSTIN that carries one (a firm
//! registered in two states has two GSTINs and one PAN; a proprietor's GSTIN holds the owner's PAN). A
//! value typed for customers who gave none ("9999999999", "na@na.com", or one shared by more contacts
//! than a household has) is a placeholder: it neither retrieves candidates nor counts as evidence.

use crego_validation::identifiers::embedded_pan;
use crego_validation::limits::DEDUPE_HOLDERS;
use crego_validation::IdentifierKind;

levels! {
    /// An identifier kind the model weighs.
    IdKind {
        Pan = "pan",
        Gstin = "gstin",
        Aadhaar = "aadhaar",
        Cin = "cin",
        Vid = "vid",
        Epic = "epic",
        Ckyc = "ckyc",
        Llpin = "llpin",
        Udyam = "udyam",
        Lei = "lei",
        Passport = "passport",
        Mobile = "mobile",
        Email = "email",
    }
}

/// The comparison of a PAN found inside a GSTIN with a PAN (or with another GSTIN's): weighed as a PAN,
/// named apart so that an answer says where the agreement came from.
pub const PAN_IN_GSTIN: &str = "pan_in_gstin";

impl IdKind {
    /// The model's kind of a validation-crate kind that dedupe compares (its `dedupe` flag); `None` for
    /// the others. Every kind is named, so a kind added to the crate is decided here.
    pub fn of(kind: IdentifierKind) -> Option<IdKind> {
        let ours = match kind {
            IdentifierKind::Pan => IdKind::Pan,
            IdentifierKind::Gstin => IdKind::Gstin,
            IdentifierKind::Aadhaar => IdKind::Aadhaar,
            IdentifierKind::Cin => IdKind::Cin,
            IdentifierKind::Vid => IdKind::Vid,
            IdentifierKind::Epic => IdKind::Epic,
            IdentifierKind::Ckyc => IdKind::Ckyc,
            IdentifierKind::Llpin => IdKind::Llpin,
            IdentifierKind::Udyam => IdKind::Udyam,
            IdentifierKind::Lei => IdKind::Lei,
            IdentifierKind::Passport => IdKind::Passport,
            IdentifierKind::Mobile => IdKind::Mobile,
            IdentifierKind::Email => IdKind::Email,
            IdentifierKind::Tan
            | IdentifierKind::DrivingLicence
            | IdentifierKind::Ifsc
            | IdentifierKind::Micr
            | IdentifierKind::Upi
            | IdentifierKind::Pincode => return None,
        };
        kind.info().dedupe.then_some(ours)
    }

    /// The kind an explanation's `comparison` weighs as (`pan_in_gstin` is a PAN's).
    pub fn from_comparison(comparison: &str) -> Option<IdKind> {
        match comparison {
            PAN_IN_GSTIN => Some(IdKind::Pan),
            other => IdKind::ALL.into_iter().find(|k| k.as_str() == other),
        }
    }

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
    /// A PAN read from inside the GSTIN of prop `prop_key`.
    pub from_gstin: bool,
}

/// More contacts than this holding one value is not a household or a firm's branches: a placeholder.
pub const PLACEHOLDER_HOLDERS: u64 = DEDUPE_HOLDERS;

/// The identifiers among a contact's props, each once: valid values only, normalised by the validation
/// crate (its key aliases, its rules); a GSTIN also gives the PAN inside it (under the GSTIN's prop key).
pub fn identifiers<'a>(props: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Identifier> {
    let mut out = Vec::new();
    for (key, value) in props {
        let Some((crate_kind, kind)) = IdentifierKind::from_key(key).and_then(|k| Some((k, IdKind::of(k)?)))
        else {
            continue;
        };
        let Some(normal) = crate_kind.normalize(value) else {
            continue;
        };
        let id = |kind, value: String, from_gstin| Identifier {
            kind,
            value,
            prop_key: key.to_string(),
            from_gstin,
        };
        if kind == IdKind::Gstin {
            out.extend(embedded_pan(&normal).map(|pan| id(IdKind::Pan, pan, true)));
        }
        out.push(id(kind, normal, false));
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
        assert_eq!(
            ids.iter().map(|i| i.from_gstin).collect::<Vec<_>>(),
            [true, false, false]
        );
        let issue = identifiers([("gstin", "27ABCPK1234L1ZS")]);
        assert_eq!(kinds_values(&issue)[0], ("pan", "ABCPK1234L", "gstin"));
        let uin = identifiers([("gstin", "9917SGP29001OST")]);
        assert_eq!(
            kinds_values(&uin),
            [("gstin", "9917SGP29001OST", "gstin")],
            "no PAN inside"
        );
    }

    #[test]
    fn every_kind_the_validation_crate_marks_for_dedupe_is_compared_and_no_other() {
        for kind in IdentifierKind::all() {
            assert_eq!(
                IdKind::of(kind).is_some(),
                kind.info().dedupe,
                "{}",
                kind.as_str()
            );
            if let Some(ours) = IdKind::of(kind) {
                assert_eq!(ours.as_str(), kind.as_str());
            }
        }
        let props = [
            ("CKYC_No", "3001 2345 6789 01"),
            ("llpin", "aab1234"),
            ("udyam", "udyam mh 26 0012345"),
            ("lei_code", "5493 001K JTII GC8Y 1R12"),
            ("epic_no", "wkh-1186253"),
            ("passport", "j 8369854"),
            ("vid", "2341 2341 2341 2341"),
            ("tan", "DELA12345B"),
            ("ifsc", "SBIN0001234"),
        ];
        let kinds: Vec<&str> = identifiers(props).iter().map(|i| i.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["vid", "epic", "ckyc", "llpin", "udyam", "lei", "passport"]
        );
        assert_eq!(IdKind::from_comparison(PAN_IN_GSTIN), Some(IdKind::Pan));
        assert_eq!(IdKind::from_comparison("lei"), Some(IdKind::Lei));
        assert_eq!(IdKind::from_comparison("city"), None);
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
