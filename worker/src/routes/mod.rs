//! Routing: a path resolves to a template of the endpoint table (404 when none), the method to one of
//! its rows (405 with `Allow`), then the row's operation runs its handler, one module per resource.

pub mod addresses;
pub mod banks;
pub mod contact_actions;
pub mod contact_write;
pub mod contacts;
pub mod dedupe;
pub mod endpoints;
pub mod erasure;
pub mod expand;
pub mod health;
pub mod merge;
pub mod namespaces;
pub mod openapi;
pub mod pii;
pub mod props;
pub mod relations;
pub mod sub_resources;

use worker::{Env, Request, Response};

use crate::auth::Principal;
use crate::counter::CounterClient;
use crate::domain::approval::Action;
use crate::domain::ids::is_valid_id;
use crate::domain::time::Timestamp;
use crate::error::ApiError;
use crate::pii::Pii;
use crate::query::Query;
use crate::store::Store;
use endpoints::{templates, PublicOp, TenantOp};

/// What a handler gets besides the request: who is calling, their tenant's store, the counters, the time.
pub struct Ctx {
    pub principal: Principal,
    pub store: Store,
    pub counters: CounterClient,
    pub now: Timestamp,
    /// The keys of personal data, whether this caller reads it in clear, and what it was shown so.
    pub pii: Pii,
    /// `KYC_RETENTION_YEARS`, or why it is unusable.
    pub retention_years: Result<u32, String>,
}

/// The segment of a template that stands for a record id.
const ID: &str = "{id}";

/// A path matched to its template, with the record id it names (empty for a template without one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved<'a> {
    pub template: &'static str,
    pub id: &'a str,
}

/// The template a path matches; a trailing `/` is optional (CONTRACT §1). Segment by segment, a literal
/// of some template wins over `{id}` (so `/contacts/banks/` is the bank list, never a contact), and an
/// `{id}` takes only a segment that satisfies the id rule, so a malformed id is a 404 before any storage.
pub fn resolve(path: &str) -> Option<Resolved<'_>> {
    let path = path.strip_prefix('/')?;
    let path = path.strip_suffix('/').unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let mut candidates: Vec<(&'static str, Vec<&'static str>)> = templates()
        .into_iter()
        .map(|t| (t, t.trim_matches('/').split('/').collect::<Vec<_>>()))
        .filter(|(_, parts)| parts.len() == segments.len())
        .collect();
    let mut id = "";
    for (i, segment) in segments.iter().enumerate() {
        let literal = |parts: &Vec<&str>| parts[i] != ID && parts[i] == *segment;
        if candidates.iter().any(|(_, parts)| literal(parts)) {
            candidates.retain(|(_, parts)| literal(parts));
        } else if is_valid_id(segment) {
            candidates.retain(|(_, parts)| parts[i] == ID);
            id = segment;
        } else {
            return None;
        }
    }
    candidates.first().map(|(template, _)| Resolved { template, id })
}

/// A route that takes no query parameters refuses any, before its body is read (CONTRACT §9).
fn refuse_any_query(query: &mut Query) -> Result<(), ApiError> {
    match query.takes_none() {
        true => query.check(),
        false => Ok(()),
    }
}

/// Runs a public operation (no token).
pub async fn serve_public(op: PublicOp, mut query: Query, env: &Env) -> Result<Response, ApiError> {
    refuse_any_query(&mut query)?;
    match op {
        PublicOp::Health => health::health(query, env).await,
        PublicOp::Openapi => openapi::openapi(),
    }
}

/// Runs a tenant's operation. `id` is the record id of the path (empty when its template has none).
/// What the answer shows in clear is recorded before it leaves (CONTRACT §9, "Personal data"): a
/// record that cannot be written withholds the answer (503).
pub async fn dispatch(
    op: TenantOp,
    id: &str,
    req: &mut Request,
    query: Query,
    ctx: &Ctx,
) -> Result<Response, ApiError> {
    let response = run(op, id, req, query, ctx).await?;
    let shown = ctx.pii.shown_in_clear();
    if !shown.is_empty() {
        let operation = endpoints::operation_id(endpoints::Op::Tenant(op));
        ctx.store
            .record_clear_reads(&shown, &ctx.principal.user_id, ctx.now, &operation)
            .await?;
    }
    Ok(response)
}

async fn run(
    op: TenantOp,
    id: &str,
    req: &mut Request,
    mut query: Query,
    ctx: &Ctx,
) -> Result<Response, ApiError> {
    refuse_any_query(&mut query)?;
    use TenantOp::*;
    let (addresses, banks, relations) = (&addresses::RULES, &banks::RULES, &relations::RULES);
    match op {
        ListNamespaces => namespaces::list_namespaces(query, ctx).await,
        CreateNamespace => namespaces::create_namespace(req, ctx).await,
        GetNamespace => namespaces::get_namespace(id, ctx).await,
        UpdateNamespace => namespaces::update_namespace(id, req, ctx).await,
        DeleteNamespace => namespaces::delete_namespace(id, req, ctx).await,
        IssueAccountRef => namespaces::issue_account_ref(id, req, ctx).await,
        ListContacts => contacts::list_contacts(query, ctx).await,
        CreateContact => contacts::create_contact(req, ctx).await,
        DedupeContacts => dedupe::dedupe_contacts(req, ctx).await,
        GetContact => contacts::get_contact(id, query, ctx).await,
        UpdateContact => contacts::update_contact(id, req, ctx).await,
        ContactHistory => contacts::contact_history(id, query, ctx).await,
        ActivateContact => contact_actions::act_on_contact(id, Action::Activate, req, ctx).await,
        DeactivateContact => contact_actions::act_on_contact(id, Action::Deactivate, req, ctx).await,
        ApproveContact => contact_actions::act_on_contact(id, Action::Approve, req, ctx).await,
        RejectContact => contact_actions::act_on_contact(id, Action::Reject, req, ctx).await,
        SubmitContact => contact_actions::act_on_contact(id, Action::Submit, req, ctx).await,
        SetRetention => erasure::set_retention(id, req, ctx).await,
        EraseContact => erasure::erase_contact(id, req, ctx).await,
        ListPiiAccess => pii::list_pii_access(id, query, ctx).await,
        ConvertPii => pii::convert_pii(ctx).await,
        MergeContacts => merge::merge_contacts(id, req, ctx).await,
        UnmergeContact => merge::unmerge_contact(id, req, ctx).await,
        GetProps => props::get_props(id, ctx).await,
        PutProps => props::put_props(id, req, ctx).await,
        DeleteProps => props::delete_props(id, req, query, ctx).await,
        ListAddresses => sub_resources::list(addresses, query, ctx).await,
        CreateAddress => sub_resources::create(addresses, req, ctx).await,
        GetAddress => sub_resources::get(addresses, id, ctx).await,
        UpdateAddress => sub_resources::update(addresses, id, req, ctx).await,
        DeleteAddress => sub_resources::delete(addresses, id, req, ctx).await,
        ListBanks => sub_resources::list(banks, query, ctx).await,
        CreateBank => sub_resources::create(banks, req, ctx).await,
        GetBank => sub_resources::get(banks, id, ctx).await,
        UpdateBank => sub_resources::update(banks, id, req, ctx).await,
        DeleteBank => sub_resources::delete(banks, id, req, ctx).await,
        ListRelations => sub_resources::list(relations, query, ctx).await,
        CreateRelation => sub_resources::create(relations, req, ctx).await,
        GetRelation => sub_resources::get(relations, id, ctx).await,
        UpdateRelation => sub_resources::update(relations, id, req, ctx).await,
        DeleteRelation => sub_resources::delete(relations, id, req, ctx).await,
    }
}

#[cfg(test)]
mod tests {
    use super::endpoints::{allowed, method_name, of_template, Op, ENDPOINTS};
    use super::*;

    const RECORD: &str = "01JQ3V5ZK8X2N4M6P8R0T2W4Y6";

    fn template(path: &str) -> Option<&'static str> {
        resolve(path).map(|r| r.template)
    }

    #[test]
    fn paths_resolve_with_or_without_the_trailing_slash() {
        assert_eq!(template("/namespaces/"), Some("/namespaces/"));
        assert_eq!(template("/namespaces"), Some("/namespaces/"));
        let path = format!("/namespaces/{RECORD}/");
        assert_eq!(
            resolve(&path),
            Some(Resolved {
                template: "/namespaces/{id}/",
                id: RECORD
            })
        );
        assert_eq!(
            template(&format!("/namespaces/{RECORD}/account-refs")),
            Some("/namespaces/{id}/account-refs/")
        );
        assert_eq!(template("/health"), Some("/health"));
        assert_eq!(template("/contacts/dedupe/"), Some("/contacts/dedupe/"));
        assert_eq!(
            template(&format!("/contacts/{RECORD}/approve/")),
            Some("/contacts/{id}/approve/")
        );
        assert_eq!(
            template(&format!("/contacts/{RECORD}/history")),
            Some("/contacts/{id}/history/")
        );
    }

    #[test]
    fn a_literal_segment_wins_over_an_id() {
        // "addresses" and "relations" satisfy the id rule: they still name the lists, never a contact.
        assert_eq!(template("/contacts/addresses/"), Some("/contacts/addresses/"));
        assert_eq!(template("/contacts/relations"), Some("/contacts/relations/"));
        assert_eq!(
            template(&format!("/contacts/banks/{RECORD}/")),
            Some("/contacts/banks/{id}/")
        );
        // Nor is a sub-resource's segment read as a contact id below it.
        assert_eq!(template("/contacts/addresses/props/"), None);
        assert_eq!(template("/contacts/relations/approve/"), None);
        assert_eq!(template("/contacts/{id}/"), None);
    }

    #[test]
    fn every_template_resolves_to_itself_and_allows_a_method() {
        for t in templates() {
            let path = t.replace(ID, RECORD);
            assert_eq!(template(&path), Some(t), "{path}");
            assert!(!allowed(t).is_empty(), "{t} allows no method");
            assert!(!allowed(t).contains(&"OTHER"), "{t}");
        }
    }

    #[test]
    fn each_template_and_method_is_one_row_and_each_operation_one_endpoint() {
        for (i, a) in ENDPOINTS.iter().enumerate() {
            for b in &ENDPOINTS[i + 1..] {
                let same_route = a.template == b.template && a.method == b.method;
                assert!(
                    !same_route,
                    "{} {} is listed twice",
                    method_name(&a.method),
                    a.template
                );
                assert_ne!(a.op, b.op, "{:?} has two endpoints", a.op);
            }
        }
        assert_eq!(of_template("/contacts/{id}/props/").count(), 3);
    }

    #[test]
    fn only_health_and_the_document_are_public() {
        let public: Vec<&str> = ENDPOINTS
            .iter()
            .filter(|e| e.is_public())
            .map(|e| e.template)
            .collect();
        assert_eq!(public, ["/health", "/openapi.json"]);
        assert!(ENDPOINTS
            .iter()
            .all(|e| matches!(e.op, Op::Public(_)) == (e.resource == "meta")));
    }

    #[test]
    fn unknown_paths_and_malformed_ids_resolve_to_nothing() {
        for p in [
            "/",
            "",
            "/nope/",
            "/namespaces//",
            "/namespaces/..%2F..%2Fetc/",
            "/namespaces/short/",
            "//namespaces/",
            "/contacts/01JQ3V5ZK8X2N4M6P8R0T2W4Y6/archive/",
        ] {
            assert_eq!(resolve(p), None, "{p}");
        }
    }
}
