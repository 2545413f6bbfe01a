//! Text rules: the contract's regular expressions, written as character classes plus a length range.
//!
//! Every pattern in the contract is "one or two character classes with a length", so a tiny matcher
//! does the job of a regex engine at a fraction of the code size (the npm `.wasm` has a 130 KB budget)
//! and gives the same answer in the worker and in the browser by construction.

use crate::limits;

/// A text rule: `^[first][rest]{min-1,max-1}$` when `first` is set, else `^[rest]{min,max}$`.
/// Lengths count Unicode scalar values.
#[derive(Clone, Copy)]
pub struct TextRule {
    pub min: usize,
    pub max: usize,
    pub first: Option<fn(char) -> bool>,
    pub rest: fn(char) -> bool,
    /// Says in words what `rest` allows, for messages ("letters, digits, spaces and , . - ' & ( )").
    pub allowed: &'static str,
    /// The same rule as a regular expression without the length (`^[first][rest]*$`), valid in
    /// ECMA-262, Python and Rust alike, for the OpenAPI document; `""` when any character goes. A unit
    /// test holds it to `first`/`rest` character by character.
    pub pattern: &'static str,
}

/// The characters Rust's `char::is_whitespace` accepts (Unicode `White_Space`), written out, because
/// `\s` means something slightly different in each regex dialect.
macro_rules! ws {
    () => {
        r"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    };
}

/// Why a text failed its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFault {
    Length,
    Pattern,
}

impl TextRule {
    pub fn test(&self, s: &str) -> Result<(), TextFault> {
        let mut chars = s.chars();
        let mut n = 0usize;
        let mut bad = false;
        if let (Some(first_ok), Some(c)) = (self.first, chars.clone().next()) {
            chars.next();
            n += 1;
            bad |= !first_ok(c);
        }
        for c in chars {
            n += 1;
            bad |= !(self.rest)(c);
        }
        if n < self.min || n > self.max {
            Err(TextFault::Length)
        } else if bad {
            Err(TextFault::Pattern)
        } else {
            Ok(())
        }
    }
}

/// `[A-Za-z0-9]`
pub fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// `[A-Za-z0-9 _.-]`: namespace names after the first character.
pub fn namespace_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-')
}

/// `[A-Za-z0-9._/-]`: ref ids and the literal part of ref-id patterns.
pub fn ref_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-')
}

/// `[a-zA-Z0-9\s,.\-'&()]`: contact names (and bank and holder names).
pub fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c.is_whitespace() || matches!(c, ',' | '.' | '-' | '\'' | '&' | '(' | ')')
}

/// `[a-zA-Z0-9\s,.\-'&()_]`: prop keys (the contact name class plus `_`).
pub fn prop_key_char(c: char) -> bool {
    name_char(c) || c == '_'
}

/// `[A-Za-z0-9_-]`: `rm_id`, `branch_id`.
pub fn code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-')
}

pub const NAMESPACE_NAME: TextRule = TextRule {
    min: 1,
    max: limits::NAMESPACE_NAME_CHARS,
    first: Some(alnum),
    rest: namespace_name_char,
    allowed: "a letter or digit first, then letters, digits, spaces and _ . -",
    pattern: r"^[A-Za-z0-9][A-Za-z0-9 _.\-]*$",
};

pub const REF_ID: TextRule = TextRule {
    min: 1,
    max: limits::REF_ID_CHARS,
    first: None,
    rest: ref_id_char,
    allowed: "letters, digits and . _ / -",
    pattern: r"^[A-Za-z0-9._/\-]*$",
};

/// Any character: free text whose only rule is its length (prop values, remarks, namespace references).
pub fn any_char(_: char) -> bool {
    true
}

/// Anything but control characters: tags.
pub fn tag_char(c: char) -> bool {
    !c.is_control()
}

/// `[a-zA-Z0-9._-]`: resource ids referenced in bodies.
pub fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// `[a-zA-Z0-9\s,.'\-\/#]`: address lines.
pub fn address_line_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c.is_whitespace() || matches!(c, ',' | '.' | '\'' | '-' | '/' | '#')
}

/// `[a-zA-Z\s.\-]`: city names.
pub fn city_char(c: char) -> bool {
    c.is_ascii_alphabetic() || c.is_whitespace() || matches!(c, '.' | '-')
}

/// `[a-zA-Z\s-]`: state names.
pub fn state_char(c: char) -> bool {
    c.is_ascii_alphabetic() || c.is_whitespace() || c == '-'
}

/// `[a-zA-Z\s]`: country names.
pub fn country_char(c: char) -> bool {
    c.is_ascii_alphabetic() || c.is_whitespace()
}

/// `[0-9]`
pub fn digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// `[1-9]`: the first digit of a pincode.
pub fn nonzero_digit(c: char) -> bool {
    matches!(c, '1'..='9')
}

/// Contact names, account holder names: `^[a-zA-Z0-9\s,.\-'&()]{1,100}$`.
pub const CONTACT_NAME: TextRule = TextRule {
    min: 1,
    max: limits::CONTACT_NAME_CHARS,
    first: None,
    rest: name_char,
    allowed: "letters, digits, spaces and , . - ' & ( )",
    pattern: concat!(r"^[A-Za-z0-9", ws!(), r",.\-'&()]*$"),
};

/// A name to look for in dedupe: the contact name class plus `/`, so that "M/s Sharma Traders" can be
/// compared (it is never stored; its `M/s` is dropped by `normalize_name`).
pub const DEDUPE_NAME: TextRule = TextRule {
    min: 1,
    max: limits::CONTACT_NAME_CHARS,
    first: None,
    rest: dedupe_name_char,
    allowed: "letters, digits, spaces and , . - ' & ( ) /",
    pattern: concat!(r"^[A-Za-z0-9", ws!(), r",.\-'&()/]*$"),
};

pub fn dedupe_name_char(c: char) -> bool {
    name_char(c) || c == '/'
}

/// Bank names and branches: the contact name class, 2..=100 characters.
pub const BANK_TEXT: TextRule = TextRule {
    min: 2,
    max: limits::BANK_TEXT_CHARS,
    ..CONTACT_NAME
};

/// Prop keys: `^[a-zA-Z0-9\s,.\-'&()_]{1,100}$`.
pub const PROP_KEY: TextRule = TextRule {
    min: 1,
    max: limits::PROP_KEY_CHARS,
    first: None,
    rest: prop_key_char,
    allowed: "letters, digits, spaces and , . - ' & ( ) _",
    pattern: concat!(r"^[A-Za-z0-9", ws!(), r",.\-'&()_]*$"),
};

/// Prop values: any string of 1..=500 characters.
pub const PROP_VALUE: TextRule = TextRule {
    min: 1,
    max: limits::PROP_VALUE_CHARS,
    first: None,
    rest: any_char,
    allowed: "any characters",
    pattern: "",
};

/// Remarks on an approval action: any string of 1..=500 characters.
pub const REMARKS: TextRule = TextRule {
    max: limits::REMARKS_CHARS,
    ..PROP_VALUE
};

/// A contact's `namespace` as sent: a name or an id, resolved by the worker.
pub const NAMESPACE_REF: TextRule = TextRule {
    min: 1,
    max: limits::NAMESPACE_FILTER_CHARS,
    first: None,
    rest: any_char,
    allowed: "any characters",
    pattern: "",
};

/// One tag: 1..=50 characters, no control characters.
pub const TAG: TextRule = TextRule {
    min: 1,
    max: limits::TAG_CHARS,
    first: None,
    rest: tag_char,
    allowed: "characters other than control characters",
    pattern: r"^[^\u0000-\u001f\u007f-\u009f]*$",
};

/// An address `codes` key (`district`, `lgd`): 1..=50 characters, no control characters.
pub const CODES_KEY: TextRule = TextRule {
    max: limits::ADDRESS_CODE_KEY_CHARS,
    ..TAG
};

/// An address `codes` value: 1..=100 characters, no control characters.
pub const CODES_VALUE: TextRule = TextRule {
    max: limits::ADDRESS_CODE_VALUE_CHARS,
    ..TAG
};

/// `rm_id`, `branch_id`: `^[A-Za-z0-9_-]{1,50}$`.
pub const CODE: TextRule = TextRule {
    min: 1,
    max: limits::CODE_CHARS,
    first: None,
    rest: code_char,
    allowed: "letters, digits, _ and -",
    pattern: r"^[A-Za-z0-9_\-]*$",
};

/// Ids referenced in bodies (`contact_id`, `contact`, `related_contact`): `^[a-zA-Z0-9._-]{8,50}$`.
pub const ID: TextRule = TextRule {
    min: 8,
    max: limits::ID_CHARS,
    first: None,
    rest: id_char,
    allowed: "letters, digits, . _ and -",
    pattern: r"^[A-Za-z0-9._\-]*$",
};

pub const ADDRESS_LINE: TextRule = TextRule {
    min: 5,
    max: limits::ADDRESS_LINE_CHARS,
    first: None,
    rest: address_line_char,
    allowed: "letters, digits, spaces and , . ' - / #",
    pattern: concat!(r"^[A-Za-z0-9", ws!(), r",.'\-/#]*$"),
};

/// The contract's corrected city rule `^[a-zA-Z\s.\-]{2,50}$`.
pub const CITY: TextRule = TextRule {
    min: 2,
    max: limits::PLACE_CHARS,
    first: None,
    rest: city_char,
    allowed: "letters, spaces, . and -",
    pattern: concat!(r"^[A-Za-z", ws!(), r".\-]*$"),
};

pub const STATE: TextRule = TextRule {
    min: 3,
    max: limits::PLACE_CHARS,
    first: None,
    rest: state_char,
    allowed: "letters, spaces and -",
    pattern: concat!(r"^[A-Za-z", ws!(), r"\-]*$"),
};

pub const COUNTRY: TextRule = TextRule {
    min: 2,
    max: limits::PLACE_CHARS,
    first: None,
    rest: country_char,
    allowed: "letters and spaces",
    pattern: concat!(r"^[A-Za-z", ws!(), r"]*$"),
};

/// Six digits, the first 1-9.
pub const PINCODE: TextRule = TextRule {
    min: 6,
    max: 6,
    first: Some(nonzero_digit),
    rest: digit,
    allowed: "digits, the first one 1-9",
    pattern: r"^[1-9][0-9]*$",
};

pub const ACCOUNT_NUMBER: TextRule = TextRule {
    min: 9,
    max: 18,
    first: None,
    rest: digit,
    allowed: "digits",
    pattern: r"^[0-9]*$",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_namespace_name_must_start_with_a_letter_or_digit() {
        assert_eq!(NAMESPACE_NAME.test("Retail Loans-2026"), Ok(()));
        assert_eq!(NAMESPACE_NAME.test(" retail"), Err(TextFault::Pattern));
        assert_eq!(NAMESPACE_NAME.test("_retail"), Err(TextFault::Pattern));
        assert_eq!(NAMESPACE_NAME.test("a"), Ok(()));
    }

    #[test]
    fn length_is_counted_in_characters_and_reported_before_pattern() {
        assert_eq!(NAMESPACE_NAME.test(""), Err(TextFault::Length));
        assert_eq!(NAMESPACE_NAME.test(&"a".repeat(50)), Ok(()));
        assert_eq!(NAMESPACE_NAME.test(&"a".repeat(51)), Err(TextFault::Length));
        assert_eq!(NAMESPACE_NAME.test(&"é".repeat(51)), Err(TextFault::Length));
    }

    #[test]
    fn characters_outside_the_class_are_a_pattern_fault() {
        assert_eq!(NAMESPACE_NAME.test("retail;drop"), Err(TextFault::Pattern));
        assert_eq!(NAMESPACE_NAME.test("retail\u{0}"), Err(TextFault::Pattern));
        assert_eq!(REF_ID.test("CUST/2026-000042"), Ok(()));
        assert_eq!(REF_ID.test("CUST 1"), Err(TextFault::Pattern));
    }

    #[test]
    fn address_rules_follow_the_contract_classes() {
        assert_eq!(CITY.test("Navi Mumbai"), Ok(()));
        assert_eq!(CITY.test("St. Thomas Mount-Chennai"), Ok(()));
        assert_eq!(CITY.test("Pune1"), Err(TextFault::Pattern));
        assert_eq!(STATE.test("Jammu and Kashmir"), Ok(()));
        assert_eq!(STATE.test("Tamil Nadu."), Err(TextFault::Pattern));
        assert_eq!(COUNTRY.test("India"), Ok(()));
        assert_eq!(ADDRESS_LINE.test("Flat #4B, 12/3 M.G. Road"), Ok(()));
        assert_eq!(ADDRESS_LINE.test("Flat"), Err(TextFault::Length));
    }

    #[test]
    fn a_pincode_is_six_digits_not_starting_with_zero() {
        assert_eq!(PINCODE.test("560001"), Ok(()));
        assert_eq!(PINCODE.test("056000"), Err(TextFault::Pattern));
        assert_eq!(PINCODE.test("5600 1"), Err(TextFault::Pattern));
        assert_eq!(PINCODE.test("56001"), Err(TextFault::Length));
    }

    #[test]
    fn ids_names_and_tags_use_their_own_classes() {
        assert_eq!(ID.test("01JQ8Z6V3K9N2M4P5R7S8T0W1X"), Ok(()));
        assert_eq!(ID.test("short"), Err(TextFault::Length));
        assert_eq!(ID.test("contact 0001"), Err(TextFault::Pattern));
        assert_eq!(CONTACT_NAME.test("Sharma & Sons (Delhi)"), Ok(()));
        assert_eq!(CONTACT_NAME.test("Sharma_Sons"), Err(TextFault::Pattern));
        assert_eq!(PROP_KEY.test("pan_no"), Ok(()));
        assert_eq!(BANK_TEXT.test("S"), Err(TextFault::Length));
        assert_eq!(TAG.test("high value"), Ok(()));
        assert_eq!(TAG.test("vip\n"), Err(TextFault::Pattern));
        assert_eq!(CODE.test("RM_0042-N"), Ok(()));
        assert_eq!(ACCOUNT_NUMBER.test("00112233445"), Ok(()));
        assert_eq!(ACCOUNT_NUMBER.test("12345678"), Err(TextFault::Length));
    }

    /// Every rule's `pattern` accepts exactly the characters its `first`/`rest` functions accept: every
    /// character below U+3100 (all the whitespace and control characters are there) and a spread above.
    #[test]
    fn each_pattern_agrees_with_its_character_functions() {
        let rules = [
            ("NAMESPACE_NAME", NAMESPACE_NAME),
            ("REF_ID", REF_ID),
            ("CONTACT_NAME", CONTACT_NAME),
            ("DEDUPE_NAME", DEDUPE_NAME),
            ("BANK_TEXT", BANK_TEXT),
            ("PROP_KEY", PROP_KEY),
            ("TAG", TAG),
            ("CODES_KEY", CODES_KEY),
            ("CODES_VALUE", CODES_VALUE),
            ("CODE", CODE),
            ("ID", ID),
            ("ADDRESS_LINE", ADDRESS_LINE),
            ("CITY", CITY),
            ("STATE", STATE),
            ("COUNTRY", COUNTRY),
            ("PINCODE", PINCODE),
            ("ACCOUNT_NUMBER", ACCOUNT_NUMBER),
        ];
        let chars = (0u32..0x3100)
            .chain((0x3100..0x11_0000).step_by(97))
            .filter_map(char::from_u32);
        let chars: Vec<char> = chars.collect();
        for (name, rule) in rules {
            let re = regex::Regex::new(rule.pattern).unwrap_or_else(|e| panic!("{name}: {e}"));
            // A valid first character, to put in front of each character tried as `rest`.
            let lead = rule
                .first
                .map(|first| chars.iter().copied().find(|&c| first(c)).expect(name));
            for &c in &chars {
                match (rule.first, lead) {
                    (Some(first), Some(lead)) => {
                        assert_eq!(re.is_match(&c.to_string()), first(c), "{name} first {c:?}");
                        let s = format!("{lead}{c}");
                        assert_eq!(re.is_match(&s), (rule.rest)(c), "{name} rest {c:?}");
                    }
                    _ => assert_eq!(re.is_match(&c.to_string()), (rule.rest)(c), "{name} {c:?}"),
                }
            }
        }
        for rule in [PROP_VALUE, REMARKS, NAMESPACE_REF] {
            assert_eq!(rule.pattern, "", "a rule accepting any character has no pattern");
        }
    }
}
