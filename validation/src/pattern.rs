//! Ref-id patterns: `CUST-{YYYY}-{SEQ:6}` → `CUST-2026-000042`.
//!
//! Literal characters from `[A-Za-z0-9._/-]` and the tokens `{SEQ}` / `{SEQ:N}` (exactly one; zero-padded
//! to N digits, 1..=12; a wider number is printed whole), `{YYYY}`, `{YY}`, `{MM}`, `{DD}` (UTC date of
//! issue). At most 50 characters, and every rendering must itself be a valid ref id (at most 50
//! characters with the widest counter, 2^53 - 1), so an issued ref id can never be refused later.

use crate::text::{ref_id_char, REF_ID};

pub const MAX_PATTERN_LEN: usize = crate::limits::PATTERN_CHARS;

/// The pattern grammar as a regular expression (ECMA-262, Python and Rust alike), for the OpenAPI
/// document: literals and date tokens around exactly one `{SEQ}` / `{SEQ:N}`. It does not hold the
/// length rules (50 characters, and every rendering at most 50); a test holds it to `parse`.
pub const PATTERN_REGEX: &str = concat!(
    r"^(?:[A-Za-z0-9._/\-]|\{(?:YYYY|YY|MM|DD)\})*",
    r"\{SEQ(?::0*(?:[1-9]|1[0-2]))?\}",
    r"(?:[A-Za-z0-9._/\-]|\{(?:YYYY|YY|MM|DD)\})*$"
);
const MAX_SEQ_WIDTH: usize = 12;
/// Digits of the largest counter, 2^53 - 1 = 9007199254740991.
const MAX_COUNTER_DIGITS: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Seq { width: usize },
    Year4,
    Year2,
    Month,
    Day,
}

/// A parsed pattern; only `RefPattern::parse` builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefPattern {
    parts: Vec<Part>,
}

/// Why a pattern was refused. `code()` is the report code, `Display` the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    Empty,
    TooLong { len: usize },
    BadCharacter { ch: char, at: usize },
    Unclosed { at: usize },
    UnknownToken { token: String },
    BadWidth { token: String },
    NoSeq,
    SeveralSeq,
    RendersTooLong { len: usize },
}

impl PatternError {
    pub fn code(&self) -> &'static str {
        use crate::report::code;
        match self {
            PatternError::Empty | PatternError::TooLong { .. } | PatternError::RendersTooLong { .. } => {
                code::LENGTH
            }
            _ => code::PATTERN,
        }
    }
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Empty => write!(f, "a pattern must not be empty"),
            PatternError::TooLong { len } => {
                write!(f, "a pattern is at most {MAX_PATTERN_LEN} characters (this one is {len})")
            }
            PatternError::BadCharacter { ch, at } => write!(
                f,
                "character {ch:?} at position {at} is not allowed; literals may use letters, digits and . _ / -"
            ),
            PatternError::Unclosed { at } => write!(f, "the `{{` at position {at} is not closed"),
            PatternError::UnknownToken { token } => write!(
                f,
                "unknown token `{{{token}}}`; use {{SEQ}}, {{SEQ:N}}, {{YYYY}}, {{YY}}, {{MM}} or {{DD}}"
            ),
            PatternError::BadWidth { token } => {
                write!(f, "`{{{token}}}`: the width of SEQ must be a number from 1 to {MAX_SEQ_WIDTH}")
            }
            PatternError::NoSeq => write!(f, "a pattern needs exactly one {{SEQ}} or {{SEQ:N}} token"),
            PatternError::SeveralSeq => write!(f, "a pattern may contain only one {{SEQ}} token"),
            PatternError::RendersTooLong { len } => write!(
                f,
                "renders to up to {len} characters with the largest counter; a ref id is at most {}",
                REF_ID.max
            ),
        }
    }
}

/// A UTC calendar date, for `{YYYY}`, `{YY}`, `{MM}`, `{DD}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl RefPattern {
    pub fn parse(pattern: &str) -> Result<RefPattern, PatternError> {
        let len = pattern.chars().count();
        if len == 0 {
            return Err(PatternError::Empty);
        }
        if len > MAX_PATTERN_LEN {
            return Err(PatternError::TooLong { len });
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = pattern.char_indices().peekable();
        let mut seqs = 0;
        while let Some((at, c)) = chars.next() {
            if c == '{' {
                let mut token = String::new();
                let mut closed = false;
                for (_, t) in chars.by_ref() {
                    if t == '}' {
                        closed = true;
                        break;
                    }
                    token.push(t);
                }
                if !closed {
                    return Err(PatternError::Unclosed { at });
                }
                let part = token_part(&token)?;
                if matches!(part, Part::Seq { .. }) {
                    seqs += 1;
                }
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                parts.push(part);
            } else if ref_id_char(c) {
                literal.push(c);
            } else {
                return Err(PatternError::BadCharacter { ch: c, at });
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        match seqs {
            0 => return Err(PatternError::NoSeq),
            1 => {}
            _ => return Err(PatternError::SeveralSeq),
        }
        let parsed = RefPattern { parts };
        let widest = parsed.max_rendered_len();
        if widest > REF_ID.max {
            return Err(PatternError::RendersTooLong { len: widest });
        }
        Ok(parsed)
    }

    /// The ref id for counter `n` issued on `date`. Always a valid ref id for `n <= 2^53 - 1`.
    pub fn render(&self, n: u64, date: IssueDate) -> String {
        let mut out = String::with_capacity(24);
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Seq { width } => out.push_str(&format!("{n:0width$}")),
                Part::Year4 => out.push_str(&format!("{:04}", date.year.rem_euclid(10_000))),
                Part::Year2 => out.push_str(&format!("{:02}", date.year.rem_euclid(100))),
                Part::Month => out.push_str(&format!("{:02}", date.month)),
                Part::Day => out.push_str(&format!("{:02}", date.day)),
            }
        }
        out
    }

    fn max_rendered_len(&self) -> usize {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Literal(s) => s.chars().count(),
                Part::Seq { width } => (*width).max(MAX_COUNTER_DIGITS),
                Part::Year4 => 4,
                Part::Year2 | Part::Month | Part::Day => 2,
            })
            .sum()
    }
}

fn token_part(token: &str) -> Result<Part, PatternError> {
    match token {
        "SEQ" => Ok(Part::Seq { width: 0 }),
        "YYYY" => Ok(Part::Year4),
        "YY" => Ok(Part::Year2),
        "MM" => Ok(Part::Month),
        "DD" => Ok(Part::Day),
        _ => match token.strip_prefix("SEQ:") {
            Some(w) => match w.parse::<usize>() {
                Ok(width)
                    if (1..=MAX_SEQ_WIDTH).contains(&width) && w.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Ok(Part::Seq { width })
                }
                _ => Err(PatternError::BadWidth {
                    token: token.to_string(),
                }),
            },
            None => Err(PatternError::UnknownToken {
                token: token.to_string(),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    /// `PATTERN_REGEX` accepts exactly what `parse` accepts, leaving aside the length rules: every
    /// string of up to 4 pieces from an alphabet of tokens, near-tokens and characters.
    #[test]
    fn the_regex_agrees_with_the_parser() {
        let re = regex::Regex::new(PATTERN_REGEX).expect("PATTERN_REGEX compiles");
        let pieces = [
            "{SEQ}",
            "{SEQ:6}",
            "{SEQ:012}",
            "{SEQ:0}",
            "{SEQ:13}",
            "{SEQ:}",
            "{SEQ:+6}",
            "{seq}",
            "{YYYY}",
            "{YY}",
            "{MM}",
            "{DD}",
            "{Y}",
            "{",
            "}",
            "A",
            "z",
            "0",
            "-",
            "_",
            ".",
            "/",
            " ",
            "é",
            "%",
        ];
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                .collect();
            strings.extend(longer);
        }
        strings.sort();
        strings.dedup();
        for s in &strings {
            let parsed = match RefPattern::parse(s) {
                Err(PatternError::TooLong { .. } | PatternError::RendersTooLong { .. }) => continue,
                other => other.is_ok(),
            };
            assert_eq!(re.is_match(s), parsed, "{s:?}");
        }
    }

    use super::*;

    const DAY: IssueDate = IssueDate {
        year: 2026,
        month: 3,
        day: 7,
    };

    fn render(p: &str, n: u64) -> String {
        RefPattern::parse(p).unwrap().render(n, DAY)
    }

    #[test]
    fn the_contract_example_renders_as_documented() {
        assert_eq!(render("CUST-{YYYY}-{SEQ:6}", 42), "CUST-2026-000042");
    }

    #[test]
    fn every_date_token_renders_the_utc_date_zero_padded() {
        assert_eq!(render("{YYYY}{MM}{DD}-{SEQ}", 1), "20260307-1");
        assert_eq!(render("L{YY}/{SEQ:3}", 5), "L26/005");
    }

    #[test]
    fn seq_without_width_is_not_padded_and_a_wider_number_is_printed_whole() {
        assert_eq!(render("A{SEQ}", 7), "A7");
        assert_eq!(render("A{SEQ:3}", 12345), "A12345");
        assert_eq!(render("{SEQ:12}", 1), "000000000001");
        assert_eq!(render("{SEQ:1}", 9_007_199_254_740_991), "9007199254740991");
    }

    #[test]
    fn a_pattern_needs_exactly_one_seq() {
        assert_eq!(RefPattern::parse("CUST-{YYYY}"), Err(PatternError::NoSeq));
        assert_eq!(RefPattern::parse("{SEQ}-{SEQ:2}"), Err(PatternError::SeveralSeq));
    }

    #[test]
    fn bad_tokens_widths_and_characters_are_refused_with_clear_errors() {
        assert_eq!(
            RefPattern::parse("{SEQ:0}"),
            Err(PatternError::BadWidth {
                token: "SEQ:0".into()
            })
        );
        assert_eq!(
            RefPattern::parse("{SEQ:13}"),
            Err(PatternError::BadWidth {
                token: "SEQ:13".into()
            })
        );
        assert_eq!(
            RefPattern::parse("{SEQ:+3}"),
            Err(PatternError::BadWidth {
                token: "SEQ:+3".into()
            })
        );
        assert_eq!(
            RefPattern::parse("{seq}"),
            Err(PatternError::UnknownToken { token: "seq".into() })
        );
        assert_eq!(RefPattern::parse("A{SEQ"), Err(PatternError::Unclosed { at: 1 }));
        assert_eq!(
            RefPattern::parse("A B{SEQ}"),
            Err(PatternError::BadCharacter { ch: ' ', at: 1 })
        );
        assert_eq!(
            RefPattern::parse("A}{SEQ}"),
            Err(PatternError::BadCharacter { ch: '}', at: 1 })
        );
        assert_eq!(RefPattern::parse(""), Err(PatternError::Empty));
        let msg = RefPattern::parse("{SEQ:13}").unwrap_err().to_string();
        assert!(msg.contains("1 to 12"), "{msg}");
    }

    #[test]
    fn a_pattern_is_at_most_fifty_characters_and_must_render_within_fifty() {
        let long = format!("{}{{SEQ}}", "A".repeat(45));
        assert!(matches!(
            RefPattern::parse(&long),
            Err(PatternError::RendersTooLong { len: 61 })
        ));
        let too_long = format!("{}{{SEQ}}", "A".repeat(46));
        assert_eq!(
            RefPattern::parse(&too_long),
            Err(PatternError::TooLong { len: 51 })
        );
        let fits = format!("{}{{SEQ}}", "A".repeat(34));
        assert_eq!(RefPattern::parse(&fits).unwrap().render(1, DAY).len(), 35);
    }

    #[test]
    fn every_rendering_is_a_valid_ref_id() {
        let p = RefPattern::parse("X.{YY}/{MM}_{DD}-{SEQ:12}").unwrap();
        for n in [1, 999, 1_000_000_000_000, 9_007_199_254_740_991] {
            assert_eq!(REF_ID.test(&p.render(n, DAY)), Ok(()));
        }
    }
}
