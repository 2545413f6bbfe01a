//! The route table and dispatch: a path resolves to a `Route` (404 when none), the method is checked
//! against the route's (405 with `Allow`), then the resource's handler runs.

pub mod contact_actions;
pub mod contacts;
pub mod dedupe;
pub mod documents;
pub mod health;
pub mod namespaces;
pub mod openapi;
pub mod props;

use worker::{Method, Request, Response};

use crate::auth::Principal;
use crate::counter::CounterClient;
use crate::domain::approval::Action;
use crate::domain::ids::is_valid_id;
use crate::domain::time::Timestamp;
use crate::error::ApiError;
use crate::routes::documents::Docs;
use crate::store::Store;

/// What a handler gets besides the request: who is calling, their tenant's store, the counters, the time.
pub struct Ctx {
    pub principal: Principal,
    pub store: Store,
    pub counters: CounterClient,
    pub now: Timestamp,
}

/// Every route of the API as a path template, `{id}` standing for a record id: the cross-tenant test
/// matrix (tests/tests/api/tenant_matrix.rs) walks this list, so a route added here cannot be forgotten
/// there. `Route::template` maps each route back to its entry.
pub const TEMPLATES: &[&str] = &[
    "/health",
    "/openapi.json",
    "/namespaces/",
    "/namespaces/{id}/",
    "/namespaces/{id}/account-refs/",
    "/contacts/",
    "/contacts/dedupe/",
    "/contacts/{id}/",
    "/contacts/{id}/history/",
    "/contacts/{id}/active/",
    "/contacts/{id}/inactive/",
    "/contacts/{id}/approve/",
    "/contacts/{id}/reject/",
    "/contacts/{id}/props/",
    "/contacts/addresses/",
    "/contacts/banks/",
    "/contacts/relations/",
    "/contacts/addresses/{id}/",
    "/contacts/banks/{id}/",
    "/contacts/relations/{id}/",
];

/// Every route of the API. Ids in paths are checked against the id rule here, so a malformed id is a 404
/// before any storage is touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Health,
    OpenApi,
    Namespaces,
    Namespace(&'a str),
    NamespaceAccountRefs(&'a str),
    Contacts,
    ContactsDedupe,
    Contact(&'a str),
    ContactHistory(&'a str),
    ContactAction(&'a str, Action),
    ContactProps(&'a str),
    Documents(Docs),
    Document(Docs, &'a str),
}

impl<'a> Route<'a> {
    /// The route of a path; a trailing `/` is optional (CONTRACT §1).
    pub fn resolve(path: &'a str) -> Option<Route<'a>> {
        let path = path.strip_prefix('/')?;
        let path = path.strip_suffix('/').unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        let route = match segments.as_slice() {
            ["health"] => Route::Health,
            ["openapi.json"] => Route::OpenApi,
            ["namespaces"] => Route::Namespaces,
            ["namespaces", id] => Route::Namespace(id),
            ["namespaces", id, "account-refs"] => Route::NamespaceAccountRefs(id),
            ["contacts"] => Route::Contacts,
            ["contacts", "dedupe"] => Route::ContactsDedupe,
            ["contacts", docs] if Docs::from_path(docs).is_some() => Route::Documents(Docs::from_path(docs)?),
            ["contacts", docs, id] if Docs::from_path(docs).is_some() => {
                Route::Document(Docs::from_path(docs)?, id)
            }
            ["contacts", id] => Route::Contact(id),
            ["contacts", id, "history"] => Route::ContactHistory(id),
            ["contacts", id, "props"] => Route::ContactProps(id),
            ["contacts", id, action] => Route::ContactAction(id, Action::from_path(action)?),
            _ => return None,
        };
        match route {
            Route::Namespace(id)
            | Route::NamespaceAccountRefs(id)
            | Route::Contact(id)
            | Route::ContactHistory(id)
            | Route::ContactAction(id, _)
            | Route::ContactProps(id)
            | Route::Document(_, id)
                if !is_valid_id(id) =>
            {
                None
            }
            r => Some(r),
        }
    }

    pub fn methods(&self) -> &'static [Method] {
        match self {
            Route::Health => &[Method::Get],
            Route::OpenApi => &[Method::Get],
            Route::Namespaces => &[Method::Get, Method::Post],
            Route::Namespace(_) => &[Method::Get, Method::Patch, Method::Delete],
            Route::NamespaceAccountRefs(_) => &[Method::Post],
            Route::Contacts => &[Method::Get, Method::Post],
            Route::ContactsDedupe => &[Method::Post],
            Route::Contact(_) => &[Method::Get, Method::Patch],
            Route::ContactHistory(_) => &[Method::Get],
            Route::ContactAction(..) => &[Method::Put],
            Route::ContactProps(_) => &[Method::Get, Method::Put, Method::Delete],
            Route::Documents(_) => &[Method::Get, Method::Post],
            Route::Document(..) => &[Method::Get, Method::Patch, Method::Delete],
        }
    }

    /// The `methods` by name (`"GET"`, ...), for clients of the table that do not link the runtime.
    pub fn method_names(&self) -> Vec<&'static str> {
        self.methods().iter().map(crate::error::method_name).collect()
    }

    /// This route's entry in `TEMPLATES`. No wildcard arm: a new variant does not compile until it has
    /// a template (and the unit test below then wants it listed in `TEMPLATES`).
    pub fn template(&self) -> &'static str {
        match self {
            Route::Health => "/health",
            Route::OpenApi => "/openapi.json",
            Route::Namespaces => "/namespaces/",
            Route::Namespace(_) => "/namespaces/{id}/",
            Route::NamespaceAccountRefs(_) => "/namespaces/{id}/account-refs/",
            Route::Contacts => "/contacts/",
            Route::ContactsDedupe => "/contacts/dedupe/",
            Route::Contact(_) => "/contacts/{id}/",
            Route::ContactHistory(_) => "/contacts/{id}/history/",
            Route::ContactAction(_, action) => match action {
                Action::Activate => "/contacts/{id}/active/",
                Action::Deactivate => "/contacts/{id}/inactive/",
                Action::Approve => "/contacts/{id}/approve/",
                Action::Reject => "/contacts/{id}/reject/",
            },
            Route::ContactProps(_) => "/contacts/{id}/props/",
            Route::Documents(docs) => match docs {
                Docs::Addresses => "/contacts/addresses/",
                Docs::Banks => "/contacts/banks/",
                Docs::Relations => "/contacts/relations/",
            },
            Route::Document(docs, _) => match docs {
                Docs::Addresses => "/contacts/addresses/{id}/",
                Docs::Banks => "/contacts/banks/{id}/",
                Docs::Relations => "/contacts/relations/{id}/",
            },
        }
    }

    pub fn needs_auth(&self) -> bool {
        !matches!(self, Route::Health | Route::OpenApi)
    }
}

/// Runs the handler of an authenticated route. The method has been checked against `Route::methods`.
pub async fn dispatch(
    route: Route<'_>,
    method: Method,
    req: &mut Request,
    query: Option<&str>,
    ctx: &Ctx,
) -> Result<Response, ApiError> {
    if !reads_query(route, &method) {
        refuse_query(query)?;
    }
    use Method::*;
    match (route, method) {
        (Route::Namespaces, Post) => namespaces::create_namespace(req, ctx).await,
        (Route::Namespaces, Get) => namespaces::list_namespaces(query, ctx).await,
        (Route::Namespace(id), Get) => namespaces::get_namespace(id, ctx).await,
        (Route::Namespace(id), Patch) => namespaces::update_namespace(id, req, ctx).await,
        (Route::Namespace(id), Delete) => namespaces::delete_namespace(id, req, ctx).await,
        (Route::NamespaceAccountRefs(id), Post) => namespaces::issue_account_ref(id, req, ctx).await,
        (Route::Contacts, Post) => contacts::create_contact(req, ctx).await,
        (Route::Contacts, Get) => contacts::list_contacts(query, ctx).await,
        (Route::ContactsDedupe, Post) => dedupe::dedupe_contacts(req, ctx).await,
        (Route::Contact(id), Get) => contacts::get_contact(id, query, ctx).await,
        (Route::Contact(id), Patch) => contacts::update_contact(id, req, ctx).await,
        (Route::ContactHistory(id), Get) => contacts::contact_history(id, query, ctx).await,
        (Route::ContactAction(id, action), Put) => {
            contact_actions::act_on_contact(id, action, req, ctx).await
        }
        (Route::ContactProps(id), Get) => props::get_props(id, ctx).await,
        (Route::ContactProps(id), Put) => props::put_props(id, req, ctx).await,
        (Route::ContactProps(id), Delete) => props::delete_props(id, req, query, ctx).await,
        (Route::Documents(d), Post) => documents::create_document(d, req, ctx).await,
        (Route::Documents(d), Get) => documents::list_documents(d, query, ctx).await,
        (Route::Document(d, id), Get) => documents::get_document(d, id, ctx).await,
        (Route::Document(d, id), Patch) => documents::update_document(d, id, req, ctx).await,
        (Route::Document(d, id), Delete) => documents::delete_document(d, id, req, ctx).await,
        (route, _) => Err(ApiError::MethodNotAllowed(route.methods())),
    }
}

/// The query parameters a route and method take (lists, `expand`, the props `DELETE`, `/health`'s
/// `db`); the handlers parse with these lists and the OpenAPI document describes them.
pub fn query_params(route: Route<'_>, method: &Method) -> &'static [&'static str] {
    match (route, method) {
        (Route::Health, Method::Get) => health::PARAMS,
        (Route::Namespaces, Method::Get) => namespaces::LIST_PARAMS,
        (Route::Contacts, Method::Get) => contacts::LIST_PARAMS,
        (Route::Contact(_), Method::Get) => contacts::GET_PARAMS,
        (Route::ContactHistory(_), Method::Get) => contacts::HISTORY_PARAMS,
        (Route::ContactProps(_), Method::Delete) => props::DELETE_PARAMS,
        (Route::Documents(docs), Method::Get) => documents::list_params(docs),
        _ => &[],
    }
}

/// Whether the handler of this route and method reads query parameters. Every other one refuses any
/// parameter, as unknown (CONTRACT §9).
fn reads_query(route: Route<'_>, method: &Method) -> bool {
    !query_params(route, method).is_empty()
}

/// A 400 naming every parameter of a query sent to a route that takes none.
fn refuse_query(query: Option<&str>) -> Result<(), ApiError> {
    let mut report = crego_validation::Report::new();
    crate::http::Query::parse(query, &[], &mut report);
    match report.is_empty() {
        true => Ok(()),
        false => Err(ApiError::InvalidQuery(report)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "01JQ3V5ZK8X2N4M6P8R0T2W4Y6";

    #[test]
    fn paths_resolve_with_or_without_the_trailing_slash() {
        assert_eq!(Route::resolve("/namespaces/"), Some(Route::Namespaces));
        assert_eq!(Route::resolve("/namespaces"), Some(Route::Namespaces));
        assert_eq!(
            Route::resolve(&format!("/namespaces/{ID}/")),
            Some(Route::Namespace(ID))
        );
        assert_eq!(
            Route::resolve(&format!("/namespaces/{ID}/account-refs")),
            Some(Route::NamespaceAccountRefs(ID))
        );
        assert_eq!(Route::resolve("/health"), Some(Route::Health));
        assert_eq!(Route::resolve("/contacts/dedupe/"), Some(Route::ContactsDedupe));
        assert_eq!(
            Route::resolve(&format!("/contacts/{ID}/approve/")),
            Some(Route::ContactAction(ID, Action::Approve))
        );
        assert_eq!(
            Route::resolve(&format!("/contacts/{ID}/history")),
            Some(Route::ContactHistory(ID))
        );
    }

    #[test]
    fn every_template_resolves_to_the_route_it_names() {
        for template in TEMPLATES {
            let path = template.replace("{id}", ID);
            let route = Route::resolve(&path).unwrap_or_else(|| panic!("{template} does not resolve"));
            assert_eq!(route.template(), *template, "{path} resolves to {route:?}");
            assert!(!route.methods().is_empty(), "{template} allows no method");
            assert_eq!(route.method_names().len(), route.methods().len(), "{template}");
            assert!(!route.method_names().contains(&"OTHER"), "{template}");
        }
    }

    #[test]
    fn a_route_without_parameters_refuses_any_query() {
        let namespace = Route::Namespace(ID);
        assert!(!reads_query(namespace, &Method::Get));
        assert!(reads_query(Route::Namespaces, &Method::Get));
        assert!(refuse_query(None).is_ok());
        assert!(refuse_query(Some("")).is_ok());
        let Err(ApiError::InvalidQuery(report)) = refuse_query(Some("colour=red&a=1")) else {
            panic!("a query was accepted");
        };
        assert_eq!(report.codes_for("colour"), ["unknown_field"]);
        assert_eq!(report.codes_for("a"), ["unknown_field"]);
    }

    #[test]
    fn templates_are_distinct() {
        for (i, a) in TEMPLATES.iter().enumerate() {
            assert!(!TEMPLATES[i + 1..].contains(a), "{a} is listed twice");
        }
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
        ] {
            assert_eq!(Route::resolve(p), None, "{p}");
        }
    }
}
