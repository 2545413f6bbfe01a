//! Dedupe's names as it compared them before the matching model (CONTRACT §3): the word set that makes
//! two names the same (`contacts.name_key`) and the similarity the model still answers with when a bare
//! name is all there is to compare (`matching::score`, basis `name`), which its tests hold it to.

use crego_validation::normalize_name;

/// A name scores as a match at this similarity or above; a name reason is given from it up.
pub const NAME_THRESHOLD: f64 = 0.85;

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
