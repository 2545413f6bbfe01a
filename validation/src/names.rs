//! Names as dedupe compares them: "Mr. Rajesh Kumar" and "rajesh  kumar" are one person, "M/s Sharma
//! Traders" and "SHARMA TRADERS PRIVATE LIMITED" one firm.

/// Honorifics and firm prefixes, dropped from the start of a name only ("Priya Kumari" keeps her name).
const PREFIXES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "shri", "sri", "smt", "kumari", "dr", "messrs",
];

/// Corporate suffixes, dropped from the end only ("Company Secretaries Forum" keeps its first word).
const SUFFIXES: &[&str] = &[
    "pvt", "private", "ltd", "limited", "llp", "co", "company", "inc", "corp",
];

/// Lower case, punctuation to spaces (apostrophes dropped, so "D'Souza" is "dsouza"), leading
/// honorifics and trailing corporate suffixes removed, whitespace collapsed. A name made only of such
/// words ("Company Ltd") is kept whole rather than normalised to nothing, which would match every
/// other such name.
pub fn normalize_name(name: &str) -> String {
    // "(P) Ltd" is the usual short form of "Private Limited"; "M/s" would split into "m s", which also
    // reads as two initials, so both are recognised before punctuation goes.
    let lower = name.to_lowercase().replace("(p)", " pvt ");
    let lower = strip_m_s(&lower);
    let spaced: String = lower
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`'))
        .map(|c| if is_name_char(c) { c } else { ' ' })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| !PREFIXES.contains(w))
        .unwrap_or(words.len());
    let end = words
        .iter()
        .rposition(|w| !SUFFIXES.contains(w))
        .map_or(0, |i| i + 1);
    match words.get(start..end) {
        Some(core) if !core.is_empty() => core.join(" "),
        _ => words.join(" "),
    }
}

/// Letters and digits in any script; everything else is punctuation or space.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && !c.is_whitespace())
}

/// Drops a leading `m/s` ("M/s. Sharma Traders", "M/S Sharma Traders").
fn strip_m_s(lower: &str) -> &str {
    let trimmed = lower.trim_start();
    match trimmed.strip_prefix("m/s") {
        Some(rest) if !rest.starts_with(char::is_alphanumeric) => rest,
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_name_ignores_case_spacing_and_honorifics() {
        let expected = normalize_name("Rajesh Kumar");
        assert_eq!(expected, "rajesh kumar");
        assert_eq!(normalize_name("rajesh  kumar"), expected);
        assert_eq!(normalize_name("Mr. Rajesh Kumar"), expected);
        assert_eq!(normalize_name("  Shri RAJESH\tKUMAR "), expected);
        assert_eq!(normalize_name("Dr. Smt. Anjali Rao"), "anjali rao");
    }

    #[test]
    fn a_firms_name_ignores_m_s_and_corporate_suffixes() {
        let expected = normalize_name("M/s Sharma Traders");
        assert_eq!(expected, "sharma traders");
        assert_eq!(normalize_name("Sharma Traders Pvt Ltd"), expected);
        assert_eq!(normalize_name("SHARMA TRADERS PRIVATE LIMITED"), expected);
        assert_eq!(normalize_name("M/S. Sharma Traders (P) Ltd."), expected);
        assert_eq!(normalize_name("Messrs Sharma Traders & Co."), expected);
        assert_eq!(normalize_name("Sharma Traders LLP"), expected);
    }

    #[test]
    fn honorifics_count_only_at_the_start_and_suffixes_only_at_the_end() {
        assert_eq!(normalize_name("Priya Kumari"), "priya kumari");
        assert_eq!(normalize_name("Kumari Priya"), "priya");
        assert_eq!(
            normalize_name("Co-operative Bank of Pune"),
            "co operative bank of pune"
        );
        assert_eq!(normalize_name("M S Dhoni"), "m s dhoni");
    }

    #[test]
    fn punctuation_becomes_space_and_apostrophes_vanish() {
        assert_eq!(normalize_name("D'Souza, Anthony"), "dsouza anthony");
        assert_eq!(normalize_name("R.K. Sharma"), "r k sharma");
        assert_eq!(normalize_name("Gupta-Agarwal & Sons"), "gupta agarwal sons");
    }

    #[test]
    fn a_name_made_only_of_dropped_words_is_kept_whole() {
        assert_eq!(normalize_name("The Company Ltd"), "the");
        assert_eq!(normalize_name("Company Ltd"), "company ltd");
        assert_eq!(normalize_name("Mr."), "mr");
        assert_eq!(normalize_name("  "), "");
    }
}
