//! `POST /contacts/dedupe/` (CONTRACT §3 and §9, Dedupe; docs/DEDUPE.md): the request parsed once into
//! a matching profile; the candidates the store finds under its blocking keys, identifiers and very
//! name, with the tenant's word and identifier counts, in one round trip; each candidate scored by the
//! matching model and explained field by field; those at `min_score` or above, best first (equal
//! scores newest first), at most `limit`. Identifier matches are tenant-wide; `namespace` and `type`
//! narrow the others. A second read fetches the documents of the results.

use std::collections::{HashMap, HashSet};

use crego_validation::{ContactType, DedupeRequest};
use serde::Serialize;
use utoipa::openapi::schema::{AnyOfBuilder, ObjectBuilder, Type};
use utoipa::openapi::Ref;
use worker::{Request, Response};

use super::Ctx;
use crate::domain::dedupe::{rounded, NAME_THRESHOLD};
use crate::domain::matching::blocking::match_keys;
use crate::domain::matching::identifiers::{looks_like_placeholder, IdKind, Identifier, PAN_IN_GSTIN};
use crate::domain::matching::index::{compared_prop_keys, name_words};
use crate::domain::matching::{
    AddressFields, Basis, ContactFields, MatchScore, Profile, Scorer, TenantFrequencies, MODEL,
};
use crate::error::ApiError;
use crate::http::{json_response, read_json, to_json};
use crate::pii::Pii;
use crate::store::contacts::Contact;
use crate::store::dedupe::{Candidate, DedupeProbe};
use crate::store::match_index::lookup_rows;

/// Why a contact matched: `props.<key>` (`exact`, or `pan_in_gstin`: a PAN and the PAN inside a
/// GSTIN) or `name` (`exact` or `similar`, with `similarity`).
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DedupeReason)]
pub struct Reason {
    field: String,
    #[serde(rename = "match")]
    #[schema(value_type = String)]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, minimum = 0, maximum = 1)]
    similarity: Option<f64>,
}

/// One field's part in a score: how it was compared, the outcome, and its weight in bits.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DedupeFieldScore)]
pub struct FieldScore {
    /// `name`, `type`, `dob`, `address.pincode`, `address.city`, `address.address_line`, or `props.<key>`
    /// (the stored contact's prop) for an identifier.
    field: String,
    #[schema(schema_with = comparison)]
    comparison: &'static str,
    /// The level reached (`exact`, `variant`, `initials`, `agree`, `disagree`, ...), `missing` (the
    /// stored contact lacks the field) or `placeholder` (a value too many contacts share).
    #[schema(value_type = String)]
    outcome: &'static str,
    /// log2(m/u), rounded to 2 decimals: positive for evidence of a duplicate, negative against.
    weight: f64,
}

/// How a field was compared: the comparisons of the other fields, or an identifier kind.
fn comparison() -> AnyOfBuilder {
    AnyOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String).enum_values(Some([
            "indian_name",
            "equal",
            "date",
            "pincode",
            "city",
            "address_line",
            PAN_IN_GSTIN,
        ])))
        .item(Ref::from_schema_name("IdentifierKind"))
        .description(Some(
            "`indian_name` (the name), `equal` (the type), `date` (dob), `pincode`, `city`, `address_line`, \
             an identifier kind (`pan`, `mobile`, ...), or `pan_in_gstin` (a PAN and the PAN inside a GSTIN)",
        ))
}

/// How a score was reached.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = DedupeBasis)]
pub enum BasisName {
    /// A legal identifier agrees, or a mobile or e-mail does and the rest does not weigh against it: 1.0.
    Identifier,
    /// Only names could be compared and one side is a bare name: the name similarity.
    Name,
    /// The fields' weights added up and scaled to 0..1.
    Weighed,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DedupeMatch)]
pub struct Match {
    /// 0..=1, rounded to 2 decimals.
    #[schema(minimum = 0, maximum = 1)]
    score: f64,
    /// The sum of the explanation's weights, in bits, rounded to 2 decimals.
    weight: f64,
    basis: BasisName,
    reasons: Vec<Reason>,
    /// Every field of the request, compared with this contact's.
    explanation: Vec<FieldScore>,
    contact: Contact,
}

/// The dedupe answer, best match first.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DedupeMatches)]
pub struct Matches {
    count: usize,
    results: Vec<Match>,
}

pub async fn dedupe_contacts(req: &mut Request, ctx: &Ctx) -> Result<Response, ApiError> {
    let request = DedupeRequest::check(&read_json(req).await?)?;
    let props: Vec<(&str, &str)> = request
        .props
        .iter()
        .map(|p| (p.key.as_str(), p.value.as_str()))
        .collect();
    let addresses: Vec<AddressFields> = request
        .address
        .iter()
        .map(|a| AddressFields {
            pincode: a.pincode.as_deref(),
            city: a.city.as_deref(),
            address_line: a.address_line.as_deref(),
        })
        .collect();
    let probe = Profile::new(&ContactFields {
        name: request.name.as_deref(),
        kind: request.kind,
        props: &props,
        addresses: &addresses,
    });
    let asked = looked_up(&probe.ids);
    // Looked up by their tokens, as the index keeps them.
    let asked_tokens = ctx.pii.tokenised(asked.iter().copied())?;
    let words = name_words(&probe);
    let (counts, candidates) = ctx
        .store
        .dedupe_candidates(&DedupeProbe {
            keys_json: &to_json(&match_keys(&probe))?,
            identifiers_json: &lookup_rows(&asked_tokens.iter().collect::<Vec<_>>())?,
            words_json: &to_json(&words)?,
            name_key: Some(probe.name_key.as_str()).filter(|k| !k.is_empty()),
            namespace: request.namespace.as_deref(),
            kind: request.kind,
            exclude_id: request.exclude_id.as_deref(),
            limit: request.limit,
            prop_keys_json: &to_json(&compared_prop_keys())?,
        })
        .await?;
    let mut tenant = TenantFrequencies {
        contacts: counts.contacts,
        words: counts.words.into_iter().collect(),
        holders: asked
            .iter()
            .zip(counts.holders)
            .map(|(id, n)| ((id.kind, id.value.clone()), n))
            .collect(),
    };
    tenant
        .words
        .extend(candidates.iter().flat_map(|c| c.words.iter().cloned()));
    let mut scorer = Scorer::new(&probe, &tenant, &MODEL);
    let asked_pairs: Vec<(&Identifier, &Identifier)> = asked.iter().copied().zip(&asked_tokens).collect();
    let opened = Pii::opened_kinds(asked.iter().copied().filter(|id| !tenant.is_placeholder(id)));
    let mut ranked: Vec<(MatchScore, Candidate)> = Vec::new();
    for c in candidates {
        if request.exclude_id.as_deref() == Some(c.id.as_str()) {
            continue;
        }
        let seen = ctx.pii.comparable_props(&c.props, &asked_pairs, &opened)?;
        let mut profile = profile_of(&c, &seen.read);
        profile.ids.extend(seen.by_token);
        profile.ids.sort();
        ranked.push((scorer.score(&profile), c));
    }
    let mut ranked: Vec<(MatchScore, Candidate)> = ranked
        .into_iter()
        .filter(|(s, c)| {
            s.score >= request.min_score && (s.basis == Basis::Identifier || in_scope(&request, c))
        })
        .collect();
    // Best first; equal scores newest first, then by id, so the order is stable.
    ranked.sort_by(|(a, ca), (b, cb)| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| cb.created_at.cmp(&ca.created_at))
            .then_with(|| cb.id.cmp(&ca.id))
    });
    ranked.truncate(request.limit as usize);
    let ids: Vec<String> = ranked.iter().map(|(_, c)| c.id.clone()).collect();
    let mut documents: HashMap<String, Contact> = ctx
        .store
        .contacts_by_ids(&ids)
        .await?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let mut results: Vec<Match> = ranked
        .into_iter()
        .filter_map(|(s, c)| documents.remove(&c.id).map(|contact| answer(&s, contact)))
        .collect();
    for m in &mut results {
        ctx.pii.show_contact(&mut m.contact)?;
    }
    json_response(
        200,
        &Matches {
            count: results.len(),
            results,
        },
    )
}

/// The request's identifiers to look up, each value once: not the placeholders their shape gives away.
fn looked_up(ids: &[Identifier]) -> Vec<&Identifier> {
    let mut seen = HashSet::new();
    ids.iter()
        .filter(|id| !looks_like_placeholder(id.kind, &id.value))
        .filter(|id| seen.insert((id.kind, id.value.as_str())))
        .collect()
}

/// A candidate as the model compares it, with its compared props as the model reads them
/// (`pii::matching`): in key order (the first date of birth by key wins, as when it was filed).
fn profile_of(c: &Candidate, props: &[(String, String)]) -> Profile {
    let mut props: Vec<(&str, &str)> = props.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    props.sort_unstable();
    let addresses: Vec<AddressFields> = c
        .addresses
        .iter()
        .map(|(pincode, city, line)| AddressFields {
            pincode: pincode.as_deref(),
            city: city.as_deref(),
            address_line: line.as_deref(),
        })
        .collect();
    Profile::new(&ContactFields {
        name: Some(&c.name),
        kind: Some(c.kind),
        props: &props,
        addresses: &addresses,
    })
}

/// Whether a candidate is in the namespace (by name, any case, or id) and of the type asked.
fn in_scope(request: &DedupeRequest, c: &Candidate) -> bool {
    let namespace = request
        .namespace
        .as_deref()
        .is_none_or(|ns| ns.eq_ignore_ascii_case(&c.namespace) || ns == c.namespace_id);
    namespace && request.kind.is_none_or(|k: ContactType| k == c.kind)
}

/// A result as the API shows it.
fn answer(s: &MatchScore, contact: Contact) -> Match {
    Match {
        score: rounded(s.score),
        weight: rounded(s.weight),
        basis: match s.basis {
            Basis::Identifier => BasisName::Identifier,
            Basis::NameOnly => BasisName::Name,
            Basis::Weighed => BasisName::Weighed,
        },
        reasons: reasons(s),
        explanation: s
            .fields
            .iter()
            .map(|f| FieldScore {
                field: f.field.clone(),
                comparison: f.comparison,
                outcome: f.outcome,
                weight: rounded(f.weight),
            })
            .collect(),
        contact,
    }
}

/// The reasons of a score, as dedupe gave them before issue 17: each identifier prop that agrees (once
/// per prop, `exact` before `pan_in_gstin`), then the name when its similarity is 0.85 or more.
fn reasons(s: &MatchScore) -> Vec<Reason> {
    let mut agreed: Vec<&crate::domain::matching::FieldScore> = s
        .fields
        .iter()
        .filter(|f| f.outcome == "agree" && IdKind::from_comparison(f.comparison).is_some())
        .collect();
    agreed.sort_by_key(|f| f.comparison == PAN_IN_GSTIN);
    let mut out: Vec<Reason> = Vec::new();
    for f in agreed {
        if out.iter().all(|r| r.field != f.field) {
            out.push(Reason {
                field: f.field.clone(),
                kind: if f.comparison == PAN_IN_GSTIN {
                    PAN_IN_GSTIN
                } else {
                    "exact"
                },
                similarity: None,
            });
        }
    }
    if let Some(similarity) = s.name_similarity.filter(|x| *x >= NAME_THRESHOLD) {
        out.push(Reason {
            field: "name".into(),
            kind: if similarity >= 1.0 { "exact" } else { "similar" },
            similarity: Some(rounded(similarity)),
        });
    }
    out
}
