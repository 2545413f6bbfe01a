//! The one table of endpoints: every route's path template, method, operation, resource, query
//! parameters and summary. The router, the `Allow` header, CORS preflights, authentication (an operation
//! is public or a tenant's), the OpenAPI document (crate `openapi`) and the cross-tenant test matrix all
//! read it; nothing restates it.

use worker::Method;

/// An operation anyone may call: no token, no tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicOp {
    Health,
    Openapi,
}

/// An operation of a tenant: the caller's token names the tenant every statement is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantOp {
    ListNamespaces,
    CreateNamespace,
    GetNamespace,
    UpdateNamespace,
    DeleteNamespace,
    IssueAccountRef,
    ListContacts,
    CreateContact,
    DedupeContacts,
    GetContact,
    UpdateContact,
    ContactHistory,
    ActivateContact,
    DeactivateContact,
    ApproveContact,
    RejectContact,
    SubmitContact,
    SetRetention,
    EraseContact,
    ListPiiAccess,
    ConvertPii,
    MergeContacts,
    UnmergeContact,
    GetProps,
    PutProps,
    DeleteProps,
    ListAddresses,
    CreateAddress,
    GetAddress,
    UpdateAddress,
    DeleteAddress,
    ListBanks,
    CreateBank,
    GetBank,
    UpdateBank,
    DeleteBank,
    ListRelations,
    CreateRelation,
    GetRelation,
    UpdateRelation,
    DeleteRelation,
}

/// What an endpoint runs. Its operation id is the variant's name in snake case (`create_contact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Public(PublicOp),
    Tenant(TenantOp),
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub method: Method,
    /// The path, `{id}` standing for a record id; the trailing `/` is optional in a request.
    pub template: &'static str,
    pub op: Op,
    /// The resource it belongs to: the module of its handler and its tag in the OpenAPI document.
    pub resource: &'static str,
    /// The query parameters it takes; any other is a `400`.
    pub query: &'static [&'static str],
    pub summary: &'static str,
}

impl Endpoint {
    pub fn is_public(&self) -> bool {
        matches!(self.op, Op::Public(_))
    }
}

/// A row of the table, in the order of its fields.
const fn row(
    method: Method,
    template: &'static str,
    op: Op,
    resource: &'static str,
    query: &'static [&'static str],
    summary: &'static str,
) -> Endpoint {
    Endpoint {
        method,
        template,
        op,
        resource,
        query,
        summary,
    }
}

const NONE: &[&str] = &[];
const PAGE: &[&str] = &["page", "page_size"];
const NAMESPACE_LIST: &[&str] = &[
    "page",
    "page_size",
    "search",
    "created_at_after",
    "created_at_before",
];
const CONTACT_LIST: &[&str] = &[
    "page",
    "page_size",
    "search",
    "namespace",
    "status",
    "type",
    "approval_status",
    "tags",
    "created_at_after",
    "created_at_before",
    "expand",
];
/// The lists of addresses and banks.
const DOCUMENT_LIST: &[&str] = &[
    "page",
    "page_size",
    "contact",
    "search",
    "tags",
    "created_at_after",
    "created_at_before",
];
const RELATION_LIST: &[&str] = &["page", "page_size", "contact", "related_contact", "type"];

use Method::{Delete as DELETE, Get as GET, Patch as PATCH, Post as POST, Put as PUT};
use Op::{Public, Tenant};
use PublicOp::*;
use TenantOp::*;

/// Every endpoint of the API, in the order of the OpenAPI document. A template's methods are listed in
/// `Allow` in this order. One row a line, so that it reads as the table it is.
#[rustfmt::skip]
pub const ENDPOINTS: &[Endpoint] = &[
    row(GET, "/health", Public(Health), "meta", &["db"], "Liveness; with `?db=1` readiness (one trivial D1 query). No token."),
    row(GET, "/openapi.json", Public(Openapi), "meta", NONE, "This document. No token."),
    row(GET, "/namespaces/", Tenant(ListNamespaces), "namespaces", NAMESPACE_LIST, "List namespaces"),
    row(POST, "/namespaces/", Tenant(CreateNamespace), "namespaces", NONE, "Create a namespace (name unique per tenant, case-insensitively)"),
    row(GET, "/namespaces/{id}/", Tenant(GetNamespace), "namespaces", NONE, "Retrieve a namespace"),
    row(PATCH, "/namespaces/{id}/", Tenant(UpdateNamespace), "namespaces", NONE, "Update a namespace (partial; counters may be raised, never lowered below an issued number)"),
    row(DELETE, "/namespaces/{id}/", Tenant(DeleteNamespace), "namespaces", NONE, "Delete a namespace no contact uses"),
    row(POST, "/namespaces/{id}/account-refs/", Tenant(IssueAccountRef), "namespaces", NONE, "Issue the next account reference from the namespace's `account_pattern`"),
    row(GET, "/contacts/", Tenant(ListContacts), "contacts", CONTACT_LIST, "List contacts, newest first"),
    row(POST, "/contacts/", Tenant(CreateContact), "contacts", NONE, "Create a contact (a ref id is issued from the namespace's pattern when omitted)"),
    row(POST, "/contacts/dedupe/", Tenant(DedupeContacts), "contacts", NONE, "Find likely duplicates of a contact by identifiers and name"),
    row(GET, "/contacts/{id}/", Tenant(GetContact), "contacts", &["expand"], "Retrieve a contact"),
    row(PATCH, "/contacts/{id}/", Tenant(UpdateContact), "contacts", NONE, "Update a contact (partial; `props` replaces the whole list)"),
    row(GET, "/contacts/{id}/history/", Tenant(ContactHistory), "contacts", PAGE, "A contact's audit trail, newest first"),
    row(PUT, "/contacts/{id}/active/", Tenant(ActivateContact), "contacts", NONE, "Activate a contact (not a rejected one)"),
    row(PUT, "/contacts/{id}/inactive/", Tenant(DeactivateContact), "contacts", NONE, "Deactivate a contact"),
    row(PUT, "/contacts/{id}/approve/", Tenant(ApproveContact), "contacts", NONE, "Approve a pending contact (scope `contacts:approve`; not its creator nor anyone who made a material change since its last approval)"),
    row(PUT, "/contacts/{id}/reject/", Tenant(RejectContact), "contacts", NONE, "Reject a pending contact (scope `contacts:approve`; not its creator nor anyone who made a material change since its last approval)"),
    row(PUT, "/contacts/{id}/submit/", Tenant(SubmitContact), "contacts", NONE, "Send a rejected contact, corrected, back for approval"),
    row(PUT, "/contacts/{id}/retention/", Tenant(SetRetention), "contacts", NONE, "Record a legal hold or the day the relationship ended (scope `contacts:erase`)"),
    row(POST, "/contacts/{id}/erase/", Tenant(EraseContact), "contacts", NONE, "Erase a contact's personal data, once no legal hold or retention period forbids it (scope `contacts:erase`)"),
    row(GET, "/contacts/{id}/pii-access/", Tenant(ListPiiAccess), "contacts", PAGE, "Who was shown the contact's identifying values in clear, newest first (scope `pii:audit`)"),
    row(POST, "/contacts/{id}/merge/", Tenant(MergeContacts), "contacts", NONE, "Merge 1 to 3 duplicates into this contact, the survivor (scope `contacts:merge`)"),
    row(POST, "/contacts/{id}/unmerge/", Tenant(UnmergeContact), "contacts", NONE, "Undo the merge of one contact into this one, while neither has changed since (scope `contacts:merge`)"),
    row(GET, "/contacts/{id}/props/", Tenant(GetProps), "props", NONE, "A contact's props, sorted by key"),
    row(PUT, "/contacts/{id}/props/", Tenant(PutProps), "props", NONE, "Upsert props by key; answers the whole list"),
    row(DELETE, "/contacts/{id}/props/", Tenant(DeleteProps), "props", &["keys", "all"], "Remove props: `keys=a,b`, or `all=true`"),
    row(GET, "/contacts/addresses/", Tenant(ListAddresses), "addresses", DOCUMENT_LIST, "List addresses"),
    row(POST, "/contacts/addresses/", Tenant(CreateAddress), "addresses", NONE, "Add an address to a contact"),
    row(GET, "/contacts/banks/", Tenant(ListBanks), "banks", DOCUMENT_LIST, "List bank accounts"),
    row(POST, "/contacts/banks/", Tenant(CreateBank), "banks", NONE, "Add a bank account to a contact"),
    row(GET, "/contacts/relations/", Tenant(ListRelations), "relations", RELATION_LIST, "List relations"),
    row(POST, "/contacts/relations/", Tenant(CreateRelation), "relations", NONE, "Relate a contact to another"),
    row(GET, "/contacts/addresses/{id}/", Tenant(GetAddress), "addresses", NONE, "Retrieve one"),
    row(PATCH, "/contacts/addresses/{id}/", Tenant(UpdateAddress), "addresses", NONE, "Update one (a JSON merge patch: `null` clears a field)"),
    row(DELETE, "/contacts/addresses/{id}/", Tenant(DeleteAddress), "addresses", NONE, "Delete one"),
    row(GET, "/contacts/banks/{id}/", Tenant(GetBank), "banks", NONE, "Retrieve one"),
    row(PATCH, "/contacts/banks/{id}/", Tenant(UpdateBank), "banks", NONE, "Update one (a JSON merge patch: `null` clears a field)"),
    row(DELETE, "/contacts/banks/{id}/", Tenant(DeleteBank), "banks", NONE, "Delete one"),
    row(GET, "/contacts/relations/{id}/", Tenant(GetRelation), "relations", NONE, "Retrieve one"),
    row(PATCH, "/contacts/relations/{id}/", Tenant(UpdateRelation), "relations", NONE, "Update one (a JSON merge patch: `null` clears a field)"),
    row(DELETE, "/contacts/relations/{id}/", Tenant(DeleteRelation), "relations", NONE, "Delete one"),
    row(POST, "/pii/convert/", Tenant(ConvertPii), "pii", NONE, "Bring up to 25 contacts' stored personal data to the current keys; call until `done` (scope `pii:admin`)"),
];

/// The operation id: the operation's name in snake case (`TenantOp::CreateContact` is `create_contact`).
pub fn operation_id(op: Op) -> String {
    let name = match op {
        Op::Public(p) => format!("{p:?}"),
        Op::Tenant(t) => format!("{t:?}"),
    };
    let mut id = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            id.push('_');
        }
        id.push(c.to_ascii_lowercase());
    }
    id
}

/// The name of a method as HTTP spells it.
pub fn method_name(method: &Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
        Method::Head => "HEAD",
        _ => "OTHER",
    }
}

/// Every template, once each, in table order.
pub fn templates() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for e in ENDPOINTS {
        if !out.contains(&e.template) {
            out.push(e.template);
        }
    }
    out
}

/// The endpoints of one template, in table order (`Allow` lists their methods so).
pub fn of_template(template: &str) -> impl Iterator<Item = &'static Endpoint> + '_ {
    ENDPOINTS.iter().filter(move |e| e.template == template)
}

/// The methods a template allows, by name: a `GET` route answers `HEAD` too (RFC 9110 §9.3.2).
pub fn allowed(template: &str) -> Vec<&'static str> {
    let mut methods = Vec::new();
    for e in of_template(template) {
        methods.push(method_name(&e.method));
        if e.method == Method::Get {
            methods.push("HEAD");
        }
    }
    methods
}

/// The endpoint of `template` that serves `method`: `HEAD` is served by the `GET` endpoint.
pub fn serving(template: &str, method: &Method) -> Option<&'static Endpoint> {
    let method = match method {
        Method::Head => &Method::Get,
        other => other,
    };
    of_template(template).find(|e| e.method == *method)
}
