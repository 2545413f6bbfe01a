//! The OpenAPI 3.1 document of the Crego Contact API, generated from the worker's own types.
//!
//! - **Paths** come from the worker's route table: every template in `TEMPLATES`, every method its
//!   route allows, every query parameter its handler parses (`routes::query_params`). `operation` has
//!   no wildcard arm over `Route`, so a new route does not compile until it is described here.
//! - **Bodies** are the validation crate's checked types (`NewContact`, `ContactPatch`, ...), deriving
//!   `ToSchema`, with each text field's pattern and lengths taken from the same `TextRule` its check
//!   uses (`crego_validation::schema`).
//! - **Responses** are the types the worker serializes (`Namespace`, `Contact`, `Envelope`, `Problem`,
//!   ...) and, for the JSON it assembles in SQL, `crego_worker::schema`.
//!
//! `worker/openapi.json` is this document, committed, embedded in the worker and served at
//! `GET /openapi.json`; the test below fails when the two differ (`make openapi` rewrites it).

use std::collections::BTreeMap;

use crego_validation::fields::SERVER_MANAGED;
use crego_validation::schema::{id, text_rule};
use crego_validation::{contact, props};
use crego_validation::{
    text, ActionBody, AddressPatch, BankPatch, ContactPatch, ContactStatus, ContactType, DedupeRequest,
    NamespacePatch, NewAddress, NewBank, NewContact, NewNamespace, NewRelation, PropsUpsert, RelationPatch,
    RelationType,
};
use crego_worker::domain::list::Envelope;
use crego_worker::error::Problem;
use crego_worker::routes::contacts::Expanded;
use crego_worker::routes::dedupe::Matches;
use crego_worker::routes::documents::Docs;
use crego_worker::routes::health::Health;
use crego_worker::routes::namespaces::AccountRef;
use crego_worker::routes::props::Props;
use crego_worker::routes::{query_params, Route, TEMPLATES};
use crego_worker::schema::{Address, ApprovalStatus, Bank, HistoryEntry, Relation};
use crego_worker::store::namespaces::Namespace;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathItem, PathsBuilder, Ref,
    RefOr, Required, ResponseBuilder,
};
use utoipa::{PartialSchema, ToSchema};
use worker::Method;

const JSON: &str = "application/json";
const PROBLEM: &str = "application/problem+json";
const BEARER: &str = "bearer";
/// A record id in a path (CONTRACT §1).
const ID_PATTERN: &str = r"^[A-Za-z0-9._\-]{8,50}$";

/// The document as pretty JSON, with a final newline: the content of `worker/openapi.json`.
pub fn json() -> String {
    let mut out = document()
        .to_pretty_json()
        .unwrap_or_else(|e| panic!("the document: {e}"));
    out.push('\n');
    out
}

/// The whole document.
pub fn document() -> OpenApi {
    let mut schemas = Schemas::default();
    let mut paths = PathsBuilder::new();
    for template in TEMPLATES {
        let path = template.replace("{id}", ID_EXAMPLE);
        let route = Route::resolve(&path).unwrap_or_else(|| panic!("{template} does not resolve"));
        for method in route.methods() {
            let operation = operation(route, method, &mut schemas);
            paths = paths.path(*template, PathItem::new(http_method(method), operation));
        }
    }
    let bearer = Http::builder()
        .scheme(HttpAuthScheme::Bearer)
        .bearer_format("JWT")
        .description(Some(
            "An HS256 JWT with `sub`, `tenant_id` and `exp` (and `iss`/`aud` when configured); \
             `scope` `contacts:approve` for approve and reject.",
        ))
        .build();
    schemas.close(CLOSED);
    let problem = schemas.of::<Problem>();
    let mut components = ComponentsBuilder::new().security_scheme(BEARER, SecurityScheme::Http(bearer));
    for status in ERRORS {
        let mut r = ResponseBuilder::new()
            .description(error_description(*status))
            .content(
                PROBLEM,
                ContentBuilder::new().schema(Some(problem.clone())).build(),
            );
        match status {
            401 => r = r.header("WWW-Authenticate", string_header("`Bearer`, with the reason")),
            429 | 503 => r = r.header("Retry-After", string_header("seconds to wait before retrying")),
            _ => {}
        }
        components = components.response(error_name(*status), r.build());
    }
    for (name, schema) in schemas.0 {
        components = components.schema(name, schema);
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Crego Contact API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Namespaces, contacts and their addresses, bank accounts, props and relations, \
                     per tenant. Errors are RFC 9457 problem+json naming every bad field. See \
                     docs/CONTRACT.md.",
                )),
        )
        .paths(paths)
        .components(Some(components.build()))
        .security(Some([SecurityRequirement::new(BEARER, Vec::<String>::new())]))
        .build()
}

const ID_EXAMPLE: &str = "01JQ3V5ZK8X2N4M6P8R0T2W4Y6";

fn http_method(method: &Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Patch => HttpMethod::Patch,
        Method::Delete => HttpMethod::Delete,
        other => panic!("no route allows {other:?}"),
    }
}

/// The component schemas, collected as operations use them.
#[derive(Default)]
struct Schemas(BTreeMap<String, RefOr<Schema>>);

impl Schemas {
    /// A reference to `T`, registering it and every schema it refers to.
    fn of<T: ToSchema>(&mut self) -> RefOr<Schema> {
        let mut nested = Vec::new();
        T::schemas(&mut nested);
        self.0.extend(nested);
        self.0.insert(T::name().into_owned(), T::schema());
        RefOr::Ref(Ref::from_schema_name(T::name()))
    }

    /// Marks these object schemas `additionalProperties: false`, after adding the fields their check
    /// ignores as `readOnly` properties (so that a client may send back what it read). Panics for a
    /// name that is not an object schema here, so the list cannot go stale.
    fn close(&mut self, names: &[(&str, &[&[&str]])]) {
        for (name, ignored) in names {
            let Some(RefOr::T(Schema::Object(object))) = self.0.get_mut(*name) else {
                panic!("{name} is not an object schema of the document");
            };
            for field in ignored.iter().flat_map(|list| list.iter()) {
                let property = ObjectBuilder::new()
                    .schema_type(SchemaType::AnyValue)
                    .read_only(true)
                    .description(Some("read-only: accepted and ignored"))
                    .build();
                object
                    .properties
                    .entry(field.to_string())
                    .or_insert(property.into());
            }
            object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
        }
    }

    /// A list page of `T` (the envelope inline, its `results` referring to `T`), registering `T`.
    fn page<T: ToSchema>(&mut self) -> RefOr<Schema> {
        self.of::<T>();
        Envelope::<T>::schema()
    }
}

/// The request body types and the objects inside them: each refuses a field it does not name (`400
/// unknown_field`), so each is `additionalProperties: false`. A body ignores the server-managed fields
/// (`id`, `version`, ...) and a few of its own, so that a client may send back what it read; the
/// objects inside a body (a prop, coords) ignore nothing.
const CLOSED: &[(&str, &[&[&str]])] = &[
    ("NewNamespace", &[SERVER_MANAGED]),
    ("NamespacePatch", &[SERVER_MANAGED]),
    ("NewContact", &[SERVER_MANAGED, contact::READ_ONLY]),
    ("ContactPatch", &[SERVER_MANAGED, contact::READ_ONLY]),
    ("ActionBody", &[SERVER_MANAGED]),
    ("DedupeRequest", &[SERVER_MANAGED]),
    ("DedupeProp", &[]),
    ("PropsUpsert", &[SERVER_MANAGED, props::UPSERT_IGNORED]),
    ("NewAddress", &[SERVER_MANAGED]),
    ("AddressPatch", &[SERVER_MANAGED]),
    ("Coords", &[]),
    ("NewBank", &[SERVER_MANAGED]),
    ("BankPatch", &[SERVER_MANAGED]),
    ("NewRelation", &[SERVER_MANAGED]),
    ("RelationPatch", &[SERVER_MANAGED]),
];

/// What one operation takes and answers.
struct Op {
    id: &'static str,
    summary: &'static str,
    tag: &'static str,
    /// The request body and whether it is required.
    body: Option<(RefOr<Schema>, bool)>,
    /// The success status, its body (none for 204) and whether it carries an `ETag`.
    ok: (u16, Option<RefOr<Schema>>, bool),
    /// Error statuses beyond the ones every operation of its kind has (below).
    errors: &'static [u16],
}

fn operation(route: Route<'_>, method: &Method, s: &mut Schemas) -> utoipa::openapi::path::Operation {
    use Method::*;
    let op = match (route, method) {
        (Route::Health, Get) => Op {
            id: "health",
            summary: "Liveness; with `?db=1` readiness (one trivial D1 query). No token.",
            tag: "meta",
            body: None,
            ok: (200, Some(s.of::<Health>()), false),
            errors: &[503],
        },
        (Route::OpenApi, Get) => Op {
            id: "openapi",
            summary: "This document. No token.",
            tag: "meta",
            body: None,
            ok: (
                200,
                Some(ObjectBuilder::new().schema_type(Type::Object).into()),
                false,
            ),
            errors: &[],
        },
        (Route::Namespaces, Get) => list(
            "list_namespaces",
            "List namespaces",
            "namespaces",
            s.page::<Namespace>(),
        ),
        (Route::Namespaces, Post) => Op {
            id: "create_namespace",
            summary: "Create a namespace (name unique per tenant, case-insensitively)",
            tag: "namespaces",
            body: Some((s.of::<NewNamespace>(), true)),
            ok: (201, Some(s.of::<Namespace>()), true),
            errors: &[409],
        },
        (Route::Namespace(_), Get) => get(
            "get_namespace",
            "Retrieve a namespace",
            "namespaces",
            s.of::<Namespace>(),
        ),
        (Route::Namespace(_), Patch) => Op {
            id: "update_namespace",
            summary:
                "Update a namespace (partial; counters may be raised, never lowered below an issued number)",
            tag: "namespaces",
            body: Some((s.of::<NamespacePatch>(), true)),
            ok: (200, Some(s.of::<Namespace>()), true),
            errors: &[409],
        },
        (Route::Namespace(_), Delete) => Op {
            id: "delete_namespace",
            summary: "Delete a namespace no contact uses",
            tag: "namespaces",
            body: None,
            ok: (204, None, false),
            errors: &[409],
        },
        (Route::NamespaceAccountRefs(_), Post) => Op {
            id: "issue_account_ref",
            summary: "Issue the next account reference from the namespace's `account_pattern`",
            tag: "namespaces",
            body: Some((
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .max_properties(Some(0))
                    .into(),
                false,
            )),
            ok: (201, Some(s.of::<AccountRef>()), false),
            errors: &[409],
        },
        (Route::Contacts, Get) => list(
            "list_contacts",
            "List contacts, newest first",
            "contacts",
            s.page::<Expanded>(),
        ),
        (Route::Contacts, Post) => Op {
            id: "create_contact",
            summary: "Create a contact (a ref id is issued from the namespace's pattern when omitted)",
            tag: "contacts",
            body: Some((s.of::<NewContact>(), true)),
            ok: (201, Some(s.of::<Expanded>()), true),
            errors: &[409],
        },
        (Route::ContactsDedupe, Post) => Op {
            id: "dedupe_contacts",
            summary: "Find likely duplicates of a contact by identifiers and name",
            tag: "contacts",
            body: Some((s.of::<DedupeRequest>(), true)),
            ok: (200, Some(s.of::<Matches>()), false),
            errors: &[409],
        },
        (Route::Contact(_), Get) => get(
            "get_contact",
            "Retrieve a contact",
            "contacts",
            s.of::<Expanded>(),
        ),
        (Route::Contact(_), Patch) => Op {
            id: "update_contact",
            summary: "Update a contact (partial; `props` replaces the whole list)",
            tag: "contacts",
            body: Some((s.of::<ContactPatch>(), true)),
            ok: (200, Some(s.of::<Expanded>()), true),
            errors: &[409],
        },
        (Route::ContactHistory(_), Get) => Op {
            errors: &[404],
            ..list(
                "contact_history",
                "A contact's audit trail, newest first",
                "contacts",
                s.page::<HistoryEntry>(),
            )
        },
        (Route::ContactAction(_, action), Put) => {
            let (id, summary, errors): (_, _, &'static [u16]) = match action.as_str() {
                "approve" => (
                    "approve_contact",
                    "Approve a pending contact (scope `contacts:approve`, not its creator)",
                    &[403, 409],
                ),
                "reject" => (
                    "reject_contact",
                    "Reject a pending contact (scope `contacts:approve`, not its creator)",
                    &[403, 409],
                ),
                "active" => (
                    "activate_contact",
                    "Activate a contact (not a rejected one)",
                    &[409],
                ),
                _ => ("deactivate_contact", "Deactivate a contact", &[409]),
            };
            Op {
                id,
                summary,
                tag: "contacts",
                body: Some((s.of::<ActionBody>(), false)),
                ok: (200, Some(s.of::<Expanded>()), true),
                errors,
            }
        }
        (Route::ContactProps(_), Get) => get(
            "get_props",
            "A contact's props, sorted by key",
            "props",
            s.of::<Props>(),
        ),
        (Route::ContactProps(_), Put) => Op {
            id: "put_props",
            summary: "Upsert props by key; answers the whole list",
            tag: "props",
            body: Some((s.of::<PropsUpsert>(), true)),
            ok: (200, Some(s.of::<Props>()), false),
            errors: &[409],
        },
        (Route::ContactProps(_), Delete) => Op {
            id: "delete_props",
            summary: "Remove props: `keys=a,b`, or `all=true`",
            tag: "props",
            body: None,
            ok: (204, None, false),
            errors: &[409],
        },
        (Route::Documents(docs), Get) => {
            let (id, summary, page) = match docs {
                Docs::Addresses => ("list_addresses", "List addresses", s.page::<Address>()),
                Docs::Banks => ("list_banks", "List bank accounts", s.page::<Bank>()),
                Docs::Relations => ("list_relations", "List relations", s.page::<Relation>()),
            };
            list(id, summary, docs.path(), page)
        }
        (Route::Documents(docs), Post) => {
            let (id, summary, body, out) = match docs {
                Docs::Addresses => (
                    "create_address",
                    "Add an address to a contact",
                    s.of::<NewAddress>(),
                    s.of::<Address>(),
                ),
                Docs::Banks => (
                    "create_bank",
                    "Add a bank account to a contact",
                    s.of::<NewBank>(),
                    s.of::<Bank>(),
                ),
                Docs::Relations => (
                    "create_relation",
                    "Relate a contact to another",
                    s.of::<NewRelation>(),
                    s.of::<Relation>(),
                ),
            };
            Op {
                id,
                summary,
                tag: docs.path(),
                body: Some((body, true)),
                ok: (201, Some(out), true),
                errors: &[409],
            }
        }
        (Route::Document(docs, _), Get) => {
            let (id, out) = match docs {
                Docs::Addresses => ("get_address", s.of::<Address>()),
                Docs::Banks => ("get_bank", s.of::<Bank>()),
                Docs::Relations => ("get_relation", s.of::<Relation>()),
            };
            get(id, "Retrieve one", docs.path(), out)
        }
        (Route::Document(docs, _), Patch) => {
            let (id, body, out) = match docs {
                Docs::Addresses => ("update_address", s.of::<AddressPatch>(), s.of::<Address>()),
                Docs::Banks => ("update_bank", s.of::<BankPatch>(), s.of::<Bank>()),
                Docs::Relations => ("update_relation", s.of::<RelationPatch>(), s.of::<Relation>()),
            };
            Op {
                id,
                summary: "Update one (a JSON merge patch: `null` clears a field)",
                tag: docs.path(),
                body: Some((body, true)),
                ok: (200, Some(out), true),
                errors: &[409],
            }
        }
        (Route::Document(docs, _), Delete) => Op {
            id: match docs {
                Docs::Addresses => "delete_address",
                Docs::Banks => "delete_bank",
                Docs::Relations => "delete_relation",
            },
            summary: "Delete one",
            tag: docs.path(),
            body: None,
            ok: (204, None, false),
            errors: &[409],
        },
        (route, method) => panic!("{route:?} allows {method:?} but the document does not describe it"),
    };
    build(route, method, op, s)
}

fn list(id: &'static str, summary: &'static str, tag: &'static str, page: RefOr<Schema>) -> Op {
    Op {
        id,
        summary,
        tag,
        body: None,
        ok: (200, Some(page), false),
        errors: &[],
    }
}

fn get(id: &'static str, summary: &'static str, tag: &'static str, out: RefOr<Schema>) -> Op {
    Op {
        id,
        summary,
        tag,
        body: None,
        ok: (200, Some(out), true),
        errors: &[],
    }
}

fn build(route: Route<'_>, method: &Method, op: Op, s: &mut Schemas) -> utoipa::openapi::path::Operation {
    let mut b = OperationBuilder::new()
        .operation_id(Some(op.id))
        .summary(Some(op.summary))
        .tag(op.tag);
    let template = route.template();
    if template.contains("{id}") {
        b = b.parameter(
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some(ID_PATTERN)),
                )),
        );
    }
    for name in query_params(route, method) {
        let (schema, description) = query_param(route, name, s);
        b = b.parameter(
            ParameterBuilder::new()
                .name(*name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(description))
                .schema(Some(schema)),
        );
    }
    let writes = matches!(method, Method::Patch | Method::Put | Method::Delete);
    if writes {
        b = b.parameter(header_param(
            "If-Match",
            "the `ETag` (version) the write expects (`\"3\"`, `W/\"3\"`, a list, or `*`); `412` when \
             the resource has moved on",
            ObjectBuilder::new().schema_type(Type::String),
        ));
    }
    if *method == Method::Post {
        b = b.parameter(header_param(
            "Idempotency-Key",
            "printable ASCII; a repeat within 24 h replays the first answer and writes nothing",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                // HTTP trims spaces around a header value, so only a blank key is refused for them.
                .pattern(Some(r"^[ -~]*[!-~][ -~]*$")),
        ));
    }
    if let Some((schema, required)) = op.body {
        let required = if required { Required::True } else { Required::False };
        b = b.request_body(Some(
            RequestBodyBuilder::new()
                .content(JSON, ContentBuilder::new().schema(Some(schema)).build())
                .required(Some(required))
                .build(),
        ));
    }
    let (status, out, etag) = op.ok;
    let mut ok = ResponseBuilder::new().description(match status {
        201 => "Created",
        204 => "No content",
        _ => "OK",
    });
    if let Some(out) = out {
        ok = ok.content(JSON, ContentBuilder::new().schema(Some(out)).build());
    }
    if etag {
        ok = ok.header("ETag", string_header("the resource's version, for `If-Match`"));
    }
    b = b.response(status.to_string(), ok);
    // The errors an operation of this kind can answer, then its own.
    let mut errors = vec![400];
    if route.needs_auth() {
        errors.extend([401, 429, 503]);
    }
    if template.contains("{id}") {
        errors.push(404);
    }
    if op_has_body(method) {
        errors.extend([413, 415]);
    }
    if writes {
        errors.push(412);
    }
    errors.extend(op.errors);
    errors.sort_unstable();
    errors.dedup();
    for status in errors {
        b = b.response(
            status.to_string(),
            RefOr::Ref(Ref::from_response_name(error_name(status))),
        );
    }
    if !route.needs_auth() {
        b = b.securities(Some(Vec::<SecurityRequirement>::new()));
    }
    b.build()
}

/// POST, PUT and PATCH read a body (even the ones whose body is optional).
fn op_has_body(method: &Method) -> bool {
    matches!(method, Method::Post | Method::Put | Method::Patch)
}

/// Every error status an operation may answer; each is one shared response in `components`.
const ERRORS: &[u16] = &[400, 401, 403, 404, 409, 412, 413, 415, 429, 503];

fn error_name(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        429 => "TooManyRequests",
        503 => "Unavailable",
        other => panic!("{other} is not in ERRORS"),
    }
}

fn error_description(status: u16) -> &'static str {
    match status {
        400 => "Invalid body or query: `errors` names every bad field",
        401 => "Missing, invalid or expired token",
        403 => "Missing scope, or the approver created the contact",
        404 => "No such record in the caller's tenant",
        409 => "Conflict: a unique field, a resource in use, an invalid transition, a concurrent write or a reused Idempotency-Key",
        412 => "`If-Match` names another version",
        413 => "Body over 1 MiB",
        415 => "A body that is not JSON",
        429 => "The tenant's request budget is spent",
        503 => "Storage unavailable; retry",
        _ => "Error",
    }
}

fn string_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .description(Some(description))
        .build()
}

fn header_param(name: &str, description: &str, schema: ObjectBuilder) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

/// A comma list of items of one pattern.
fn comma_list(item: &str, description: &'static str) -> (RefOr<Schema>, &'static str) {
    (
        string().pattern(Some(format!("^{item}(,{item})*$"))).into(),
        description,
    )
}

fn enum_ref<T: ToSchema>(s: &mut Schemas) -> RefOr<Schema> {
    s.of::<T>()
}

/// The schema and description of one query parameter. Panics for a parameter a handler parses but this
/// function does not know, so a new parameter cannot go undocumented.
fn query_param(route: Route<'_>, name: &str, s: &mut Schemas) -> (RefOr<Schema>, &'static str) {
    let integer = |max: u64| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1))
            .maximum(Some(max))
    };
    let instant = || -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(string().format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Date,
            ))))
            .item(string().format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::DateTime,
            ))))
            .into()
    };
    let printable = |max: usize| {
        string()
            .min_length(Some(1))
            .max_length(Some(max))
            .pattern(Some(r"^[^\x00-\x1f\x7f-\x9f]*$"))
    };
    match (route, name) {
        (_, "page") => (integer(1_000_000_000).into(), "1-based page number (default 1)"),
        (_, "page_size") => (integer(100).into(), "rows per page, 1..=100 (default 20)"),
        (Route::Namespaces, "search") => (printable(100).into(), "case-insensitive substring of the name"),
        (Route::Contacts, "search") => (
            printable(100).into(),
            "case-insensitive substring of the name or ref_id",
        ),
        (Route::Documents(Docs::Addresses), "search") => (
            printable(100).into(),
            "case-insensitive substring of address_line, city, state, country or pincode",
        ),
        (Route::Documents(Docs::Banks), "search") => (
            printable(100).into(),
            "case-insensitive substring of bank_name, account_holder_name or ifsc",
        ),
        (_, "created_at_after") => (
            instant(),
            "created on or after: a date `YYYY-MM-DD` (that whole UTC day) or an RFC 3339 instant",
        ),
        (_, "created_at_before") => (
            instant(),
            "created on or before: a date `YYYY-MM-DD` (that whole UTC day) or an RFC 3339 instant",
        ),
        (_, "namespace") => (printable(50).into(), "a namespace name or id"),
        (_, "status") => (enum_ref::<ContactStatus>(s), "only contacts of this status"),
        (Route::Contacts, "type") => (enum_ref::<ContactType>(s), "only contacts of this type"),
        (Route::Documents(Docs::Relations), "type") => {
            (enum_ref::<RelationType>(s), "only relations of this type")
        }
        (_, "approval_status") => (
            enum_ref::<ApprovalStatus>(s),
            "only contacts in this approval state",
        ),
        (_, "tags") => comma_list(
            r"[^,\x00-\x1f\x7f-\x9f]{1,50}",
            "comma-separated; a row must carry every tag listed",
        ),
        (_, "expand") => comma_list("(addresses|banks|relations)", "embed these sub-resources"),
        (_, "contact") => (text_rule(&text::ID, false).into(), "only rows of this contact"),
        (_, "related_contact") => (id().into(), "only relations to this contact"),
        (_, "keys") => comma_list(r"[^,\x00-\x1f\x7f-\x9f]{1,100}", "the prop keys to remove"),
        (_, "all") => (
            string().enum_values(Some(["true"])).into(),
            "`true` removes every prop",
        ),
        (Route::Health, "db") => (
            string().enum_values(Some(["1"])).into(),
            "`1` also runs one trivial D1 query",
        ),
        (route, name) => panic!(
            "{} parses the query parameter {name:?}, which the document does not describe",
            route.template()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn doc() -> Value {
        serde_json::from_str(&json()).expect("the document is JSON")
    }

    #[test]
    fn the_committed_document_is_the_generated_one() {
        let committed = include_str!("../../worker/openapi.json");
        assert!(
            committed == json(),
            "worker/openapi.json is out of date with the types: run `make openapi` and commit it"
        );
    }

    #[test]
    fn every_route_and_method_is_described_and_nothing_else() {
        let doc = doc();
        let paths = doc["paths"].as_object().expect("paths");
        let mut described = 0;
        for template in TEMPLATES {
            let path = template.replace("{id}", ID_EXAMPLE);
            let route = Route::resolve(&path).expect("resolves");
            let item = paths
                .get(*template)
                .unwrap_or_else(|| panic!("{template} is missing"));
            for method in route.method_names() {
                let op = &item[method.to_ascii_lowercase()];
                assert!(op.is_object(), "{method} {template} is missing");
                let bad = &op["responses"]["400"]["$ref"];
                assert_eq!(bad, "#/components/responses/BadRequest", "{method} {template}");
                described += 1;
            }
            let methods = item.as_object().expect("path item").len();
            assert_eq!(
                methods,
                route.methods().len(),
                "{template} describes other methods"
            );
        }
        assert_eq!(paths.len(), TEMPLATES.len());
        assert!(described >= 30, "{described}");
    }

    #[test]
    fn it_is_openapi_3_1_and_every_reference_resolves() {
        let doc = doc();
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        let text = doc.to_string();
        for part in text.split("\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(schemas.contains_key(name), "{name} is referenced but not defined");
        }
        for name in [
            "Problem",
            "FieldError",
            "NewContact",
            "Namespace",
            "Expanded",
            "Address",
            "Bank",
        ] {
            assert!(schemas.contains_key(name), "{name}");
        }
    }

    #[test]
    fn text_fields_carry_their_rule() {
        let doc = doc();
        let name = &doc["components"]["schemas"]["NewContact"]["properties"]["name"];
        assert_eq!(name["maxLength"], 100);
        assert_eq!(name["pattern"], text::CONTACT_NAME.pattern);
        let required = doc["components"]["schemas"]["NewContact"]["required"]
            .as_array()
            .expect("required");
        for field in ["name", "namespace", "status", "type"] {
            assert!(required.contains(&Value::from(field)), "{field}");
        }
        assert!(!required.contains(&Value::from("tags")));
    }

    #[test]
    fn public_routes_need_no_token_and_the_rest_do() {
        let doc = doc();
        assert_eq!(doc["paths"]["/health"]["get"]["security"], serde_json::json!([]));
        assert_eq!(
            doc["paths"]["/openapi.json"]["get"]["security"],
            serde_json::json!([])
        );
        assert!(doc["paths"]["/contacts/"]["get"].get("security").is_none());
        assert_eq!(doc["security"], serde_json::json!([{"bearer": []}]));
        assert!(doc["paths"]["/contacts/"]["get"]["responses"]["401"].is_object());
    }
}
