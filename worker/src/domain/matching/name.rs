//! An Indian name taken apart for matching: honorifics and legal suffixes dropped, a relation phrase
//! ("S/o Rajesh Kumar", "W/o ...", "son of ...") split off as the relative's name, initials recognised
//! ("R.", "RK", "V K"), clerks' abbreviations expanded ("Kr." Kumar, "Mohd." Mohammed), Gujarati
//! "-bhai"/"-ben" dropped, and each word folded ([`super::phonetic`]) for spelling-blind comparison.
//! Migration 0010 writes the same parsing in SQL; its test reads the word lists here.

use super::phonetic::{fold, skeleton};

/// Words before a name that say who the person is, not what they are called.
pub const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "shri", "shree", "sri", "sree", "smt", "shrimati", "srimati", "kumari", "km",
    "kum", "dr", "prof", "late", "master", "mast", "baby", "sh", "thiru", "tmt", "selvi", "janab", "sardar",
    "messrs",
];
/// Legal forms at the end of a firm's name (written in many ways, the same firm).
pub const SUFFIXES: &[&str] = &[
    "pvt",
    "private",
    "ltd",
    "limited",
    "llp",
    "co",
    "company",
    "inc",
    "corp",
    "corporation",
    "p",
];
/// Words that carry nothing in a name ("Sharma & Sons", "Bank of ...").
pub const STOP_WORDS: &[&str] = &["and", "of", "the"];
/// The word pairs that open a relation phrase, after punctuation is gone ("s/o" and "S.O." are "s o").
pub const RELATION_MARKERS: &[[&str; 2]] = &[
    ["s", "o"],
    ["d", "o"],
    ["w", "o"],
    ["h", "o"],
    ["c", "o"],
    ["son", "of"],
    ["daughter", "of"],
    ["wife", "of"],
    ["husband", "of"],
    ["care", "of"],
];
/// Clerks' abbreviations of very common name words, and of firms' activities.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("md", "mohammed"),
    ("mohd", "mohammed"),
    ("mhd", "mohammed"),
    ("kr", "kumar"),
    ("pd", "prasad"),
    ("prd", "prasad"),
    ("ch", "chandra"),
    ("sk", "shaikh"),
    ("ent", "enterprises"),
    ("inds", "industries"),
    ("mfg", "manufacturing"),
    ("intl", "international"),
    ("bros", "brothers"),
];
/// The spellings of Mohammed are many and its vowels all differ; it is the one name given its own row.
pub const MOHAMMED: &[&str] = &[
    "mohammad", "muhammad", "muhammed", "mohamed", "mohamad", "mohammed",
];

/// One word of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower case, letters and digits only.
    pub text: String,
    /// The spelling fold ([`fold`]); equal folds are one name written two ways.
    pub fold: String,
    /// The fold's consonant skeleton ([`skeleton`]), what blocking keys are made of.
    pub skeleton: String,
    /// A single letter standing for a word ("R." for Rajesh).
    pub initial: bool,
}

impl Token {
    fn new(text: String) -> Token {
        let folded = fold(&text);
        Token {
            initial: text.chars().count() == 1,
            skeleton: skeleton(&folded),
            fold: folded,
            text,
        }
    }

    /// The first letter, for comparing an initial with a word.
    pub fn first(&self) -> Option<char> {
        self.text.chars().next()
    }
}

/// A name ready to compare: its words, and the relative named after "S/o", "W/o", ... if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedName {
    pub tokens: Vec<Token>,
    pub relative: Vec<Token>,
    /// A firm's name: its words may be abbreviated ("Pharma" for "Pharmaceuticals").
    pub corporate: bool,
}

impl ParsedName {
    /// The words that are not initials.
    pub fn full_tokens(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| !t.initial)
    }
}

/// Takes a name apart. `corporate` names keep runs of single letters together ("S K S Traders" is
/// the firm "SKS Traders") and drop plural endings; a person's "V K" are two initials.
pub fn parse_name(raw: &str, corporate: bool) -> ParsedName {
    let lower = raw.to_lowercase().replace("(p)", " pvt ").replace('&', " and ");
    // "M/s" (Messrs) opens a firm's name; split at the slash it would read as two initials.
    let lower = match lower.trim_start().strip_prefix("m/s") {
        Some(rest) if !rest.starts_with(char::is_alphanumeric) => rest.to_string(),
        _ => lower,
    };
    let words: Vec<String> = lower
        .replace(['\'', '\u{2019}', '`'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let (own, relative) = if corporate {
        (words.as_slice(), &[][..])
    } else {
        split_relation(&words)
    };
    ParsedName {
        tokens: tokens(own, corporate),
        relative: tokens(relative, corporate),
        corporate,
    }
}

/// The person's own words and the relative's, split at the first relation phrase that has words on
/// both sides.
fn split_relation(words: &[String]) -> (&[String], &[String]) {
    for i in 1..words.len().saturating_sub(2) {
        let (Some(a), Some(b)) = (words.get(i), words.get(i + 1)) else {
            break;
        };
        if RELATION_MARKERS.iter().any(|[x, y]| a == x && b == y) {
            let own = words.get(..i).unwrap_or_default();
            let relative = words.get(i + 2..).unwrap_or_default();
            return (own, relative);
        }
    }
    (words, &[])
}

fn tokens(words: &[String], corporate: bool) -> Vec<Token> {
    let start = words
        .iter()
        .position(|w| !HONORIFICS.contains(&w.as_str()))
        .unwrap_or(words.len());
    let mut core: Vec<&str> = words
        .get(start..)
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .collect();
    while core.len() > 1
        && core
            .last()
            .is_some_and(|w| SUFFIXES.contains(w) || STOP_WORDS.contains(w))
    {
        core.pop();
    }
    let mut out: Vec<String> = Vec::with_capacity(core.len());
    // Whether the last word was built from single letters, which a firm's next letter joins.
    let mut spelled = false;
    for word in core.into_iter().filter(|w| !STOP_WORDS.contains(w)) {
        let word = expand(word, corporate);
        let letter = word.chars().count() == 1;
        match out.last_mut() {
            Some(last) if corporate && letter && spelled => last.push_str(&word),
            _ if !corporate && is_initials(&word) => out.extend(word.chars().map(String::from)),
            _ => out.push(word),
        }
        spelled = letter;
    }
    out.into_iter().map(Token::new).collect()
}

/// A person's two or three consonants written together ("rk", "vks") are initials.
fn is_initials(word: &str) -> bool {
    (2..=3).contains(&word.len())
        && word
            .chars()
            .all(|c| c.is_ascii_alphabetic() && !"aeiouy".contains(c))
}

/// The word a clerk's abbreviation or suffix stands for.
fn expand(word: &str, corporate: bool) -> String {
    let word = match ABBREVIATIONS.iter().find(|(short, _)| *short == word) {
        Some((_, full)) => full,
        None if MOHAMMED.contains(&word) => "mohammed",
        None => word,
    };
    if corporate {
        return singular(word);
    }
    // Gujarati respect suffixes: "Rameshbhai" is Ramesh, "Hetalben" is Hetal.
    for suffix in ["bhai", "ben"] {
        if let Some(stem) = word.strip_suffix(suffix).filter(|s| s.len() >= 3) {
            return stem.to_string();
        }
    }
    word.to_string()
}

/// A firm's word without its plural ("Steels", "Industries", "Traders" are "steel", "industry", "trader").
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 3) {
        return format!("{stem}y");
    }
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= 4 && !stem.ends_with('s') => stem.to_string(),
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(name: &ParsedName) -> Vec<&str> {
        name.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn honorifics_and_a_relation_phrase_leave_the_persons_own_name() {
        let n = parse_name("Mr. Rahul Kumar S/o Rajesh Kumar", false);
        assert_eq!(texts(&n), ["rahul", "kumar"]);
        assert_eq!(
            n.relative.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["rajesh", "kumar"]
        );
        for written in [
            "Sunita W.O. Rajesh",
            "Sunita w/o Rajesh",
            "Smt Sunita wife of Rajesh",
        ] {
            assert_eq!(texts(&parse_name(written, false)), ["sunita"], "{written}");
        }
    }

    #[test]
    fn initials_are_single_letters_whether_dotted_spaced_or_run_together() {
        for written in ["R. K. Sharma", "R K Sharma", "RK Sharma", "R.K.Sharma"] {
            let n = parse_name(written, false);
            assert_eq!(texts(&n), ["r", "k", "sharma"], "{written}");
            assert_eq!(n.tokens.iter().filter(|t| t.initial).count(), 2, "{written}");
        }
        assert_eq!(
            texts(&parse_name("Amit Sharma", false)),
            ["amit", "sharma"],
            "a word with vowels is a name"
        );
    }

    #[test]
    fn clerks_abbreviations_and_gujarati_suffixes_are_the_full_name() {
        assert_eq!(
            texts(&parse_name("Rajesh Kr. Singh", false)),
            ["rajesh", "kumar", "singh"]
        );
        assert_eq!(
            texts(&parse_name("Md. Imran Khan", false)),
            ["mohammed", "imran", "khan"]
        );
        assert_eq!(
            texts(&parse_name("Muhammad Imran Khan", false)),
            ["mohammed", "imran", "khan"]
        );
        assert_eq!(texts(&parse_name("Rameshbhai Patel", false)), ["ramesh", "patel"]);
        assert_eq!(texts(&parse_name("Hetalben Shah", false)), ["hetal", "shah"]);
    }

    #[test]
    fn a_firms_suffix_prefix_and_plurals_do_not_count() {
        let expected = ["balaji", "industry"];
        for written in [
            "Shree Balaji Industries Pvt Ltd",
            "Sri Balaji Industries Private Limited",
            "M/s Balaji Industries (P) Ltd.",
            "BALAJI INDUSTRY",
            "Balaji Inds.",
        ] {
            assert_eq!(texts(&parse_name(written, true)), expected, "{written}");
        }
        assert_eq!(
            parse_name("Sharma & Sons", true),
            parse_name("SHARMA AND SONS", true)
        );
        assert_eq!(texts(&parse_name("Gupta and Co", true)), ["gupta"]);
    }

    #[test]
    fn a_firms_spaced_initialism_is_one_word() {
        for written in ["S.K.S. Traders", "S K S Traders", "SKS Traders"] {
            assert_eq!(texts(&parse_name(written, true)), ["sks", "trader"], "{written}");
        }
    }

    #[test]
    fn a_name_made_only_of_honorifics_or_suffixes_keeps_a_word() {
        assert_eq!(texts(&parse_name("Company Ltd", true)), ["company"]);
        assert!(parse_name("Mr.", false).tokens.is_empty());
        assert!(parse_name("", false).tokens.is_empty());
        assert_eq!(texts(&parse_name("D'Souza", false)), ["dsouza"]);
    }
}
