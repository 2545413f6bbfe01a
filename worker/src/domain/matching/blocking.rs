//! Blocking: the keys a contact is filed under so that a request reads a few small groups of
//! candidates instead of the tenant. Keys are made of name-word codes (the first three letters of a
//! word's consonant skeleton, so spellings and vowel typos share them), alone or with the date of birth
//! or the pincode, which keep a very common name's keys small. The store reads at most [`KEY_CAP`]
//! contacts per key, newest first, and scores at most [`MAX_CANDIDATES`], those sharing most keys
//! first: the work per request is bounded whatever the tenant holds.

use crego_validation::limits::{DEDUPE_CANDIDATES, DEDUPE_READ_PER_KEY, DEDUPE_READ_PER_NAME_KEY};

use super::name::Token;
use super::profile::Profile;

/// Contacts read per key, newest first: a key shared by thousands (a very common name in one
/// pincode) costs no more than this.
pub const KEY_CAP: usize = DEDUPE_READ_PER_KEY as usize;
/// Contacts read per name-only key (`n:`): fewer, as the least selective key (see `limits.rs`).
pub const NAME_KEY_CAP: usize = DEDUPE_READ_PER_NAME_KEY as usize;
/// The prefix of name-only keys.
pub const NAME_KEY_PREFIX: &str = "n:";

/// Contacts read of `key`, newest first.
pub fn key_cap(key: &str) -> usize {
    match key.starts_with(NAME_KEY_PREFIX) {
        true => NAME_KEY_CAP,
        false => KEY_CAP,
    }
}
/// Candidates scored per request, those sharing most keys with the request first.
pub const MAX_CANDIDATES: usize = DEDUPE_CANDIDATES as usize;
/// Name words that make keys: a name's first four words (more add keys, not candidates).
const KEY_WORDS: usize = 4;
/// Letters of a word's skeleton in its code.
const CODE_LEN: usize = 3;

/// A word's code: the first letters of its consonant skeleton.
fn code(word: &Token) -> String {
    word.skeleton.chars().take(CODE_LEN).collect()
}

/// The codes of a name's first words that are not initials, sorted, each once: what its keys are made of.
pub fn name_codes(profile: &Profile) -> Vec<String> {
    let mut codes: Vec<String> = profile
        .name
        .iter()
        .flat_map(|name| name.full_tokens().take(KEY_WORDS))
        .map(code)
        .filter(|c| !c.is_empty())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The keys of a profile, sorted, each once:
/// - `n:<code>|<code>`: a pair of its name words' codes (`n:<code>` for a one-word name), whatever
///   their order: "Kumar Rajesh" and "Rajesh Kumaar" share `n:kmr|rjs`;
/// - `d:<code>|<yyyy-mm-dd>`: a name word with the date of birth, for names written very differently
///   ("R. Kumar" for "Rajesh Kumar") and for very common names, whose `n:` keys overflow;
/// - `p:<code>|<pincode>`: a name word with a pincode, the same for customers without a date of birth.
///
/// Initials make no code: their word is found through the other words. Identifiers are keys of their
/// own, in `contact_identifiers`.
///
/// The store files a contact's `p:` keys in SQL, from its [`name_codes`] and its addresses' pincodes,
/// in the batch of every address write (migration 0010 spells the key the same way).
pub fn match_keys(profile: &Profile) -> Vec<String> {
    let codes = name_codes(profile);
    let mut keys = Vec::new();
    match codes.as_slice() {
        [] => return keys,
        [one] => keys.push(format!("n:{one}")),
        many => {
            for (i, a) in many.iter().enumerate() {
                for b in many.iter().skip(i + 1) {
                    keys.push(format!("n:{a}|{b}"));
                }
            }
        }
    }
    for code in &codes {
        if let Some(d) = profile.dob {
            keys.push(format!("d:{code}|{:04}-{:02}-{:02}", d.y, d.m, d.d));
        }
        for pin in profile.places.iter().filter_map(|p| p.pincode.as_deref()) {
            keys.push(format!("p:{code}|{pin}"));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matching::profile::{AddressFields, ContactFields};

    fn keys(name: &str, props: &[(&str, &str)], pincode: Option<&str>) -> Vec<String> {
        let addresses = [AddressFields {
            pincode,
            ..AddressFields::default()
        }];
        match_keys(&Profile::new(&ContactFields {
            name: Some(name),
            props,
            addresses: &addresses,
            ..ContactFields::default()
        }))
    }

    fn share(a: &[String], b: &[String]) -> bool {
        a.iter().any(|k| b.contains(k))
    }

    #[test]
    fn spellings_word_order_and_vowel_typos_keep_the_name_key() {
        let rajesh = keys("Rajesh Kumar", &[], None);
        assert_eq!(rajesh, ["n:kmr|rjs"]);
        for same in [
            "Kumar Rajesh",
            "Mr. Rajesh Kumaar",
            "RAJESH KUMAR S/o Ramesh Kumar",
            "Rajesh Kumar Ltd",
        ] {
            assert_eq!(keys(same, &[], None), rajesh, "{same}");
        }
        assert!(share(
            &keys("Lakshmi Reddy", &[], None),
            &keys("Laxmi Reddi", &[], None)
        ));
        assert!(share(
            &keys("Srinivas Rao", &[], None),
            &keys("Shreenivasa Rao", &[], None)
        ));
        assert!(
            !share(&rajesh, &keys("Ramesh Kumar", &[], None)),
            "another name is another key"
        );
    }

    #[test]
    fn initials_are_found_through_the_date_of_birth_or_the_pincode() {
        let dob = [("dob", "1985-03-12")];
        let full = keys("Rajesh Kumar", &dob, Some("411001"));
        let short = keys("R. Kumar", &[("date_of_birth", "12/03/1985")], None);
        assert!(short.contains(&"d:kmr|1985-03-12".to_string()), "{short:?}");
        assert!(share(&full, &short));
        assert!(
            !share(&full, &keys("R K", &[], Some("411001"))),
            "initials alone make no key"
        );
        assert!(share(&full, &keys("Kumar R.", &[], Some("411001"))));
    }

    #[test]
    fn a_name_makes_a_bounded_number_of_keys() {
        let long = keys(
            "Venkata Satya Sai Rama Krishna Murthy",
            &[("dob", "1970-01-01")],
            Some("530001"),
        );
        // Six pairs of the first four words' codes, four with the date of birth, four with the pincode.
        assert_eq!(long.len(), 6 + 4 + 4, "{long:?}");
        assert!(keys("", &[], None).is_empty());
        assert!(keys("Mr.", &[], Some("411001")).is_empty());
    }
}
