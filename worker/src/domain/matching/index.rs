//! What the store files a contact under for dedupe, computed where the contact is written: the blocking
//! keys that need no address (`n:`, `d:`), its name's codes (from which the store spells the `p:` key
//! of each address in SQL, in the batch of every address write), the folds of its name's words (the
//! tenant's word counts) and its identifiers. Migration 0010 computes the same for the contacts written
//! before it.

use std::collections::BTreeSet;

use crego_validation::ContactType;

use super::blocking::{match_keys, name_codes};
use super::identifiers::Identifier;
use super::profile::{ContactFields, Profile, DOB_KEYS};

/// A contact's dedupe index rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    /// `n:` and `d:` keys ([`match_keys`] of the contact without its addresses).
    pub keys: Vec<String>,
    /// [`name_codes`]: with each address's pincode, the `p:` keys.
    pub codes: Vec<String>,
    /// [`name_words`]: counted in the tenant's word frequencies.
    pub words: Vec<String>,
    pub identifiers: Vec<Identifier>,
}

impl Filing {
    pub fn of(name: &str, kind: ContactType, props: &[(&str, &str)]) -> Filing {
        let profile = Profile::new(&ContactFields {
            name: Some(name),
            kind: Some(kind),
            props,
            addresses: &[],
        });
        Filing {
            keys: match_keys(&profile),
            codes: name_codes(&profile),
            words: name_words(&profile),
            identifiers: profile.ids,
        }
    }
}

/// The folds of a profile's name words, sorted, each once: a contact counts once per word it has.
pub fn name_words(profile: &Profile) -> Vec<String> {
    let words: BTreeSet<&str> = profile
        .name
        .iter()
        .flat_map(|n| n.tokens.iter())
        .map(|t| t.fold.as_str())
        .collect();
    words.into_iter().map(str::to_string).collect()
}

/// The prop keys a comparison reads (the date of birth's and every alias of a kind dedupe compares), in
/// lower case: a candidate's other props are not read.
pub fn compared_prop_keys() -> Vec<&'static str> {
    let aliases = crego_validation::identifier_kinds()
        .iter()
        .filter(|k| k.dedupe)
        .flat_map(|k| k.aliases.iter().copied());
    DOB_KEYS.iter().copied().chain(aliases).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_is_filed_under_its_name_and_date_keys_codes_words_and_identifiers() {
        let props = [("DOB", "12/03/1985"), ("gstin", "27ABCPK1234L1ZS"), ("note", "x")];
        let f = Filing::of("Mr. Rajesh Kumar Sharma", ContactType::Individual, &props);
        assert_eq!(f.codes, ["kmr", "rjs", "srm"]);
        assert_eq!(
            f.keys,
            [
                "d:kmr|1985-03-12",
                "d:rjs|1985-03-12",
                "d:srm|1985-03-12",
                "n:kmr|rjs",
                "n:kmr|srm",
                "n:rjs|srm"
            ]
        );
        assert_eq!(f.words, ["kumar", "rajes", "sarma"]);
        let ids: Vec<(&str, bool)> = f
            .identifiers
            .iter()
            .map(|i| (i.kind.as_str(), i.from_gstin))
            .collect();
        assert_eq!(ids, [("pan", true), ("gstin", false)]);
    }

    #[test]
    fn the_compared_keys_are_the_date_of_birth_and_every_dedupe_alias() {
        let keys = compared_prop_keys();
        for key in [
            "dob",
            "date_of_birth",
            "pan_no",
            "gst_no",
            "ckyc_no",
            "lei_code",
            "voter_id",
            "email",
        ] {
            assert!(keys.contains(&key), "{key}");
        }
        assert!(!keys.contains(&"ifsc"));
        assert!(keys.iter().all(|k| k.to_lowercase() == *k));
    }
}
