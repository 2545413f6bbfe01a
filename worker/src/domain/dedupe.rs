//! Dedupe (CONTRACT §3): identifier extraction for the index, name blocking keys, and scoring.
//!
//! Why blocking keys: comparing a name with every contact of a tenant grows with the tenant. Instead each
//! contact's normalised name is filed under a few keys (pairs of 3-letter token prefixes, e.g.
//! "kum|raj" for "Rajesh Kumar"), and a query compares only with contacts that share a key. A typo late in
//! a word ("Kumaar") keeps the key; reordered words ("Kumar Rajesh") give the same key.

use crego_validation::{normalize_name, IdentifierKind};
use serde::Serialize;

/// A name scores as a match at this Jaro-Winkler similarity or above.
pub const NAME_THRESHOLD: f64 = 0.85;
/// Tokens beyond this many add no keys (a name of 5 tokens has 10 pair keys).
const MAX_BLOCK_TOKENS: usize = 5;
const PREFIX: usize = 3;

/// One identifier of a contact: `(kind, normalised value, prop key)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identifier {
    pub kind: &'static str,
    pub value: String,
    pub prop_key: String,
}

/// The identifiers among a contact's props (key aliases and normalisation from the validation crate).
pub fn identifiers<'a>(props: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Identifier> {
    let mut out: Vec<Identifier> = props
        .into_iter()
        .filter_map(|(key, value)| {
            let kind = IdentifierKind::from_key(key)?;
            Some(Identifier {
                kind: kind.as_str(),
                value: kind.normalize(value)?,
                prop_key: key.to_string(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.kind, &a.value, &a.prop_key).cmp(&(b.kind, &b.value, &b.prop_key)));
    out.dedup();
    out
}

/// The blocking keys of a name: pairs of token prefixes (sorted, so word order does not matter), or the
/// single prefix of a one-word name.
pub fn name_blocks(name: &str) -> Vec<String> {
    let normalized = normalize_name(name);
    let mut prefixes: Vec<String> = normalized
        .split_whitespace()
        .filter(|t| t.chars().count() >= 2)
        .take(MAX_BLOCK_TOKENS)
        .map(|t| t.chars().take(PREFIX).collect())
        .collect();
    prefixes.sort();
    prefixes.dedup();
    let mut blocks = Vec::new();
    match prefixes.len() {
        0 => {}
        1 => blocks.push(prefixes[0].clone()),
        n => {
            for i in 0..n {
                for j in i + 1..n {
                    blocks.push(format!("{}|{}", prefixes[i], prefixes[j]));
                }
            }
        }
    }
    blocks
}

/// The set of words of a normalised name, sorted and space-joined (`contacts.name_key`, migration 0006).
///
/// Two names score exactly 1.0 ([`name_similarity`]) when, and only when, their keys are equal and not
/// empty: Jaro-Winkler is 1 only for equal words, so every word must find its twin both ways. Dedupe
/// reads the contacts with the asked name's key from an index before it scores anything.
pub fn name_key(name: &str) -> String {
    let normalized = normalize_name(name);
    let mut words: Vec<&str> = normalized.split_whitespace().collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// How alike two names are, 0..=1, after normalisation (case, punctuation, honorifics, suffixes).
///
/// Word by word rather than whole-string Jaro-Winkler: each word is matched with its most similar word
/// of the other name and the matches are averaged (Monge-Elkan), both ways, keeping the lower. A shared
/// first letter then cannot carry two different surnames over the threshold ("Rajesh Kumar" vs
/// "Ramesh Kapoor"), and word order does not matter.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (normalize_name(a), normalize_name(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let (ta, tb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    monge_elkan(&ta, &tb).min(monge_elkan(&tb, &ta))
}

fn monge_elkan(from: &[&str], to: &[&str]) -> f64 {
    let total: f64 = from
        .iter()
        .map(|x| to.iter().map(|y| strsim::jaro_winkler(x, y)).fold(0.0, f64::max))
        .sum();
    total / from.len().max(1) as f64
}

/// Rounds a score to 2 decimals for the response (the ranking uses the full value).
pub fn rounded(score: f64) -> f64 {
    (score * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_props_are_found_by_alias_and_normalised() {
        let ids = identifiers([
            ("pan_no", "abcpk1234l"),
            ("mobile", "+91 98765 43210"),
            ("email", " Rajesh.Kumar@Example.COM "),
            ("city", "Pune"),
            ("pan", "not-a-pan"),
        ]);
        let got: Vec<_> = ids
            .iter()
            .map(|i| (i.kind, i.value.as_str(), i.prop_key.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("email", "rajesh.kumar@example.com", "email"),
                ("mobile", "9876543210", "mobile"),
                ("pan", "ABCPK1234L", "pan_no"),
            ]
        );
    }

    #[test]
    fn spelling_variants_share_a_block_and_unrelated_names_do_not() {
        let a = name_blocks("Rajesh Kumar");
        assert_eq!(a, ["kum|raj"]);
        assert_eq!(name_blocks("rajesh  kumar"), a);
        assert_eq!(name_blocks("Mr. Rajesh Kumaar"), a);
        assert_eq!(name_blocks("Kumar Rajesh"), a);
        assert_eq!(
            name_blocks("M/s Sharma Traders"),
            name_blocks("Sharma Traders Pvt Ltd")
        );
        assert!(name_blocks("Priya Nair").iter().all(|b| !a.contains(b)));
        assert_eq!(name_blocks("Infosys"), ["inf"]);
        assert_eq!(
            name_blocks("Rajesh Kumar Sharma"),
            ["kum|raj", "kum|sha", "raj|sha"]
        );
    }

    #[test]
    fn names_with_the_same_words_share_a_key_and_score_exactly_one() {
        let key = name_key("Rajesh Kumar");
        assert_eq!(key, "kumar rajesh");
        for same in ["Mr. Kumar  RAJESH", "Rajesh Kumar Rajesh", "rajesh\u{a0}kumar"] {
            assert_eq!(name_key(same), key, "{same}");
            assert_eq!(name_similarity("Rajesh Kumar", same), 1.0, "{same}");
        }
        for other in ["Rajesh Kumaar", "Rajesh K. Kumar", "Rajesh"] {
            assert_ne!(name_key(other), key, "{other}");
            assert!(name_similarity("Rajesh Kumar", other) < 1.0, "{other}");
        }
        assert_eq!(
            name_key("Sharma Traders (P) Ltd."),
            name_key("M/s SHARMA TRADERS")
        );
        assert_eq!(name_key("D'Souza & Co."), "dsouza");
        assert_eq!(name_key("Company Ltd"), "company ltd");
        assert_eq!(name_key("..."), "");
    }

    #[test]
    fn similar_names_score_above_the_threshold_and_different_ones_below() {
        assert!((name_similarity("Rajesh Kumar", "rajesh  kumar") - 1.0).abs() < 1e-9);
        assert!(name_similarity("Rajesh Kumar", "Rajesh Kumaar") >= NAME_THRESHOLD);
        assert!((name_similarity("M/s Sharma Traders", "Sharma Traders Pvt Ltd") - 1.0).abs() < 1e-9);
        assert!(name_similarity("Rajesh Kumar", "Ramesh Kapoor") < NAME_THRESHOLD);
        assert!(name_similarity("Sharma Traders", "Verma Textiles") < NAME_THRESHOLD);
        assert!(name_similarity("Priya Nair", "Priya Sharma") < NAME_THRESHOLD);
        assert!(name_similarity("Kumar Rajesh", "Rajesh Kumar") > 0.99);
        assert_eq!(name_similarity("", "Rajesh"), 0.0);
    }
}
