//! The model's parameters (Fellegi-Sunter weights per field and level, fitted offline: see
//! `weights.rs`) and what the tenant's store tells it (how many contacts share a name word or an
//! identifier), which adjusts them per request.

use std::collections::HashMap;

use super::identifiers::{looks_like_placeholder, IdKind, Identifier, PLACEHOLDER_HOLDERS};

/// Agreement and disagreement weights, in bits (log2 of m/u), for one contact type. Arrays are indexed
/// by the level enums (`NameLevel`, `DobLevel`, ...) as declared.
///
/// Fields that say the same thing are not counted twice: the city and the address line are weighed
/// given the pincode's outcome (the pincode's level, or `PIN_MISSING`), and the name given whether the
/// two share a home or a contact point (`[0]`: the same address line, mobile or e-mail; `[1]`: not).
/// Relatives share homes and phones but not names, so under a shared home a different given name
/// weighs far more against a duplicate than it does between strangers.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub name: [[f64; 7]; 2],
    /// Per name level: log2 of the mean number of contacts expected to share the paired words, over the
    /// fitting data's non-matching pairs at that level. A pair whose words are commoner than that
    /// counts for less, rarer for more (the term-frequency adjustment).
    pub name_frequency_base: [[f64; 7]; 2],
    pub dob: [f64; 4],
    pub pincode: [f64; 4],
    /// Per pincode outcome, per city level.
    pub city: [[f64; 3]; 5],
    /// Per pincode outcome, per address-line level.
    pub line: [[f64; 4]; 5],
    /// Contact type: agree, disagree.
    pub kind: [f64; 2],
    /// Per `IdKind`: agree, disagree.
    pub ids: [[f64; 2]; ID_KINDS],
}

/// How many identifier kinds the model weighs.
pub const ID_KINDS: usize = IdKind::ALL.len();

/// The pincode outcome row of `city` and `line` when either side has no pincode.
pub const PIN_MISSING: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub individual: Weights,
    pub corporate: Weights,
    /// The total weight (bits) at which a weighed score is [`super::MIN_SCORE`]: the decision threshold
    /// chosen on the fitting data.
    pub threshold: f64,
}

/// Caps the frequency adjustment of a name: past this many bits either way, a name's rarity says no more.
pub const FREQUENCY_CLAMP: f64 = 6.0;
/// The share of name words that start with a given letter, for an initial paired with a word.
pub const INITIAL_SHARE: f64 = 1.0 / 16.0;

/// What the store knows about the tenant that a comparison needs (see docs/DEDUPE.md, "What the
/// store provides"): its number of contacts, how many contacts have each name word (by fold), and how
/// many hold each identifier of the request.
#[derive(Debug, Clone, Default)]
pub struct TenantFrequencies {
    pub contacts: u64,
    /// Contacts whose name has this word, keyed by its fold (`Token::fold`).
    pub words: HashMap<String, u64>,
    /// Contacts holding this identifier (`(kind, normalised value)`); the request's identifiers only.
    pub holders: HashMap<(IdKind, String), u64>,
}

impl TenantFrequencies {
    /// Contacts in the tenant, at least one (the frequencies are shares of it).
    pub fn total(&self) -> f64 {
        self.contacts.max(1) as f64
    }

    /// Contacts with this name word, at least one: a word the store has never seen is the rarest.
    pub fn word_count(&self, fold: &str) -> f64 {
        self.words.get(fold).copied().unwrap_or(0).max(1) as f64
    }

    /// Whether a name word is common in the tenant: then it is a name of its own, and another common
    /// word a letter away (Rajesh / Ramesh) is another name, not a typo of it.
    pub fn is_common(&self, fold: &str) -> bool {
        self.word_count(fold) >= (self.total() * 0.0005).max(3.0)
    }

    /// Whether an identifier is a placeholder: a filler value, or held by more contacts than a
    /// household or a firm's branches would be.
    pub fn is_placeholder(&self, id: &Identifier) -> bool {
        looks_like_placeholder(id.kind, &id.value)
            || self
                .holders
                .get(&(id.kind, id.value.clone()))
                .is_some_and(|n| *n > PLACEHOLDER_HOLDERS)
    }
}
