//! Comparing two parsed names word by word, whatever the order: each word of one is paired with at most
//! one word of the other (the same word, another spelling of it, a typo of it, or its initial), words
//! run together are paired with the two they join ("Rajkumar" / "Raj Kumar"), and the pairing gives
//! the comparison's level: from the same words to nothing in common.

use super::name::{ParsedName, Token};
use super::words::{compare_words, WordMatch};

levels! {
    /// How two names compare, from the strongest agreement to none. The Fellegi-Sunter weights are per level.
    NameLevel {
        /// The same words.
        Exact = "exact",
        /// The same words, some spelled another way (Laxmi / Lakshmi).
        Variant = "variant",
        /// Every word paired, some only as typos (Rajesh / Rajeah).
        Typo = "typo",
        /// Every word paired, some only by their initial (R. Kumar / Rajesh Kumar).
        Initials = "initials",
        /// One name's words all paired, the other has more (Rajesh Sharma / Rajesh Kumar Sharma).
        Subset = "subset",
        /// Some words paired, each name has others (Rahul Patil / Rajesh Patil: relatives, or a new surname).
        Partial = "partial",
        /// No word paired but initials.
        Disagree = "disagree",
    }
}

/// The outcome of comparing two names.
#[derive(Debug, Clone, PartialEq)]
pub struct NameComparison {
    pub level: NameLevel,
    /// The pairs of full words (not initials): `(word of a, word of b)`, for the frequency adjustment.
    pub paired: Vec<(usize, usize)>,
    /// Initials paired with a word or an initial.
    pub initials: usize,
    /// How alike the names are (0..=1): each word's best match in the other name, averaged, both ways,
    /// the lower kept (Monge-Elkan, as the route scored names before). 1 for the same words.
    pub similarity: f64,
}

/// Pairs the words of two names and classifies the result.
pub fn compare_names(a: &ParsedName, b: &ParsedName, common: &dyn Fn(&str) -> bool) -> NameComparison {
    let (ta, tb) = (&a.tokens, &b.tokens);
    let corporate = a.corporate || b.corporate;
    // Every pair of words compared once; the pairing and the similarity both read this.
    let matrix: Vec<WordMatch> = ta
        .iter()
        .flat_map(|x| tb.iter().map(move |y| (x, y)))
        .map(|(x, y)| compare_words(x, y, corporate, common))
        .collect();
    let at = |i: usize, j: usize| {
        matrix
            .get(i * tb.len() + j)
            .copied()
            .unwrap_or(WordMatch::None(0.0))
    };
    let mut used_a = vec![false; ta.len()];
    let mut used_b = vec![false; tb.len()];
    let mut worst = WordMatch::Exact;
    let mut paired = Vec::new();
    let mut initials = 0;
    // Words run together on one side first: "rajkumar" would otherwise pair with "raj" as a typo.
    let mut joined = |x: &[Token], y: &[Token], used_x: &mut [bool], used_y: &mut [bool], flip: bool| {
        for (i, word) in x.iter().enumerate().filter(|(_, w)| !w.initial) {
            for j in 0..y.len().saturating_sub(1) {
                let (Some(p), Some(q)) = (y.get(j), y.get(j + 1)) else {
                    continue;
                };
                let free = !used_x[i] && !used_y[j] && !used_y[j + 1];
                if free && !p.initial && !q.initial && format!("{}{}", p.fold, q.fold) == word.fold {
                    used_x[i] = true;
                    used_y[j] = true;
                    used_y[j + 1] = true;
                    // Both words count in the frequency adjustment: "Raoravi" is as rare as "Rao Ravi".
                    for k in [j, j + 1] {
                        paired.push(if flip { (k, i) } else { (i, k) });
                    }
                    worst = WordMatch::Variant;
                    break;
                }
            }
        }
    };
    joined(ta, tb, &mut used_a, &mut used_b, false);
    joined(tb, ta, &mut used_b, &mut used_a, true);
    let mut candidates: Vec<(usize, usize, WordMatch)> = (0..ta.len())
        .flat_map(|i| (0..tb.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| !used_a[i] && !used_b[j])
        .map(|(i, j)| (i, j, at(i, j)))
        .filter(|(_, _, m)| !matches!(m, WordMatch::None(_)))
        .collect();
    // Strongest pairs first; ties keep the names' order, so the result does not depend on hashing.
    candidates.sort_by(|(i1, j1, m1), (i2, j2, m2)| {
        let (r1, s1) = m1.rank();
        let (r2, s2) = m2.rank();
        r2.cmp(&r1)
            .then(s2.total_cmp(&s1))
            .then(i1.cmp(i2))
            .then(j1.cmp(j2))
    });
    for (i, j, m) in candidates {
        if used_a[i] || used_b[j] {
            continue;
        }
        used_a[i] = true;
        used_b[j] = true;
        if m == WordMatch::Initial {
            initials += 1;
        } else {
            paired.push((i, j));
        }
        if m.rank() < worst.rank() {
            worst = m;
        }
    }
    let left_a = used_a.iter().filter(|u| !**u).count();
    let left_b = used_b.iter().filter(|u| !**u).count();
    let level = match (paired.is_empty(), left_a, left_b) {
        (true, _, _) => NameLevel::Disagree,
        (false, 0, 0) => match worst {
            WordMatch::Exact => NameLevel::Exact,
            WordMatch::Variant => NameLevel::Variant,
            WordMatch::Typo(_) => NameLevel::Typo,
            _ => NameLevel::Initials,
        },
        (false, 0, _) | (false, _, 0) => NameLevel::Subset,
        _ => NameLevel::Partial,
    };
    let best = |n: usize, m: usize, f: &dyn Fn(usize, usize) -> WordMatch| {
        let total: f64 = (0..n)
            .map(|i| (0..m).map(|j| f(i, j).similarity()).fold(0.0, f64::max))
            .sum();
        total / n.max(1) as f64
    };
    let similarity = if ta.is_empty() || tb.is_empty() {
        0.0
    } else {
        best(ta.len(), tb.len(), &at).min(best(tb.len(), ta.len(), &|j, i| at(i, j)))
    };
    NameComparison {
        level,
        paired,
        initials,
        similarity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matching::name::parse_name;

    const NOTHING_COMMON: &dyn Fn(&str) -> bool = &|_| false;

    fn compare(a: &str, b: &str) -> NameComparison {
        compare_names(&parse_name(a, false), &parse_name(b, false), NOTHING_COMMON)
    }

    fn level(a: &str, b: &str) -> NameLevel {
        compare(a, b).level
    }

    #[test]
    fn r_kumar_matches_rajesh_kumar_by_initial() {
        let c = compare("R. Kumar", "Rajesh Kumar");
        assert_eq!(c.level, NameLevel::Initials);
        assert_eq!((c.paired.len(), c.initials), (1, 1));
        assert_eq!(
            level("K. Ramesh", "Ramesh Krishnan"),
            NameLevel::Initials,
            "a Tamil father's initial"
        );
    }

    #[test]
    fn word_order_honorifics_and_relation_phrases_leave_the_same_name() {
        assert_eq!(level("Kumar Rajesh", "Rajesh Kumar"), NameLevel::Exact);
        assert_eq!(
            level("Mr. Rahul Kumar S/o Rajesh Kumar", "RAHUL KUMAR"),
            NameLevel::Exact
        );
        assert_eq!(level("Smt. Sunita W.O. Ramesh Yadav", "Sunita"), NameLevel::Exact);
    }

    #[test]
    fn transliterations_are_variants_of_one_name() {
        for (a, b) in [
            ("Lakshmi Reddy", "Laxmi Reddi"),
            ("Srinivas Rao", "Shreenivasa Rao"),
            ("Venkatesh Chowdary", "Venkatesh Choudhary"),
            ("Unnikrishnan Nair", "Unnikrishnan Nayar"),
            ("Fatima Qureshi", "Fatima Quraishi"),
        ] {
            assert_eq!(level(a, b), NameLevel::Variant, "{a} / {b}");
        }
        assert!(level("Md. Imran Khan", "Muhammad Imran Khan") <= NameLevel::Variant);
    }

    #[test]
    fn words_run_together_pair_with_both_words() {
        let c = compare("Rajkumar Singh", "Raj Kumar Singh");
        assert_eq!(c.level, NameLevel::Variant);
        assert_eq!(
            c.paired.len(),
            3,
            "rajkumar counts as raj and kumar: {:?}",
            c.paired
        );
    }

    #[test]
    fn a_typo_is_a_typo_unless_both_words_are_common_names() {
        assert_eq!(level("Rajesh Kumar", "Rajesg Kumar"), NameLevel::Typo);
        assert_eq!(
            level("Asif Qureshi", "Asiv Qureshi"),
            NameLevel::Typo,
            "one slipped key in four letters"
        );
        let common: &dyn Fn(&str) -> bool = &|w| ["rajes", "rames"].contains(&w);
        let c = compare_names(
            &parse_name("Rajesh Kumar", false),
            &parse_name("Ramesh Kumar", false),
            common,
        );
        assert_eq!(c.level, NameLevel::Partial, "Rajesh and Ramesh are two names");
    }

    #[test]
    fn a_middle_name_more_is_a_subset_and_another_given_name_is_partial() {
        assert_eq!(level("Rajesh Sharma", "Rajesh Kumar Sharma"), NameLevel::Subset);
        assert_eq!(
            level("Rahul Rajesh Patil", "Rajesh Vinayak Patil"),
            NameLevel::Partial
        );
        assert_eq!(level("Priya Nair", "Rajesh Kumar"), NameLevel::Disagree);
        assert_eq!(
            level("R. K.", "Rajesh Kumar"),
            NameLevel::Disagree,
            "initials alone pair no word"
        );
    }

    #[test]
    fn a_firms_abbreviated_word_is_the_same_word() {
        let firm = |s: &str| parse_name(s, true);
        let c = compare_names(
            &firm("Agarwal Pharma"),
            &firm("Agrawal Pharmaceuticals Pvt Ltd"),
            NOTHING_COMMON,
        );
        assert_eq!(c.level, NameLevel::Variant);
        let person = compare("Venkat Rao", "Venkatesh Rao");
        assert_ne!(
            person.level,
            NameLevel::Variant,
            "a person's short name is not an abbreviation"
        );
    }

    /// The route's name threshold decisions (CONTRACT §9) are kept: checked against the existing
    /// `domain::dedupe::name_similarity`, which the API tests pin.
    #[test]
    fn the_name_similarity_keeps_the_routes_decisions() {
        use crate::domain::dedupe::{name_similarity as before, NAME_THRESHOLD};
        for (a, b) in [
            ("Rajesh Kumar", "rajesh  kumar"),
            ("Rajesh Kumar", "Mr. Rajesh Kumaar"),
            ("Rajesh Kumar", "Rajesh Kumari"),
            ("Rajesh Kumar", "Ramesh Kapoor"),
            ("Rajesh Kumar", "Priya Nair"),
            ("Rajesh Kumar", "Verma Textiles"),
            ("Priya Nair", "Priya Sharma"),
            ("Sharma Traders", "Verma Textiles"),
            ("Kumar Rajesh", "Rajesh Kumar"),
            ("Rajesh Kumar", "Zubin Wadia"),
        ] {
            let now = compare(a, b).similarity;
            assert_eq!(
                now >= NAME_THRESHOLD,
                before(a, b) >= NAME_THRESHOLD,
                "{a} / {b}: {now}"
            );
        }
        assert_eq!(compare("Rajesh Kumar", "Kumar Rajesh").similarity, 1.0);
        assert!(compare("Lakshmi Reddy", "Laxmi Reddy").similarity > before("Lakshmi Reddy", "Laxmi Reddy"));
    }
}
