//! The model end to end with the committed weights: whole requests against whole contacts, as the route
//! will score them. The first tests pin what the dedupe API tests expect of scores today, so that
//! wiring the model into the route keeps them passing.

use crego_validation::ContactType;

use super::identifiers::IdKind;
use super::score::scaled;
use super::{
    score, AddressFields, Basis, ContactFields, MatchScore, Profile, TenantFrequencies, MIN_SCORE, MODEL,
};

/// A contact (or request) written the way tests read: name, props, and at most one address.
struct Contact<'a> {
    name: &'a str,
    kind: Option<ContactType>,
    props: &'a [(&'a str, &'a str)],
    address: Option<(&'a str, &'a str, &'a str)>,
}

const fn person<'a>(name: &'a str, props: &'a [(&'a str, &'a str)]) -> Contact<'a> {
    Contact {
        name,
        kind: Some(ContactType::Individual),
        props,
        address: None,
    }
}

impl<'a> Contact<'a> {
    const fn at(self, line: &'a str, city: &'a str, pincode: &'a str) -> Contact<'a> {
        Contact {
            address: Some((line, city, pincode)),
            ..self
        }
    }

    fn profile(&self) -> Profile {
        let addresses: Vec<AddressFields> = self
            .address
            .iter()
            .map(|(line, city, pincode)| AddressFields {
                address_line: Some(line),
                city: Some(city),
                pincode: Some(pincode),
            })
            .collect();
        Profile::new(&ContactFields {
            name: Some(self.name),
            kind: self.kind,
            props: self.props,
            addresses: &addresses,
        })
    }
}

/// A tenant of 10,000 contacts where these words are this common.
fn tenant(words: &[(&str, u64)]) -> TenantFrequencies {
    TenantFrequencies {
        contacts: 10_000,
        words: words.iter().map(|(w, n)| (w.to_string(), *n)).collect(),
        ..TenantFrequencies::default()
    }
}

fn scored(request: &Contact, stored: &Contact, tenant: &TenantFrequencies) -> MatchScore {
    score(&request.profile(), &stored.profile(), tenant, &MODEL)
}

fn outcome<'s>(s: &'s MatchScore, field: &str) -> Option<&'s str> {
    s.fields.iter().find(|f| f.field == field).map(|f| f.outcome)
}

const NO_PROPS: &[(&str, &str)] = &[];

#[test]
fn the_same_pan_under_another_name_scores_one_and_says_so() {
    let s = scored(
        &person("Priya Nair", &[("pan_no", "ABCPK1234L")]),
        &person("Rajesh Kumar", &[("pan", "abcpk1234l")]),
        &tenant(&[]),
    );
    assert_eq!((s.score, s.basis), (1.0, Basis::Identifier));
    assert_eq!(outcome(&s, "props.pan"), Some("agree"));
    assert_eq!(outcome(&s, "name"), Some("disagree"));
    assert!(
        s.fields.iter().any(|f| f.field == "name" && f.weight < 0.0),
        "{:?}",
        s.fields
    );
}

#[test]
fn a_mobile_alone_in_any_indian_form_scores_one() {
    let stored = person("Rajesh Kumar", &[("mobile", "+91 98765 43210")]);
    for (key, value) in [
        ("mobile", "09876543210"),
        ("phone", "9876543210"),
        ("mobile_no", "+919876543210"),
    ] {
        let request = Contact {
            name: "",
            kind: None,
            props: &[(key, value)],
            address: None,
        };
        let s = scored(&request, &stored, &tenant(&[]));
        assert_eq!((s.score, s.basis), (1.0, Basis::Identifier), "{key}={value}");
        assert_eq!(outcome(&s, "props.mobile"), Some("agree"));
    }
}

#[test]
fn a_bare_name_request_scores_the_name_similarity_as_before() {
    let stored = person("Rajesh Kumar", NO_PROPS);
    let same = scored(&person("rajesh  kumar", NO_PROPS), &stored, &tenant(&[]));
    let close = scored(&person("Mr. Rajesh Kumaar", NO_PROPS), &stored, &tenant(&[]));
    let other = scored(&person("Ramesh Kapoor", NO_PROPS), &stored, &tenant(&[]));
    assert_eq!((same.score, same.basis), (1.0, Basis::NameOnly));
    assert!((MIN_SCORE..1.0).contains(&close.score), "{}", close.score);
    assert_eq!(
        Some(close.score),
        close.name_similarity,
        "the score is the similarity"
    );
    assert!(other.score < MIN_SCORE, "{}", other.score);
}

#[test]
fn a_pan_request_against_a_contact_with_only_a_name_scores_the_name() {
    let s = scored(
        &person("Rajesh Kumar", &[("pan_no", "ABCPK1234L")]),
        &person("Rajesh Kumar", NO_PROPS),
        &tenant(&[]),
    );
    assert_eq!((s.score, s.basis), (1.0, Basis::NameOnly));
    assert_eq!(outcome(&s, "props.pan_no"), Some("missing"));
}

#[test]
fn only_the_same_word_set_scores_a_name_similarity_of_one() {
    let stored = person("Lakshmi Reddy", NO_PROPS);
    let variant = scored(&person("Laxmi Reddy", NO_PROPS), &stored, &tenant(&[]));
    assert_eq!(outcome(&variant, "name"), Some("variant"));
    assert!(
        variant.score >= MIN_SCORE && variant.score < 1.0,
        "{}",
        variant.score
    );
}

/// Two records of one man: his initial for his given name, the same date of birth and pincode.
#[test]
fn r_kumar_born_the_same_day_in_the_same_pincode_is_rajesh_kumar() {
    let dob = [("dob", "1985-03-12")];
    let request = person("R. Kumar", &[("date_of_birth", "12/03/1985")]).at("14, MG Road", "Pune", "411001");
    let stored = person("Rajesh Kumar", &dob).at("14 M.G. Rd", "Poona", "411001");
    let s = scored(&request, &stored, &tenant(&[("kumar", 300), ("rajes", 60)]));
    assert_eq!(s.basis, Basis::Weighed);
    assert_eq!(outcome(&s, "name"), Some("initials"));
    assert_eq!(outcome(&s, "dob"), Some("exact"));
    assert!(s.score >= MIN_SCORE, "{s:?}");
}

/// A father and son: one surname, one home, one phone, different given names and birth years.
#[test]
fn relatives_sharing_a_home_and_a_phone_are_not_duplicates() {
    let home = ("Flat 302, Sai Krupa Apartments, Baner Road", "Pune", "411045");
    let father = person(
        "Rajesh Vinayak Patil",
        &[("dob", "1962-07-01"), ("mobile", "9822041375")],
    );
    let son = person(
        "Rahul Rajesh Patil",
        &[("dob", "1990-02-11"), ("mobile", "9822041375")],
    );
    let (father, son) = (father.at(home.0, home.1, home.2), son.at(home.0, home.1, home.2));
    let s = scored(&son, &father, &tenant(&[("patil", 120), ("rajes", 80)]));
    assert_eq!(outcome(&s, "name"), Some("partial"));
    assert!(s.score < MIN_SCORE, "{s:?}");
}

#[test]
fn a_common_name_counts_for_less_than_a_rare_one() {
    let (request, stored) = (
        person("Rajesh Kumar", NO_PROPS),
        person("Rajesh Kumar", &[("dob", "1985-03-12")]),
    );
    let request = Contact {
        props: &[("dob", "1990-01-01")],
        ..request
    };
    let rare = scored(&request, &stored, &tenant(&[("rajes", 100), ("kumar", 300)]));
    let common = scored(&request, &stored, &tenant(&[("rajes", 800), ("kumar", 300)]));
    let name = |s: &MatchScore| {
        s.fields
            .iter()
            .find(|f| f.field == "name")
            .map_or(0.0, |f| f.weight)
    };
    // Eight times the contacts with the given name: three bits less, within the clamp.
    assert!(
        (name(&rare) - name(&common) - 3.0).abs() < 1e-9,
        "{} / {}",
        name(&rare),
        name(&common)
    );
}

#[test]
fn a_placeholder_mobile_is_no_evidence_either_way() {
    let request = person("Anita Desai", &[("mobile", "9999999999"), ("dob", "1980-01-01")]);
    let stored = person("Sunil Shah", &[("mobile", "9999999999"), ("dob", "1975-05-05")]);
    let s = scored(&request, &stored, &tenant(&[]));
    assert_eq!(outcome(&s, "props.mobile"), Some("placeholder"));
    assert!(s.score < MIN_SCORE);
    let mut branch = tenant(&[]);
    branch
        .holders
        .insert((IdKind::Mobile, "9822041375".into()), 1_200);
    let shared = person("Anita Desai", &[("mobile", "9822041375"), ("dob", "1980-01-01")]);
    let s = scored(
        &shared,
        &person("Sunil Shah", &[("mobile", "9822041375")]),
        &branch,
    );
    assert_eq!(
        outcome(&s, "props.mobile"),
        Some("placeholder"),
        "held by 1,200 contacts"
    );
}

#[test]
fn another_states_gstin_of_a_firm_is_the_same_firm() {
    let firm = |name, props| Contact {
        kind: Some(ContactType::Corporate),
        ..person(name, props)
    };
    let s = scored(
        &firm("Sunrise Steels Pvt Ltd", &[("gstin", "27AAPFU0939F1ZV")]),
        &firm("SUNRISE STEEL PRIVATE LIMITED", &[("gst_no", "29AAPFU0939F1ZR")]),
        &tenant(&[]),
    );
    assert_eq!((s.score, s.basis), (1.0, Basis::Identifier));
    let gstin: Vec<_> = s.fields.iter().map(|f| (f.comparison, f.outcome)).collect();
    assert!(
        gstin.contains(&("pan_in_gstin", "agree")) && gstin.contains(&("gstin", "other_registration")),
        "{gstin:?}"
    );
}

#[test]
fn every_field_of_the_request_is_explained_in_order() {
    let request = person("Rajesh Kumar", &[("dob", "1985-03-12"), ("pan", "ABCPK1234L")]).at(
        "12 MG Road",
        "Pune",
        "411001",
    );
    let s = scored(&request, &person("Rajesh Kumar", NO_PROPS), &tenant(&[]));
    let fields: Vec<_> = s.fields.iter().map(|f| (f.field.as_str(), f.outcome)).collect();
    assert_eq!(
        fields,
        [
            ("name", "exact"),
            ("type", "agree"),
            ("dob", "missing"),
            ("address.pincode", "missing"),
            ("address.city", "missing"),
            ("address.address_line", "missing"),
            ("props.pan", "missing"),
        ]
    );
    assert!(s
        .fields
        .iter()
        .filter(|f| f.outcome == "missing")
        .all(|f| f.weight == 0.0));
    assert!((s.weight - s.fields.iter().map(|f| f.weight).sum::<f64>()).abs() < 1e-9);
}

#[test]
fn a_weighed_score_is_min_score_at_the_threshold_and_grows_with_the_weight() {
    assert!((scaled(MODEL.threshold, MODEL.threshold) - MIN_SCORE).abs() < 1e-12);
    let scores: Vec<f64> = [-20.0, -1.0, 0.0, 1.0, 20.0]
        .iter()
        .map(|d| scaled(MODEL.threshold + d, MODEL.threshold))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] < w[1]), "{scores:?}");
    assert!(scores[0] > 0.0 && scores[4] < 1.0);
}

#[test]
fn a_pan_and_the_gstin_that_embeds_it_are_one_holder_either_way() {
    let pan = person("Priya Nair", &[("pan", "ABCPK1234L")]);
    let gstin = person("Nair Traders", &[("gstin", "27ABCPK1234L1ZS")]);
    let explained = |s: &MatchScore| -> Vec<(String, &str, &str)> {
        s.fields
            .iter()
            .filter(|f| f.field.starts_with("props."))
            .map(|f| (f.field.clone(), f.comparison, f.outcome))
            .collect()
    };

    let stored_gstin = scored(&pan, &gstin, &tenant(&[]));
    let stored_pan = scored(&gstin, &pan, &tenant(&[]));
    let both = scored(
        &pan,
        &person(
            "Priya Nair",
            &[("gstin", "27ABCPK1234L1ZS"), ("pan_no", "ABCPK1234L")],
        ),
        &tenant(&[]),
    );

    assert_eq!((stored_gstin.score, stored_gstin.basis), (1.0, Basis::Identifier));
    assert_eq!(
        explained(&stored_gstin),
        [("props.gstin".to_string(), "pan_in_gstin", "agree")]
    );
    assert_eq!((stored_pan.score, stored_pan.basis), (1.0, Basis::Identifier));
    assert_eq!(
        explained(&stored_pan)[0],
        ("props.pan".to_string(), "pan_in_gstin", "agree")
    );
    assert_eq!(
        explained(&both),
        [("props.pan_no".to_string(), "pan", "agree")],
        "a PAN typed as a PAN says it plainest"
    );
}

#[test]
fn each_newer_identifier_kind_agrees_after_normalisation_and_settles_it() {
    for (key, stored, asked) in [
        ("ckyc", "30012345678901", "3001 2345 6789 01"),
        ("cin", "L17110MH1973PLC019786", "l17110mh1973plc019786"),
        ("llpin", "AAB-1234", "aab1234"),
        ("udyam", "UDYAM-MH-26-0012345", "udyam mh 26 0012345"),
        ("lei", "5493001KJTIIGC8Y1R12", "5493 001K JTII GC8Y 1R12"),
        ("epic", "WKH1186253", "wkh-1186253"),
        ("passport", "J8369854", "j 8369854"),
        ("vid", "2341234123412341", "2341 2341 2341 2341"),
    ] {
        let s = scored(
            &person("Asha Rao", &[(key, asked)]),
            &person("Asha R. Menon", &[(key, stored)]),
            &tenant(&[]),
        );
        assert_eq!((s.score, s.basis), (1.0, Basis::Identifier), "{key}");
        assert_eq!(outcome(&s, &format!("props.{key}")), Some("agree"), "{key}");
    }
}
