//! Spelling folds for Indian names written in Latin letters: one romanisation of a sound is chosen for
//! all (sh/s, ksh/x, w/v, z/j, ph/f, aspirates, long vowels, doubled letters), so that "Lakshmi" and
//! "Laxmi", "Srinivas" and "Shreenivas", "Chowdary" and "Chaudhary" compare as one name.
//!
//! These are rules about sounds, not a list of known pairs: the benchmark's generator respells names
//! from its own list of variants, which this module has never seen.

/// The fold of one lower-case name word: the spelling every romanisation of it is mapped to.
///
/// Aspirated consonants lose their `h` (Hindi writers drop it at will), `sh`/`ksh`/`x` become `s`/`ks`,
/// `w`/`v`, `z`/`j`, `q`/`k`, `ph`/`f` merge, long vowels are written short, a trailing `a` after a
/// consonant goes from long words (Srinivasa/Srinivas), a final `y` is an `i` (Sanjay/Sanjai, Reddy/Reddi)
/// and doubled letters are written once.
pub fn fold(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let (written, used): (&str, usize) = match (c, next) {
            ('k', Some('s')) if after == Some('h') => ("ks", 3),
            ('x', _) => ("ks", 1),
            ('s' | 'p' | 'b' | 'd' | 't' | 'k' | 'g' | 'j' | 'c', Some('h')) => (aspirate(c), 2),
            ('c', Some('k')) => ("k", 2),
            ('q', _) => ("k", 1),
            ('z', _) => ("j", 1),
            ('w', _) if !is_vowel(next) && i > 0 && is_vowel(chars.get(i - 1).copied()) => ("", 1),
            ('w', _) => ("v", 1),
            ('e', Some('e')) | ('i', Some('i')) => ("i", 2),
            ('o', Some('o')) | ('u', Some('u')) => ("u", 2),
            ('a', Some('a')) => ("a", 2),
            ('a' | 'o', Some('u')) => ("o", 2),
            ('y', None) if i > 0 => ("i", 1),
            _ => {
                out.push(c);
                i += 1;
                continue;
            }
        };
        out.push_str(written);
        i += used;
    }
    let mut folded = collapse_doubles(&out);
    // "ah"/"eh" at the end is a long vowel ("Shah", "Allah"), and a long word's final "a" after a
    // consonant is the same name ("Srinivasa", "Manjunatha").
    if folded.len() > 2 && folded.ends_with('h') && is_vowel(folded.chars().rev().nth(1)) {
        folded.pop();
    }
    if folded.len() >= 7 && folded.ends_with('a') && !is_vowel(folded.chars().rev().nth(1)) {
        folded.pop();
    }
    folded
}

/// The consonant of an aspirate written with `h` ("bh" -> "b"); `ch` keeps a letter of its own.
fn aspirate(c: char) -> &'static str {
    match c {
        's' => "s",
        'p' => "f",
        'b' => "b",
        'd' => "d",
        't' => "t",
        'k' => "k",
        'g' => "g",
        'j' => "j",
        _ => "c",
    }
}

fn is_vowel(c: Option<char>) -> bool {
    matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

fn collapse_doubles(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The consonant skeleton of a fold: its first letter, then its consonants, repeats written once.
/// Vowels are where romanisations differ most ("Mohammed", "Muhammad", "Mohamad" are all "mhmd"), so
/// the skeleton is what blocking keys are made of: a vowel typo keeps the key.
pub fn skeleton(folded: &str) -> String {
    let mut chars = folded.chars();
    let mut out: String = chars.next().into_iter().collect();
    for c in chars {
        if !is_vowel(Some(c)) && !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        fold(a) == fold(b)
    }

    #[test]
    fn lakshmi_and_laxmi_fold_to_one_spelling() {
        assert!(same("lakshmi", "laxmi"));
        assert!(same("lakshmi", "lakshmee"));
        assert!(same("akshay", "axay"));
    }

    #[test]
    fn sh_and_s_aspirates_and_long_vowels_are_one_spelling() {
        assert!(same("srinivas", "shreenivas"));
        assert!(same("srinivasa", "srinivas"));
        assert!(same("deepak", "dipak"));
        assert!(same("pooja", "puja"));
        assert!(same("subhash", "subash"));
        assert!(same("geetha", "geeta"));
        assert!(same("jyothi", "jyoti"));
        assert!(same("sanjay", "sanjai"));
        assert!(same("vishwanath", "vishvanath"));
        assert!(same("qureshi", "kureshi"));
        assert!(same("mallik", "malik"));
    }

    #[test]
    fn chowdary_choudhary_and_chaudhary_fold_together() {
        assert_eq!(fold("chowdary"), fold("choudhary"));
        assert_eq!(fold("chaudhary"), fold("choudhary"));
        assert_eq!(skeleton(&fold("chowdhury")), skeleton(&fold("chaudhari")));
    }

    #[test]
    fn mohammed_spellings_share_a_skeleton_but_mohan_does_not() {
        let mhmd = skeleton(&fold("mohammed"));
        assert_eq!(mhmd, "mhmd");
        for other in ["muhammad", "mohamed", "mohammad"] {
            assert_eq!(skeleton(&fold(other)), mhmd, "{other}");
        }
        assert_ne!(skeleton(&fold("mohan")), mhmd);
    }

    #[test]
    fn different_names_keep_different_folds() {
        for (a, b) in [
            ("rajesh", "ramesh"),
            ("suresh", "mahesh"),
            ("amit", "sumit"),
            ("sharma", "verma"),
        ] {
            assert!(!same(a, b), "{a} / {b}");
        }
        assert_eq!(fold("rama"), "rama", "short words keep their final a");
    }

    #[test]
    fn words_outside_ascii_are_kept_as_they_are() {
        assert_eq!(fold("रमेश"), "रमेश");
        assert_eq!(fold(""), "");
        assert_eq!(skeleton(""), "");
    }
}
