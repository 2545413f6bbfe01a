//! The evidence of one comparison, field by field: each field the request has, compared with the
//! candidate's, as an outcome and its weight. The name comes last in the computation (its weight
//! depends on whether the others show a shared home or phone) and first in the explanation.

use crego_validation::ContactType;

use super::fields::{compare_cities, compare_dates, compare_lines, compare_pincodes};
use super::identifiers::{looks_like_placeholder, IdKind, Identifier, PAN_IN_GSTIN};
use super::model::{TenantFrequencies, Weights, PIN_MISSING};
use super::profile::{Place, Profile};

/// One field's part in a score.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldScore {
    /// `name`, `type`, `dob`, `address.pincode`, `address.city`, `address.address_line`, or
    /// `props.<key>` (the candidate's prop) for an identifier.
    pub field: String,
    /// How it was compared: `indian_name`, `equal`, `date`, `pincode`, `city`, `address_line`, the
    /// identifier's kind (`pan`, `mobile`, ...), or `pan_in_gstin` (a PAN agreeing with the PAN inside
    /// a GSTIN).
    pub comparison: &'static str,
    /// The level reached (`exact`, `variant`, `initials`, `one_digit`, `agree`, `disagree`, ...), or
    /// `missing` (the candidate lacks it) or `placeholder` (a value too many contacts share).
    pub outcome: &'static str,
    /// Its weight in bits: positive for evidence of a duplicate, negative against.
    pub weight: f64,
}

/// Every field of the request but the name: type, date of birth, address, identifiers, in that order.
pub fn field_scores(
    w: &Weights,
    probe: &Profile,
    candidate: &Profile,
    tenant: &TenantFrequencies,
) -> Vec<FieldScore> {
    let mut fields = Vec::new();
    if let Some(kind) = probe.kind {
        fields.push(kind_field(w, kind, candidate.kind));
    }
    if let Some(dob) = probe.dob {
        let outcome = candidate.dob.map(|c| {
            let level = compare_dates(dob, c);
            (level.as_str(), w.dob[level as usize])
        });
        fields.push(field("dob", "date", outcome));
    }
    if let Some(place) = probe.places.first() {
        fields.extend(address_fields(w, place, &candidate.places));
    }
    fields.extend(identifier_fields(w, probe, candidate, tenant));
    fields
}

fn kind_field(w: &Weights, kind: ContactType, theirs: Option<ContactType>) -> FieldScore {
    let outcome = theirs.map(|c| {
        if c == kind {
            ("agree", w.kind[0])
        } else {
            ("disagree", w.kind[1])
        }
    });
    field("type", "equal", outcome)
}

/// Whether the compared fields show the two share a home or a contact point (the same address line,
/// mobile or e-mail), as a household does: the name is weighed given this.
pub fn shares_a_contact_point(fields: &[FieldScore]) -> bool {
    fields.iter().any(|f| {
        (f.field == "address.address_line" && matches!(f.outcome, "exact" | "strong"))
            || (matches!(f.comparison, "mobile" | "email") && f.outcome == "agree")
    })
}

pub fn field(name: &str, comparison: &'static str, outcome: Option<(&'static str, f64)>) -> FieldScore {
    let (outcome, weight) = outcome.unwrap_or(("missing", 0.0));
    FieldScore {
        field: name.to_string(),
        comparison,
        outcome,
        weight,
    }
}

pub fn is_legal(comparison: &str) -> bool {
    IdKind::from_comparison(comparison).is_some_and(IdKind::is_legal)
}

/// Pincode, city and line of the request's address against the candidate's best-agreeing address;
/// the city and the line weighed given the pincode's outcome.
fn address_fields(w: &Weights, asked: &Place, places: &[Place]) -> Vec<FieldScore> {
    let weigh = |c: &Place| {
        let pin = asked
            .pincode
            .as_deref()
            .zip(c.pincode.as_deref())
            .map(|(a, b)| compare_pincodes(a, b));
        let row = pin.map_or(PIN_MISSING, |l| l as usize);
        let mut out = Vec::with_capacity(3);
        if asked.pincode.is_some() {
            out.push(field(
                "address.pincode",
                "pincode",
                pin.map(|l| (l.as_str(), w.pincode[l as usize])),
            ));
        }
        if let Some(a) = asked.city.as_deref() {
            let level = c.city.as_deref().map(|b| compare_cities(a, b));
            out.push(field(
                "address.city",
                "city",
                level.map(|l| (l.as_str(), w.city[row][l as usize])),
            ));
        }
        if let Some(a) = &asked.line {
            let level = c.line.as_ref().map(|b| compare_lines(a, b));
            out.push(field(
                "address.address_line",
                "address_line",
                level.map(|l| (l.as_str(), w.line[row][l as usize])),
            ));
        }
        out
    };
    let total = |fs: &[FieldScore]| fs.iter().map(|f| f.weight).sum::<f64>();
    places
        .iter()
        .map(weigh)
        .max_by(|x, y| total(x).total_cmp(&total(y)))
        .unwrap_or_else(|| weigh(&Place::default()))
}

/// One field per identifier kind the request has: agree, disagree, missing, or placeholder.
fn identifier_fields(
    w: &Weights,
    probe: &Profile,
    candidate: &Profile,
    tenant: &TenantFrequencies,
) -> Vec<FieldScore> {
    let mut out: Vec<FieldScore> = Vec::new();
    for kind in IdKind::ALL {
        let asked: Vec<_> = probe.ids.iter().filter(|i| i.kind == kind).collect();
        let Some(first) = asked.first() else { continue };
        let real: Vec<_> = asked.iter().filter(|i| !tenant.is_placeholder(i)).collect();
        let theirs: Vec<_> = candidate
            .ids
            .iter()
            .filter(|i| i.kind == kind && !looks_like_placeholder(kind, &i.value))
            .collect();
        let same = agreement(&real, &theirs);
        let named = kind.as_str();
        let (key, comparison, outcome, weight) = match (real.is_empty(), same, theirs.first()) {
            (true, _, _) => (first.prop_key.as_str(), named, "placeholder", 0.0),
            (false, Some((a, c)), _) => {
                let comparison = if a.from_gstin || c.from_gstin {
                    PAN_IN_GSTIN
                } else {
                    named
                };
                (c.prop_key.as_str(), comparison, "agree", w.ids[kind as usize][0])
            }
            (false, None, Some(c)) => {
                // Another state's GSTIN of a firm whose PAN agrees is the same firm registered twice.
                let pan_agrees = out.iter().any(|f| {
                    IdKind::from_comparison(f.comparison) == Some(IdKind::Pan) && f.outcome == "agree"
                });
                if kind == IdKind::Gstin && pan_agrees {
                    (c.prop_key.as_str(), named, "other_registration", 0.0)
                } else {
                    (c.prop_key.as_str(), named, "disagree", w.ids[kind as usize][1])
                }
            }
            (false, None, None) => (first.prop_key.as_str(), named, "missing", 0.0),
        };
        out.push(FieldScore {
            field: format!("props.{key}"),
            comparison,
            outcome,
            weight,
        });
    }
    out
}

/// The pair of equal values the request and the candidate hold, preferring one where neither PAN was
/// read from inside a GSTIN (a PAN typed as a PAN says more plainly why the two are one holder).
fn agreement<'a>(
    asked: &[&&'a Identifier],
    theirs: &[&'a Identifier],
) -> Option<(&'a Identifier, &'a Identifier)> {
    asked
        .iter()
        .flat_map(|a| {
            theirs
                .iter()
                .filter(|c| c.value == a.value)
                .map(move |c| (**a, *c))
        })
        .min_by_key(|(a, c)| a.from_gstin || c.from_gstin)
}
