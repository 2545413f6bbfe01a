//! Fitting the model on the fitting split only: labelled m/u estimates per field and level (the
//! truth says which candidate pairs are duplicates, so no EM is needed), the name's frequency base per
//! level, and the decision threshold that maximises F1 on the fitting split; then the model written
//! out as the Rust source of `weights.rs`.

use std::collections::HashMap;

use crego_worker::domain::matching::evidence::shares_a_contact_point;
use crego_worker::domain::matching::fields::{CityLevel, DobLevel, LineLevel, PinLevel};
use crego_worker::domain::matching::identifiers::IdKind;
use crego_worker::domain::matching::model::{ID_KINDS, PIN_MISSING};
use crego_worker::domain::matching::name_compare::{compare_names, NameLevel};
use crego_worker::domain::matching::score::{expected_namesakes, score, Basis};
use crego_worker::domain::matching::{Model, Weights, MIN_SCORE};

use crate::data::Split;

/// Pseudo-pairs of smoothing per class: each class's level shares are drawn towards the field's pooled
/// shares by this many pairs (scaled to the class's size for non-duplicates), so a level seen a few
/// times carries little evidence either way instead of the ratio of the class sizes.
const SMOOTHING: f64 = 5.0;

/// Per (field, outcome): pairs that are duplicates, pairs that are not. Fields are named as in the
/// explanations; city and line carry the pincode condition (`address.city|0` after an exact pincode).
#[derive(Default)]
struct Counts {
    pairs: HashMap<(String, &'static str), [f64; 2]>,
    /// Per (shared contact point, name level), over non-duplicate pairs: sum of expected namesakes, and pairs.
    namesakes: HashMap<(usize, NameLevel), (f64, f64)>,
}

const ZERO: Weights = Weights {
    name: [[0.0; 7]; 2],
    name_frequency_base: [[0.0; 7]; 2],
    dob: [0.0; 4],
    pincode: [0.0; 4],
    city: [[0.0; 3]; 5],
    line: [[0.0; 4]; 5],
    kind: [0.0; 2],
    ids: [[0.0; 2]; ID_KINDS],
};

/// Fits a model on `split`, whose candidate lists are `candidates`.
pub fn fit(split: &Split, candidates: &[Vec<usize>]) -> Model {
    let zero = Model {
        individual: ZERO,
        corporate: ZERO,
        threshold: 0.0,
    };
    let mut counts = [Counts::default(), Counts::default()];
    let common = |fold: &str| split.tenant.is_common(fold);
    for (p, cands) in candidates.iter().enumerate() {
        let probe = &split.records[p];
        let c = &mut counts[usize::from(probe.corporate)];
        for &i in cands {
            let cand = &split.records[i];
            // Column 0 counts duplicates (m), column 1 the others (u).
            let column = usize::from(probe.entity != cand.entity);
            let s = score(&probe.profile, &cand.profile, &split.tenant, &zero);
            let shared = usize::from(!shares_a_contact_point(&s.fields));
            let pin = s
                .fields
                .iter()
                .find(|f| f.field == "address.pincode")
                .and_then(|f| PinLevel::ALL.iter().position(|l| l.as_str() == f.outcome))
                .unwrap_or(PIN_MISSING);
            for f in &s.fields {
                if matches!(f.outcome, "missing" | "placeholder" | "other_registration") {
                    continue;
                }
                let key = match f.field.as_str() {
                    "address.city" | "address.address_line" => format!("{}|{pin}", f.field),
                    "name" => format!("name|{shared}"),
                    // A PAN inside a GSTIN is weighed as a PAN.
                    other if other.starts_with("props.") => IdKind::from_comparison(f.comparison)
                        .map_or(f.comparison, IdKind::as_str)
                        .to_string(),
                    other => other.to_string(),
                };
                c.pairs.entry((key, f.outcome)).or_default()[column] += 1.0;
            }
            if let (Some(a), Some(b), 1) = (&probe.profile.name, &cand.profile.name, column) {
                let cmp = compare_names(a, b, &common);
                let entry = c.namesakes.entry((shared, cmp.level)).or_default();
                entry.0 += expected_namesakes(&cmp, a, b, &split.tenant).exp2();
                entry.1 += 1.0;
            }
        }
    }
    let [individual, corporate] = counts.map(|c| weights(&c));
    let mut model = Model {
        individual,
        corporate,
        threshold: 0.0,
    };
    model.threshold = best_threshold(split, candidates, &model);
    model
}

/// log2(m/u) for each level of one field; `levels` are the outcome names in index order. With
/// `ordered`, the weights are made non-increasing (pool-adjacent-violators, weighted by the pairs seen
/// at each level): a near agreement is never stronger evidence than an exact one, whatever a few pairs
/// say, and two levels out of order are pooled rather than one forced to the other's value.
fn field_weights(c: &Counts, field: &str, levels: &[&'static str], ordered: bool) -> Vec<f64> {
    let count =
        |level: &'static str, i: usize| c.pairs.get(&(field.to_string(), level)).map_or(0.0, |n| n[i]);
    let total = |i: usize| levels.iter().map(|l| count(l, i)).sum::<f64>();
    let (m_total, u_total) = (total(0), total(1));
    let pooled = (m_total + u_total).max(1.0);
    let u_smoothing = SMOOTHING * u_total / m_total.max(1.0);
    let weights: Vec<f64> = levels
        .iter()
        .map(|l| {
            let share = (count(l, 0) + count(l, 1)) / pooled;
            let m = (count(l, 0) + SMOOTHING * share) / (m_total + SMOOTHING);
            let u = (count(l, 1) + u_smoothing * share) / (u_total + u_smoothing);
            if m > 0.0 && u > 0.0 {
                (m / u).log2()
            } else {
                0.0
            }
        })
        .collect();
    let seen: Vec<f64> = levels.iter().map(|l| count(l, 0) + count(l, 1)).collect();
    let weights = if ordered {
        non_increasing(&weights, &seen)
    } else {
        weights
    };
    weights.into_iter().map(round).collect()
}

/// The non-increasing sequence closest to `xs` in least squares weighted by `ns`.
fn non_increasing(xs: &[f64], ns: &[f64]) -> Vec<f64> {
    // Blocks of pooled levels: (mean, weight, levels).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (x, n) in xs.iter().zip(ns) {
        let mut block = (*x, n.max(1e-9), 1);
        while let Some(&(mean, weight, len)) = blocks.last() {
            if mean >= block.0 {
                break;
            }
            blocks.pop();
            let total = weight + block.1;
            block = ((mean * weight + block.0 * block.1) / total, total, len + block.2);
        }
        blocks.push(block);
    }
    blocks
        .into_iter()
        .flat_map(|(mean, _, len)| std::iter::repeat_n(mean, len))
        .collect()
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn array<const N: usize>(v: Vec<f64>) -> [f64; N] {
    let mut out = [0.0; N];
    for (o, x) in out.iter_mut().zip(v) {
        *o = x;
    }
    out
}

fn weights(c: &Counts) -> Weights {
    let names: Vec<&'static str> = NameLevel::ALL.iter().map(|l| l.as_str()).collect();
    let base = |shared: usize| {
        NameLevel::ALL.map(|l| {
            c.namesakes
                .get(&(shared, l))
                .filter(|(_, n)| *n > 0.0)
                .map_or(0.0, |(sum, n)| round((sum / n).log2()))
        })
    };
    let dob: Vec<_> = DobLevel::ALL.iter().map(|l| l.as_str()).collect();
    let pin: Vec<_> = PinLevel::ALL.iter().map(|l| l.as_str()).collect();
    let city: Vec<_> = CityLevel::ALL.iter().map(|l| l.as_str()).collect();
    let line: Vec<_> = LineLevel::ALL.iter().map(|l| l.as_str()).collect();
    let agree = ["agree", "disagree"];
    Weights {
        name: [0, 1].map(|g| array(field_weights(c, &format!("name|{g}"), &names, false))),
        name_frequency_base: [base(0), base(1)],
        dob: array(field_weights(c, "dob", &dob, true)),
        pincode: array(field_weights(c, "address.pincode", &pin, true)),
        city: [0, 1, 2, 3, 4].map(|g| array(field_weights(c, &format!("address.city|{g}"), &city, true))),
        line: [0, 1, 2, 3, 4].map(|g| {
            array(field_weights(
                c,
                &format!("address.address_line|{g}"),
                &line,
                true,
            ))
        }),
        kind: array(field_weights(c, "type", &agree, true)),
        ids: IdKind::ALL.map(|k| array(field_weights(c, k.as_str(), &agree, true))),
    }
}

/// The weight threshold with the best F1 over the fitting split's candidate pairs. Identifier and
/// name-only decisions do not depend on it; weighed pairs above it are duplicates.
fn best_threshold(split: &Split, candidates: &[Vec<usize>], model: &Model) -> f64 {
    let (mut fixed_tp, mut fixed_fp) = (0.0, 0.0);
    let mut weighed: Vec<(f64, bool)> = Vec::new();
    let duplicates = split.duplicate_pairs() as f64;
    for (p, cands) in candidates.iter().enumerate() {
        let probe = &split.records[p];
        for &i in cands {
            let cand = &split.records[i];
            let same = probe.entity == cand.entity;
            let s = score(&probe.profile, &cand.profile, &split.tenant, model);
            match s.basis {
                Basis::Weighed => weighed.push((s.weight, same)),
                _ if s.score >= MIN_SCORE => {
                    fixed_tp += f64::from(u8::from(same));
                    fixed_fp += f64::from(u8::from(!same));
                }
                _ => {}
            }
        }
    }
    weighed.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tp, mut fp) = (fixed_tp, fixed_fp);
    // (threshold, F1) at each distinct weight: the decision is the same for every threshold between.
    let mut curve: Vec<(f64, f64)> = Vec::new();
    for (i, (w, same)) in weighed.iter().enumerate() {
        tp += f64::from(u8::from(*same));
        fp += f64::from(u8::from(!*same));
        let next = weighed.get(i + 1).map_or(f64::MIN, |x| x.0);
        if next != *w {
            curve.push((
                (w + next.max(w - 2.0)) / 2.0,
                2.0 * tp / (2.0 * tp + fp + (duplicates - tp)),
            ));
        }
    }
    // The F1 curve is flat near its top and falls off a cliff on one side: the middle of the thresholds
    // within a tenth of a point of the best keeps the decision off the edge.
    let best = curve.iter().map(|(_, f1)| *f1).fold(0.0, f64::max);
    let near: Vec<f64> = curve
        .iter()
        .filter(|(_, f1)| *f1 >= best - 0.001)
        .map(|(t, _)| *t)
        .collect();
    round(near.get(near.len() / 2).copied().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::non_increasing;

    #[test]
    fn levels_out_of_order_are_pooled_by_the_pairs_seen() {
        assert_eq!(
            non_increasing(&[3.0, 1.0, -2.0], &[1.0, 1.0, 1.0]),
            [3.0, 1.0, -2.0]
        );
        assert_eq!(
            non_increasing(&[1.0, 3.0, -2.0], &[3.0, 1.0, 1.0]),
            [1.5, 1.5, -2.0]
        );
        assert_eq!(
            non_increasing(&[0.0, -6.0, -1.0, -7.0], &[1.0, 9.0, 1.0, 1.0]),
            [0.0, -5.5, -5.5, -7.0]
        );
    }
}
