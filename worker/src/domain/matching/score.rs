//! Scoring one candidate against the request: every field both sides have is compared, each outcome
//! carries its Fellegi-Sunter weight (the name's adjusted by how common its words are in the tenant),
//! and the weights add up. The score follows from the sum, unless a legal identifier agrees (1.0) or a
//! bare name is all there is to compare (the name's similarity, as dedupe answered before).

use std::collections::HashMap;

use crego_validation::ContactType;

use super::evidence::{field, field_scores, is_legal, shares_a_contact_point, FieldScore};
use super::model::{Model, TenantFrequencies, Weights, FREQUENCY_CLAMP, INITIAL_SHARE};
use super::name::{ParsedName, Token};
use super::name_compare::{compare_names, NameComparison, NameLevel};
use super::profile::Profile;

/// The default `min_score`: a candidate scoring less is not a duplicate. Weighed scores are scaled so
/// that the fitted decision threshold lands here, and it is the name-similarity threshold dedupe has
/// always used, so one default serves both.
pub const MIN_SCORE: f64 = 0.85;

/// How the score was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A legal identifier agrees (PAN, GSTIN, Aadhaar, CIN), or a mobile or e-mail agrees and the other
    /// fields do not weigh against it on balance: 1.0.
    Identifier,
    /// Only the name can be compared, and the request or the candidate is a bare name (no date of birth,
    /// address or identifier): the score is the name similarity, as before issue 17.
    NameOnly,
    /// The weights' sum, scaled to 0..1.
    Weighed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MatchScore {
    /// 0..=1, best first; a duplicate at `min_score` or above.
    pub score: f64,
    /// The sum of the fields' weights, in bits.
    pub weight: f64,
    pub basis: Basis,
    /// How alike the names are (0..=1; 1 only for the same words), when both have one.
    pub name_similarity: Option<f64>,
    /// Every field the request has, in a fixed order.
    pub fields: Vec<FieldScore>,
}

/// Scores `candidate` as a duplicate of `probe`.
pub fn score(probe: &Profile, candidate: &Profile, tenant: &TenantFrequencies, model: &Model) -> MatchScore {
    Scorer::new(probe, tenant, model).score(candidate)
}

/// Scores the candidates of one request. It remembers each name comparison by the candidate's name: a
/// request's candidates are often namesakes by the dozen (they share its blocking keys), and comparing
/// two names costs more than the rest of a score.
pub struct Scorer<'a> {
    probe: &'a Profile,
    tenant: &'a TenantFrequencies,
    model: &'a Model,
    /// By the candidate's words and whether it is a firm (what its parsed name follows from).
    names: HashMap<(bool, String), NameComparison>,
}

impl<'a> Scorer<'a> {
    pub fn new(probe: &'a Profile, tenant: &'a TenantFrequencies, model: &'a Model) -> Scorer<'a> {
        Scorer {
            probe,
            tenant,
            model,
            names: HashMap::new(),
        }
    }

    pub fn score(&mut self, candidate: &Profile) -> MatchScore {
        let (probe, tenant) = (self.probe, self.tenant);
        let corporate = probe.kind.or(candidate.kind) == Some(ContactType::Corporate);
        let w = if corporate {
            &self.model.corporate
        } else {
            &self.model.individual
        };
        let mut fields = field_scores(w, probe, candidate, tenant);
        let shared = usize::from(!shares_a_contact_point(&fields));
        let mut similarity = None;
        if let Some(pn) = &probe.name {
            let outcome = candidate.name.as_ref().map(|cn| {
                let words: Vec<&str> = cn.tokens.iter().map(|t| t.text.as_str()).collect();
                let cmp = self
                    .names
                    .entry((cn.corporate, words.join(" ")))
                    .or_insert_with(|| compare_names(pn, cn, &|fold: &str| tenant.is_common(fold)));
                // 1 for the same word set only, as `contacts.name_key` promises the store.
                similarity = Some(if probe.name_key == candidate.name_key {
                    1.0
                } else {
                    cmp.similarity.min(0.99)
                });
                (cmp.level.as_str(), name_weight(w, shared, cmp, pn, cn, tenant))
            });
            fields.insert(0, field("name", "indian_name", outcome));
        }
        let weight: f64 = fields.iter().map(|f| f.weight).sum();
        let (score, basis) = decide(
            probe,
            candidate,
            &fields,
            weight,
            similarity,
            self.model.threshold,
        );
        MatchScore {
            score,
            weight,
            basis,
            name_similarity: similarity,
            fields,
        }
    }
}

/// The score from the evidence: 1.0 on an identifier, the name similarity for a bare name, else the
/// weight scaled.
fn decide(
    probe: &Profile,
    candidate: &Profile,
    fields: &[FieldScore],
    weight: f64,
    similarity: Option<f64>,
    threshold: f64,
) -> (f64, Basis) {
    let legal = fields
        .iter()
        .any(|f| f.outcome == "agree" && is_legal(f.comparison));
    // A mobile or e-mail in common settles it unless the other fields, together, weigh against it
    // (a relative with the family's phone has another name and date of birth).
    let contact = fields
        .iter()
        .filter(|f| f.outcome == "agree" && matches!(f.comparison, "mobile" | "email"))
        .map(|f| f.weight)
        .reduce(f64::max)
        .is_some_and(|w| weight - w >= 0.0);
    if legal || contact {
        return (1.0, Basis::Identifier);
    }
    // Dedupe compared names alone before issue 17; it still does when the request is a bare name, or
    // the candidate is (a contact with no date of birth, address or identifier): then the name is all
    // either side can offer, and its similarity is the answer, as it was. Otherwise a name agreeing
    // alone is weighed like any other field, and a common name alone is not a duplicate.
    let bare = |p: &Profile| p.dob.is_none() && p.places.is_empty() && p.ids.is_empty();
    let compared = |f: &&FieldScore| !matches!(f.outcome, "missing" | "placeholder");
    let name_alone = fields
        .iter()
        .filter(compared)
        .all(|f| f.field == "name" || (f.field == "type" && f.outcome == "agree"));
    match similarity {
        Some(s) if name_alone && (bare(probe) || bare(candidate)) => (s, Basis::NameOnly),
        _ => (scaled(weight, threshold), Basis::Weighed),
    }
}

/// Weight `threshold` maps to [`MIN_SCORE`]; each bit above or below doubles or halves the odds.
pub fn scaled(weight: f64, threshold: f64) -> f64 {
    let odds = (weight - threshold).exp2() * MIN_SCORE / (1.0 - MIN_SCORE);
    odds / (1.0 + odds)
}

/// The name's weight at its level (`shared` 0 when the two share a home or a contact point), adjusted by
/// how many contacts of the tenant one expects to share the paired words ([`expected_namesakes`])
/// against the fitting data's mean at that level.
fn name_weight(
    w: &Weights,
    shared: usize,
    cmp: &NameComparison,
    a: &ParsedName,
    b: &ParsedName,
    tenant: &TenantFrequencies,
) -> f64 {
    let level = cmp.level as usize;
    let base = w.name[shared][level];
    // Only an agreement is worth more for a rare name: a shared surname under different given names is
    // what relatives have, however rare the surname.
    if matches!(cmp.level, NameLevel::Partial | NameLevel::Disagree) {
        return base;
    }
    let adjustment = w.name_frequency_base[shared][level] - expected_namesakes(cmp, a, b, tenant);
    base + adjustment.clamp(-FREQUENCY_CLAMP, FREQUENCY_CLAMP)
}

/// log2 of the number of contacts expected to share the paired words by chance: `N` times each
/// paired word's share of the tenant (counted by the commoner of its two spellings), times the share
/// of words starting with an initial's letter for each paired initial.
pub fn expected_namesakes(
    cmp: &NameComparison,
    a: &ParsedName,
    b: &ParsedName,
    tenant: &TenantFrequencies,
) -> f64 {
    let n = tenant.total();
    let count = |t: Option<&Token>| t.map_or(1.0, |t| tenant.word_count(&t.fold));
    let words: f64 = cmp
        .paired
        .iter()
        .map(|(i, j)| (count(a.tokens.get(*i)).max(count(b.tokens.get(*j))) / n).log2())
        .sum();
    n.log2() + words + cmp.initials as f64 * INITIAL_SHARE.log2()
}
