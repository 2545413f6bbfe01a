//! One side of a comparison, parsed once: the dedupe request's fields, or a stored contact with its
//! props and addresses. Parsing is the costly part of a comparison, so a route parses the request
//! once and each candidate once, then compares profiles.

use crego_validation::ContactType;

use super::fields::{normalize_city, normalize_pincode, parse_date, parse_line, Date, Line};
use super::identifiers::{identifiers, Identifier};
use super::name::{parse_name, ParsedName};
use crate::domain::dedupe::name_key;

/// Prop keys holding a date of birth (compared case-insensitively).
pub const DOB_KEYS: &[&str] = &["dob", "date_of_birth"];

/// An address as sent in a dedupe request (`{"address": {"pincode", "city", "address_line"}}`) or
/// stored in `addresses`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddressFields<'a> {
    pub pincode: Option<&'a str>,
    pub city: Option<&'a str>,
    pub address_line: Option<&'a str>,
}

/// What a profile is made from.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContactFields<'a> {
    pub name: Option<&'a str>,
    pub kind: Option<ContactType>,
    /// `(key, value)` of every prop.
    pub props: &'a [(&'a str, &'a str)],
    pub addresses: &'a [AddressFields<'a>],
}

/// An address, normalised; a part that is missing or not valid is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub pincode: Option<String>,
    pub city: Option<String>,
    pub line: Option<Line>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub name: Option<ParsedName>,
    /// `domain::dedupe::name_key` of the name: equal keys, and only they, score a name similarity of 1.
    pub name_key: String,
    pub kind: Option<ContactType>,
    pub dob: Option<Date>,
    pub places: Vec<Place>,
    pub ids: Vec<Identifier>,
}

impl Profile {
    pub fn new(c: &ContactFields<'_>) -> Profile {
        let corporate = c.kind == Some(ContactType::Corporate);
        let name = c
            .name
            .map(|n| parse_name(n, corporate))
            .filter(|n| !n.tokens.is_empty());
        let dob = c
            .props
            .iter()
            .filter(|(k, _)| DOB_KEYS.iter().any(|d| d.eq_ignore_ascii_case(k.trim())))
            .find_map(|(_, v)| parse_date(v));
        let places = c
            .addresses
            .iter()
            .map(|a| Place {
                pincode: a.pincode.and_then(normalize_pincode),
                city: a.city.and_then(normalize_city),
                line: a.address_line.and_then(parse_line),
            })
            .filter(|p| p.pincode.is_some() || p.city.is_some() || p.line.is_some())
            .collect();
        Profile {
            name_key: c.name.map(name_key).unwrap_or_default(),
            name,
            kind: c.kind,
            dob,
            places,
            ids: identifiers(c.props.iter().copied()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_reads_the_dob_under_either_key_and_skips_empty_addresses() {
        let props = [
            ("Date_Of_Birth", "12/03/1985"),
            ("pan_no", "ABCPK1234L"),
            ("city", "Pune"),
        ];
        let addresses = [
            AddressFields {
                pincode: Some("411 001"),
                city: Some("Pune"),
                address_line: None,
            },
            AddressFields {
                pincode: Some("x"),
                city: Some(""),
                address_line: Some(" "),
            },
        ];
        let p = Profile::new(&ContactFields {
            name: Some("Mr. Rajesh Kumar"),
            kind: Some(ContactType::Individual),
            props: &props,
            addresses: &addresses,
        });
        assert_eq!(p.dob, Some(Date { y: 1985, m: 3, d: 12 }));
        assert_eq!(p.places.len(), 1);
        assert_eq!(p.places[0].pincode.as_deref(), Some("411001"));
        assert_eq!(p.name_key, "kumar rajesh");
        assert_eq!(p.ids.len(), 1);
    }

    #[test]
    fn a_name_of_honorifics_only_is_no_name() {
        let p = Profile::new(&ContactFields {
            name: Some("Mr."),
            ..ContactFields::default()
        });
        assert!(p.name.is_none());
        assert_eq!(Profile::new(&ContactFields::default()), Profile::default());
    }
}
