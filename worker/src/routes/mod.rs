//! The route table and dispatch: a path resolves to a `Route` (404 when none), the method is checked
//! against the route's (405 with `Allow`), then the resource's handler runs.

pub mod contact_actions;
pub mod contacts;
pub mod dedupe;
pub mod documents;
pub mod health;
pub mod namespaces;
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

/// Every route of the API. Ids in paths are checked against the id rule here, so a malformed id is a 404
/// before any storage is touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Health,
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

    pub fn needs_auth(&self) -> bool {
        !matches!(self, Route::Health)
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
