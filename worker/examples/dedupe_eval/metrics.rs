//! Quality of the model on one split, measured as the bench will over the API: every record is sent as
//! a dedupe request (excluding itself); its answer is the candidates at `MIN_SCORE` or above, best
//! first, at most the route's default `limit`. Precision, recall and F1 count (request, result) pairs;
//! recall@1 is the share of requests with a stored duplicate whose first result is one.

use std::collections::{BTreeMap, HashMap};

use crego_validation::dedupe::identifiers;
use crego_worker::domain::dedupe::name_similarity;
use crego_worker::domain::matching::score::{score, Basis};
use crego_worker::domain::matching::{Model, MIN_SCORE};

use crate::data::Split;

/// The route's default `limit`.
pub const LIMIT: usize = 10;

#[derive(Default)]
pub struct Report {
    pub requests: usize,
    /// (request, duplicate) pairs that exist.
    pub duplicates: usize,
    /// Of those, pairs whose duplicate was among the request's candidates.
    pub retrieved: usize,
    pub returned: usize,
    pub right: usize,
    pub with_duplicates: usize,
    pub first_right: usize,
    /// Per basis: (right, wrong) results.
    pub by_basis: BTreeMap<&'static str, (usize, usize)>,
    /// Per edit of either record: (pairs missed, pairs).
    pub by_edit: BTreeMap<String, (usize, usize)>,
    /// Wrong results, by what the two contacts are to each other.
    pub wrong_by_relation: BTreeMap<String, usize>,
    pub average_candidates: f64,
}

impl Report {
    pub fn precision(&self) -> f64 {
        self.right as f64 / self.returned.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.right as f64 / self.duplicates.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn recall_at_1(&self) -> f64 {
        self.first_right as f64 / self.with_duplicates.max(1) as f64
    }
}

fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Identifier => "identifier",
        Basis::NameOnly => "name only",
        Basis::Weighed => "weighed",
    }
}

/// A scorer: (request, candidate) record indices to (score, what decided it).
pub type Scorer<'a> = dyn Fn(usize, usize) -> (f64, &'static str) + 'a;

/// The model with `weights`, as the route will score.
pub fn model_scorer<'a>(
    split: &'a Split,
    model: &'a Model,
) -> impl Fn(usize, usize) -> (f64, &'static str) + 'a {
    move |p, c| {
        let s = score(
            &split.records[p].profile,
            &split.records[c].profile,
            &split.tenant,
            model,
        );
        (s.score, basis_name(s.basis))
    }
}

/// Dedupe as the route scored before issue 17 (CONTRACT §3 then): an identifier prop equal after
/// normalisation is 1.0, otherwise the name similarity of `domain::dedupe`, over the same candidates.
pub fn route_scorer(split: &Split) -> impl Fn(usize, usize) -> (f64, &'static str) + '_ {
    let ids: Vec<Vec<(crego_validation::IdentifierKind, String)>> = split
        .records
        .iter()
        .map(|r| identifiers(r.props.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
        .collect();
    move |p, c| {
        if ids[p].iter().any(|i| ids[c].contains(i)) {
            (1.0, "identifier")
        } else {
            (
                name_similarity(&split.records[p].name, &split.records[c].name),
                "name only",
            )
        }
    }
}

pub fn evaluate(split: &Split, candidates: &[Vec<usize>], scorer: &Scorer) -> Report {
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in split.records.iter().enumerate() {
        members.entry(r.entity.as_str()).or_default().push(i);
    }
    let mut report = Report::default();
    let mut candidates_seen = 0;
    for (p, cands) in candidates.iter().enumerate() {
        let probe = &split.records[p];
        report.requests += 1;
        candidates_seen += cands.len();
        let mut results: Vec<(f64, usize, &'static str)> = cands
            .iter()
            .map(|&i| {
                let (score, basis) = scorer(p, i);
                (score, i, basis)
            })
            .filter(|(score, _, _)| *score >= MIN_SCORE)
            .collect();
        // Best first; equal scores newest first, as the route orders them.
        results.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        results.truncate(LIMIT);
        let same: Vec<usize> = members
            .get(probe.entity.as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| i != p)
            .collect();
        report.duplicates += same.len();
        report.retrieved += same.iter().filter(|i| cands.contains(i)).count();
        if !same.is_empty() {
            report.with_duplicates += 1;
            report.first_right += usize::from(results.first().is_some_and(|(_, i, _)| same.contains(i)));
        }
        for (_, i, basis) in &results {
            let right = same.contains(i);
            report.returned += 1;
            report.right += usize::from(right);
            let entry = report.by_basis.entry(basis).or_default();
            if right {
                entry.0 += 1;
            } else {
                entry.1 += 1;
                *report
                    .wrong_by_relation
                    .entry(relation(split, p, *i))
                    .or_default() += 1;
            }
        }
        for &d in &same {
            let missed = !results.iter().any(|(_, i, _)| *i == d);
            let mut edits: Vec<&String> = probe.edits.iter().chain(&split.records[d].edits).collect();
            edits.sort();
            edits.dedup();
            if edits.is_empty() {
                let entry = report.by_edit.entry("(no edit)".to_string()).or_default();
                entry.0 += usize::from(missed);
                entry.1 += 1;
            }
            for e in edits {
                let entry = report.by_edit.entry(e.clone()).or_default();
                entry.0 += usize::from(missed);
                entry.1 += 1;
            }
        }
    }
    report.average_candidates = candidates_seen as f64 / report.requests.max(1) as f64;
    report
}

/// What a wrongly returned contact is to the request's: the generator's look-alike relation, the same
/// name, or nothing planned.
fn relation(split: &Split, a: usize, b: usize) -> String {
    let (x, y) = (&split.records[a], &split.records[b]);
    let planned = |r: &crate::data::Record, other: &str| {
        r.related
            .as_ref()
            .filter(|(entity, _)| entity == other)
            .map(|(_, rel)| rel.clone())
    };
    if let Some(rel) = planned(x, &y.entity).or_else(|| planned(y, &x.entity)) {
        return rel;
    }
    let related_to_same = x
        .related
        .as_ref()
        .zip(y.related.as_ref())
        .is_some_and(|(p, q)| p.0 == q.0);
    if related_to_same {
        return "relatives of one customer".to_string();
    }
    if x.profile.name_key == y.profile.name_key {
        "same name, unrelated".to_string()
    } else {
        "unrelated".to_string()
    }
}
