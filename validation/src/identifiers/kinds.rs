//! The identifier kinds: one table of each kind's name, label, prop key aliases, example and rule. It is
//! the one source of the aliases: dedupe reads them (through [`IdentifierKind::from_key`]), and so does
//! anything else that recognises an identifier among a contact's props.

use serde::Serialize;

use super::{business, codes, gstin, personal, tax, Checked};
use crate::contact_details::{check_email, check_mobile};

/// Every identifier kind, in the order of [`KINDS`]; serialized as its name (`"driving_licence"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    Pan,
    Aadhaar,
    Vid,
    Epic,
    Gstin,
    Ckyc,
    Cin,
    Llpin,
    Udyam,
    Tan,
    Lei,
    Passport,
    DrivingLicence,
    Ifsc,
    Micr,
    Upi,
    Pincode,
    Mobile,
    Email,
}

/// One kind as `identifierKinds()` lists it: `{kind, label, aliases, dedupe, example}`.
#[derive(Debug, Serialize)]
pub struct KindInfo {
    #[serde(skip)]
    pub id: IdentifierKind,
    /// The name [`super::validate_identifier`] takes.
    #[serde(rename = "kind")]
    pub name: &'static str,
    /// What a form calls it.
    pub label: &'static str,
    /// Prop keys that hold it, compared case-insensitively after trimming (`PAN_No` is `pan_no`).
    pub aliases: &'static [&'static str],
    /// Whether dedupe matches contacts by it (CONTRACT §3): the kinds that name one person or firm. Bank
    /// codes, UPI ids, pincodes, TANs and driving licences do not take part (a branch or a place is not a
    /// holder; a TAN names a deductor's office, and licence numbers are reissued in other formats).
    pub dedupe: bool,
    /// A valid value, as a person might write it.
    pub example: &'static str,
    #[serde(skip)]
    pub check: fn(&str) -> Checked,
}

macro_rules! kind {
    ($id:ident, $name:literal, $label:literal, [$($alias:literal),+],
     dedupe: $dedupe:literal, example: $example:literal, check: $check:path) => {
        KindInfo {
            id: IdentifierKind::$id,
            name: $name,
            label: $label,
            aliases: &[$($alias),+],
            dedupe: $dedupe,
            example: $example,
            check: $check,
        }
    };
}

/// The kinds, in [`IdentifierKind`] order. The aliases of PAN, Aadhaar, GSTIN, mobile and e-mail are
/// CONTRACT §3's.
#[rustfmt::skip]
pub static KINDS: [KindInfo; 19] = [
    kind!(Pan, "pan", "PAN", ["pan", "pan_no", "pan_number"],
          dedupe: true, example: "ABCPK1234L", check: tax::check_pan),
    kind!(Aadhaar, "aadhaar", "Aadhaar number", ["aadhaar", "aadhaar_no"],
          dedupe: true, example: "6861 1148 9360", check: personal::check_aadhaar),
    kind!(Vid, "vid", "Aadhaar virtual ID (VID)", ["vid", "aadhaar_vid", "virtual_id"],
          dedupe: true, example: "2341 2341 2341 2341", check: personal::check_vid),
    kind!(Epic, "epic", "Voter ID (EPIC)", ["epic", "epic_no", "voter_id"],
          dedupe: true, example: "WKH1186253", check: personal::check_epic),
    kind!(Gstin, "gstin", "GSTIN", ["gstin", "gst_no"],
          dedupe: true, example: "27AAPFU0939F1ZV", check: gstin::check_gstin),
    kind!(Ckyc, "ckyc", "CKYC number", ["ckyc", "ckyc_no", "ckyc_number"],
          dedupe: true, example: "30012345678901", check: personal::check_ckyc),
    kind!(Cin, "cin", "Corporate identity number (CIN)", ["cin", "cin_no"],
          dedupe: true, example: "L17110MH1973PLC019786", check: business::check_cin),
    kind!(Llpin, "llpin", "LLP identification number (LLPIN)", ["llpin", "llpin_no"],
          dedupe: true, example: "AAB-1234", check: business::check_llpin),
    kind!(Udyam, "udyam", "Udyam registration number", ["udyam", "udyam_no", "udyam_number"],
          dedupe: true, example: "UDYAM-MH-26-0012345", check: business::check_udyam),
    kind!(Tan, "tan", "TAN", ["tan", "tan_no"],
          dedupe: false, example: "DELA12345B", check: tax::check_tan),
    kind!(Lei, "lei", "Legal entity identifier (LEI)", ["lei", "lei_code"],
          dedupe: true, example: "5493001KJTIIGC8Y1R12", check: business::check_lei),
    kind!(Passport, "passport", "Passport number", ["passport", "passport_no", "passport_number"],
          dedupe: true, example: "J8369854", check: personal::check_passport),
    kind!(DrivingLicence, "driving_licence", "Driving licence number", ["driving_licence", "driving_license", "dl_no"],
          dedupe: false, example: "MH14 20110062821", check: personal::check_driving_licence),
    kind!(Ifsc, "ifsc", "IFSC", ["ifsc", "ifsc_code"],
          dedupe: false, example: "SBIN0001234", check: codes::check_ifsc),
    kind!(Micr, "micr", "MICR code", ["micr", "micr_code"],
          dedupe: false, example: "400002003", check: codes::check_micr),
    kind!(Upi, "upi", "UPI ID (VPA)", ["upi", "upi_id", "vpa"],
          dedupe: false, example: "priya.sharma@okaxis", check: codes::check_upi),
    kind!(Pincode, "pincode", "Pincode", ["pincode", "pin_code"],
          dedupe: false, example: "560001", check: codes::check_pincode),
    kind!(Mobile, "mobile", "Mobile number", ["mobile", "mobile_no", "phone"],
          dedupe: true, example: "+91 98765 43210", check: check_mobile),
    kind!(Email, "email", "E-mail address", ["email"],
          dedupe: true, example: "priya.sharma@example.co.in", check: check_email),
];

/// Every kind with its aliases, for `identifierKinds()`.
pub fn identifier_kinds() -> &'static [KindInfo] {
    &KINDS
}

impl IdentifierKind {
    /// Every kind, in table order.
    pub fn all() -> impl Iterator<Item = IdentifierKind> {
        KINDS.iter().map(|k| k.id)
    }

    /// This kind's row of [`KINDS`] (the table is in enum order; a unit test holds it there).
    pub fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// The kind with this exact name (`"pan"`, `"driving_licence"`).
    pub fn from_name(name: &str) -> Option<Self> {
        KINDS.iter().find(|k| k.name == name).map(|k| k.id)
    }

    /// The kind a prop key names, by its aliases (case-insensitive, trimmed), whatever it is used for.
    pub fn from_alias(key: &str) -> Option<Self> {
        let key = key.trim();
        KINDS
            .iter()
            .find(|k| k.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(key)))
            .map(|k| k.id)
    }

    /// The kind dedupe matches a prop by: one its key names that dedupe compares (`dedupe` in [`KINDS`]).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::from_alias(key).filter(|k| k.info().dedupe)
    }

    /// The kind's name, as stored in the identifier index and answered by `validate_identifier`.
    pub fn as_str(&self) -> &'static str {
        self.info().name
    }

    /// The normalised form of a valid `value`, or everything wrong with it.
    pub fn validate(&self, value: &str) -> Checked {
        (self.info().check)(value)
    }

    /// The comparable form of `value`, or `None` when it is not a valid identifier of this kind
    /// (a prop keyed `pan_no` holding `"123254684"` is simply not matched as a PAN).
    pub fn normalize(&self, value: &str) -> Option<String> {
        self.validate(value).ok()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::text::PROP_KEY;

    #[test]
    fn the_table_is_in_enum_order_and_every_example_is_valid() {
        for (i, info) in KINDS.iter().enumerate() {
            assert_eq!(info.id as usize, i, "{}", info.name);
            assert_eq!(IdentifierKind::from_name(info.name), Some(info.id));
            assert_eq!(
                serde_json::to_value(info.id).ok(),
                Some(serde_json::json!(info.name))
            );
            assert!(
                info.id.normalize(info.example).is_some(),
                "{}: {}",
                info.name,
                info.example
            );
        }
        assert_eq!(IdentifierKind::all().count(), 19);
    }

    #[test]
    fn every_alias_is_a_valid_prop_key_and_names_one_kind_only() {
        let mut seen = BTreeSet::new();
        for info in &KINDS {
            assert!(
                info.aliases.contains(&info.name),
                "{} is its own alias",
                info.name
            );
            for alias in info.aliases {
                assert!(PROP_KEY.test(alias).is_ok(), "{alias}");
                assert_eq!(alias.to_lowercase(), *alias);
                assert!(seen.insert(*alias), "{alias} names two kinds");
            }
        }
    }

    #[test]
    fn identifier_props_are_recognised_by_key_alias_in_any_case() {
        assert_eq!(IdentifierKind::from_key("PAN_No"), Some(IdentifierKind::Pan));
        assert_eq!(
            IdentifierKind::from_key(" pan_number "),
            Some(IdentifierKind::Pan)
        );
        assert_eq!(IdentifierKind::from_key("gst_no"), Some(IdentifierKind::Gstin));
        assert_eq!(IdentifierKind::from_key("Aadhaar"), Some(IdentifierKind::Aadhaar));
        assert_eq!(IdentifierKind::from_key("phone"), Some(IdentifierKind::Mobile));
        assert_eq!(IdentifierKind::from_key("EMAIL"), Some(IdentifierKind::Email));
        assert_eq!(IdentifierKind::from_key("pan card"), None);
        assert_eq!(IdentifierKind::from_key("father_name"), None);
    }

    #[test]
    fn dedupe_compares_only_the_kinds_marked_for_it() {
        assert_eq!(
            IdentifierKind::from_alias("IFSC_Code"),
            Some(IdentifierKind::Ifsc)
        );
        assert_eq!(
            IdentifierKind::from_key("ifsc_code"),
            None,
            "a branch is not a holder"
        );
        assert_eq!(IdentifierKind::from_alias("voter_id"), Some(IdentifierKind::Epic));
        let dedupe: Vec<&str> = KINDS.iter().filter(|k| k.dedupe).map(|k| k.name).collect();
        assert_eq!(
            dedupe,
            [
                "pan", "aadhaar", "vid", "epic", "gstin", "ckyc", "cin", "llpin", "udyam", "lei", "passport",
                "mobile", "email"
            ]
        );
        assert_eq!(IdentifierKind::from_key("Voter_ID"), Some(IdentifierKind::Epic));
        assert_eq!(IdentifierKind::from_key("tan_no"), None);
    }

    #[test]
    fn normalising_an_identifier_gives_none_for_an_invalid_value() {
        let n = |kind: IdentifierKind, v: &str| kind.normalize(v);
        assert_eq!(
            n(IdentifierKind::Pan, " abcpk1234l").as_deref(),
            Some("ABCPK1234L")
        );
        assert_eq!(n(IdentifierKind::Pan, "123254684"), None);
        assert_eq!(
            n(IdentifierKind::Gstin, "27aapfu0939f1zv").as_deref(),
            Some("27AAPFU0939F1ZV")
        );
        assert_eq!(
            n(IdentifierKind::Aadhaar, "2341 2341 2346").as_deref(),
            Some("234123412346")
        );
        assert_eq!(n(IdentifierKind::Aadhaar, "2341 2341 2345"), None);
        assert_eq!(
            n(IdentifierKind::Mobile, "+91 98765 43210").as_deref(),
            Some("9876543210")
        );
        assert_eq!(
            n(IdentifierKind::Email, "Priya@Example.com").as_deref(),
            Some("priya@example.com")
        );
        assert_eq!(n(IdentifierKind::Email, "priya"), None);
        assert_eq!(IdentifierKind::Aadhaar.as_str(), "aadhaar");
        assert_eq!(IdentifierKind::DrivingLicence.as_str(), "driving_licence");
    }
}
