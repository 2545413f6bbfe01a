//! Comparing two words of names: the same word, another spelling of it (equal folds, or equal
//! consonants with vowels that differ), a typo of it (unless both are common names), its initial, a
//! firm's abbreviation of it, or nothing; with a similarity for each.

use super::name::Token;

/// How two words compare, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub enum WordMatch {
    Exact,
    Variant,
    Typo(f64),
    Initial,
    None(f64),
}

impl WordMatch {
    /// The word's share in the name similarity (0..=1).
    pub fn similarity(self) -> f64 {
        match self {
            WordMatch::Exact => 1.0,
            WordMatch::Variant => 0.97,
            WordMatch::Typo(jw) => jw.min(0.96),
            WordMatch::Initial => 0.9,
            WordMatch::None(jw) => jw,
        }
    }

    pub fn rank(self) -> (u8, f64) {
        match self {
            WordMatch::Exact => (4, 1.0),
            WordMatch::Variant => (3, 1.0),
            WordMatch::Typo(jw) => (2, jw),
            WordMatch::Initial => (1, 0.0),
            WordMatch::None(_) => (0, 0.0),
        }
    }
}

/// Words at least this alike (Jaro-Winkler, on spellings and on folds) are a typo of each other.
const TYPO_JW: f64 = 0.9;
/// Folds at least this alike, over the same consonants, are spellings of one name.
const VARIANT_JW: f64 = 0.85;
/// A firm's word at least this long that begins another is its abbreviation ("Pharma", "Intl").
const ABBREVIATION_LEN: usize = 4;

/// Compares two words. `common(fold)` says whether a word is a common name in the tenant: two
/// common names a letter apart (Rajesh / Ramesh) are two names, not a typo. `corporate` words may be
/// abbreviations of each other.
pub fn compare_words(a: &Token, b: &Token, corporate: bool, common: &dyn Fn(&str) -> bool) -> WordMatch {
    if a.initial || b.initial {
        let same = a.first().is_some() && a.first() == b.first();
        return if same {
            WordMatch::Initial
        } else {
            WordMatch::None(0.0)
        };
    }
    if a.text == b.text {
        return WordMatch::Exact;
    }
    if a.fold == b.fold {
        return WordMatch::Variant;
    }
    // The same consonants in the same order and as many vowel sounds, written differently: one name
    // ("Nair" / "Nayar", "Agarwal" / "Agrawal"); "Mohan" / "Mohini" have a vowel sound more.
    let (shape_a, shape_b) = (vowel_shape(&a.fold), vowel_shape(&b.fold));
    let syllables = |s: &str| s.matches('a').count();
    if (a.fold.len() >= 4 && shape_a == shape_b)
        || (a.skeleton == b.skeleton
            && a.skeleton.len() >= 2
            && syllables(&shape_a) == syllables(&shape_b)
            && strsim::jaro_winkler(&a.fold, &b.fold) >= VARIANT_JW)
    {
        return WordMatch::Variant;
    }
    let (short, long) = if a.text.len() <= b.text.len() {
        (a, b)
    } else {
        (b, a)
    };
    if corporate && short.text.len() >= ABBREVIATION_LEN && long.text.starts_with(&short.text) {
        return WordMatch::Variant;
    }
    let text = strsim::jaro_winkler(&a.text, &b.text);
    let jw = text.max(strsim::jaro_winkler(&a.fold, &b.fold));
    let long_enough = short.text.chars().count() >= 4;
    // One slipped key in a short word ("Asif" / "Asiv") is a typo too, though Jaro-Winkler is under 0.9;
    // so is one on top of a respelling ("Shinh" / "Singh" fold to "sinh" / "sing").
    let slip = |x: &str, y: &str| x.len().abs_diff(y.len()) <= 1 && strsim::osa_distance(x, y) == 1;
    let typo = long_enough && (jw >= TYPO_JW || slip(&a.text, &b.text) || slip(&a.fold, &b.fold));
    if typo && !(common(&a.fold) && common(&b.fold)) {
        WordMatch::Typo(jw)
    } else {
        WordMatch::None(text)
    }
}

/// A fold with each run of vowels written as one `a`: romanisations differ most in vowels ("Nair" /
/// "Nayar", "Qureshi" / "Quraishi"), and the consonants must then agree in order.
fn vowel_shape(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        let c = if "aeiouy".contains(c) { 'a' } else { c };
        if !(c == 'a' && out.ends_with('a')) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matching::name::parse_name;

    fn word(s: &str, corporate: bool) -> Token {
        parse_name(s, corporate)
            .tokens
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no word in {s}"))
    }

    fn compare(a: &str, b: &str) -> WordMatch {
        compare_words(&word(a, false), &word(b, false), false, &|_| false)
    }

    #[test]
    fn an_initial_matches_a_word_with_its_first_letter_only() {
        assert_eq!(compare("R.", "Rajesh"), WordMatch::Initial);
        assert_eq!(compare("R", "R"), WordMatch::Initial);
        assert!(matches!(compare("K.", "Rajesh"), WordMatch::None(_)));
    }

    #[test]
    fn vowels_written_differently_over_the_same_consonants_are_one_name() {
        assert_eq!(compare("Nair", "Nayar"), WordMatch::Variant);
        assert_eq!(compare("Ayesha", "Aisha"), WordMatch::Variant);
        assert!(!matches!(
            compare("Mohan", "Mohini"),
            WordMatch::Variant | WordMatch::Exact
        ));
    }

    #[test]
    fn a_slipped_key_is_a_typo_and_a_short_word_needs_four_letters() {
        assert!(matches!(compare("Rajesh", "Rajeah"), WordMatch::Typo(_)));
        assert!(matches!(compare("Asif", "Asiv"), WordMatch::Typo(_)));
        assert!(matches!(compare("Ali", "Ari"), WordMatch::None(_)));
    }

    #[test]
    fn only_a_firms_word_may_be_abbreviated() {
        let firm = |a: &str, b: &str| compare_words(&word(a, true), &word(b, true), true, &|_| false);
        assert_eq!(firm("Pharma", "Pharmaceuticals"), WordMatch::Variant);
        assert!(matches!(
            compare("Venkat", "Venkatesh"),
            WordMatch::None(_) | WordMatch::Typo(_)
        ));
        assert!(matches!(firm("Pha", "Pharmaceuticals"), WordMatch::None(_)));
    }
}
