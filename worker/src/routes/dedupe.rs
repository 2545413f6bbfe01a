//! `POST /contacts/dedupe/` (CONTRACT §3, Dedupe): identifier matches from the identifier index, name
//! matches from the name-key and blocking-key indexes, scored and ranked. Identifier matches are
//! tenant-wide (a PAN is the same person in any namespace); `namespace` and `type` narrow the name
//! matches. One read gives every candidate, with the documents of those certain to score 1.0; a second
//! reads the documents of similar names only when some make the answer.

use std::collections::HashMap;

use crego_validation::limits::DEDUPE_READ_PER_KEY;
use crego_validation::DedupeRequest;
use serde::Serialize;
use worker::{Request, Response};

use super::Ctx;
use crate::domain::dedupe::{identifiers, name_blocks, name_key, name_similarity, rounded, NAME_THRESHOLD};
use crate::error::ApiError;
use crate::http::{json_response, read_json, to_json};
use crate::store::contacts::Contact;
use crate::store::dedupe::DedupeProbe;

/// Name candidates fetched per request (and per blocking key), those sharing most keys first: a bound
/// on the work however many contacts share a key.
const MAX_NAME_CANDIDATES: u64 = DEDUPE_READ_PER_KEY;

/// Why a contact matched: `props.<key>` (`exact`) or `name` (`exact` or `similar`, with `similarity`).
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

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DedupeMatch)]
pub struct Match {
    #[schema(minimum = 0, maximum = 1)]
    score: f64,
    reasons: Vec<Reason>,
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
    // Looked up by their tokens, as the index keeps them.
    let wanted = ctx.pii.lookups(identifiers(
        request.props.iter().map(|p| (p.key.as_str(), p.value.as_str())),
    ))?;
    let key = request.name.as_deref().map(name_key).filter(|k| !k.is_empty());
    let blocks = request.name.as_deref().map(name_blocks).unwrap_or_default();
    let candidates = if wanted.is_empty() && key.is_none() && blocks.is_empty() {
        Vec::new()
    } else {
        ctx.store
            .dedupe_candidates(&DedupeProbe {
                identifiers_json: &to_json(&wanted)?,
                name_key: key.as_deref(),
                blocks_json: &to_json(&blocks)?,
                namespace: request.namespace.as_deref(),
                kind: request.kind,
                exclude_id: request.exclude_id.as_deref(),
                limit: request.limit,
                max_blocked: MAX_NAME_CANDIDATES,
            })
            .await?
    };
    let mut ranked = Vec::new();
    for candidate in candidates {
        if request.exclude_id.as_deref() == Some(candidate.id.as_str()) {
            continue;
        }
        let mut reasons: Vec<Reason> = candidate
            .identifier_keys
            .iter()
            .map(|key| Reason {
                field: format!("props.{key}"),
                kind: "exact",
                similarity: None,
            })
            .collect();
        let identified = !reasons.is_empty();
        let in_scope =
            request.namespace.as_deref().is_none_or(|ns| {
                ns.eq_ignore_ascii_case(&candidate.namespace) || ns == candidate.namespace_id
            }) && request.kind.is_none_or(|k| k == candidate.kind);
        let similarity = match &request.name {
            Some(name) if in_scope || identified => name_similarity(name, &candidate.name),
            _ => 0.0,
        };
        if similarity >= NAME_THRESHOLD {
            reasons.push(Reason {
                field: "name".into(),
                kind: if similarity >= 1.0 { "exact" } else { "similar" },
                similarity: Some(rounded(similarity)),
            });
        }
        if identified || (in_scope && similarity >= NAME_THRESHOLD) {
            let score = if identified { 1.0 } else { similarity };
            ranked.push((score, candidate, reasons));
        }
    }
    // Best first; equal scores newest first, then by id, so the order is stable.
    ranked.sort_by(|(a, ca, _), (b, cb, _)| {
        b.total_cmp(a)
            .then_with(|| cb.created_at.cmp(&ca.created_at))
            .then_with(|| cb.id.cmp(&ca.id))
    });
    ranked.truncate(request.limit as usize);
    // Documents came with the certain matches; only similar names that made the cut are read now.
    let missing: Vec<String> = ranked
        .iter()
        .filter(|(_, c, _)| c.contact.is_none())
        .map(|(_, c, _)| c.id.clone())
        .collect();
    let mut documents: HashMap<String, Contact> = ctx
        .store
        .contacts_by_ids(&missing)
        .await?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let mut results: Vec<Match> = ranked
        .into_iter()
        .filter_map(|(score, candidate, reasons)| {
            candidate
                .contact
                .or_else(|| documents.remove(&candidate.id))
                .map(|contact| Match {
                    score: rounded(score),
                    reasons,
                    contact,
                })
        })
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
