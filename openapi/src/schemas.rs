//! The document's components: the schemas the operations refer to, collected as they are used (with
//! the request bodies closed to unknown fields), and the one shared problem+json response per error
//! status.

use std::collections::BTreeMap;

use crego_validation::fields::SERVER_MANAGED;
use crego_validation::{bank, contact, props};
use crego_worker::domain::list::Envelope;
use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{PartialSchema, ToSchema};

pub const PROBLEM: &str = "application/problem+json";

/// The component schemas, collected as operations use them.
#[derive(Default)]
pub struct Schemas(pub BTreeMap<String, RefOr<Schema>>);

impl Schemas {
    /// A reference to `T`, registering it and every schema it refers to.
    pub fn of<T: ToSchema>(&mut self) -> RefOr<Schema> {
        let mut nested = Vec::new();
        T::schemas(&mut nested);
        self.0.extend(nested);
        self.0.insert(T::name().into_owned(), T::schema());
        RefOr::Ref(Ref::from_schema_name(T::name()))
    }

    /// A list page of `T` (the envelope inline, its `results` referring to `T`), registering `T`.
    pub fn page<T: ToSchema>(&mut self) -> RefOr<Schema> {
        self.of::<T>();
        Envelope::<T>::schema()
    }

    /// Marks the request bodies (`CLOSED`) `additionalProperties: false`, after adding the fields their
    /// check ignores as `readOnly` properties (so that a client may send back what it read). Panics for
    /// a name that is not an object schema here, so the list cannot go stale.
    pub fn close_bodies(&mut self) {
        for (name, ignored) in CLOSED {
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
    ("MergeRequest", &[SERVER_MANAGED]),
    ("UnmergeRequest", &[SERVER_MANAGED]),
    ("DedupeProp", &[]),
    ("DedupeAddress", &[]),
    ("PropsUpsert", &[SERVER_MANAGED, props::UPSERT_IGNORED]),
    ("NewAddress", &[SERVER_MANAGED]),
    ("AddressPatch", &[SERVER_MANAGED]),
    ("Coords", &[]),
    ("NewBank", &[SERVER_MANAGED, bank::READ_ONLY]),
    ("BankPatch", &[SERVER_MANAGED, bank::READ_ONLY]),
    ("NewRelation", &[SERVER_MANAGED]),
    ("RelationPatch", &[SERVER_MANAGED]),
];

/// Every error status an operation may answer; each is one shared response in `components`.
pub const ERRORS: &[u16] = &[400, 401, 403, 404, 409, 412, 413, 415, 429, 503];

pub fn error_name(status: u16) -> &'static str {
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
        403 => "Missing scope; or the approver created the contact or made a material change since its last approval; or the verifier entered the account's number or IFSC",
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

/// The shared response of an error status: the problem+json body, and the headers it carries.
pub fn error_response(status: u16, problem: &RefOr<Schema>) -> Response {
    let mut r = ResponseBuilder::new()
        .description(error_description(status))
        .content(
            PROBLEM,
            ContentBuilder::new().schema(Some(problem.clone())).build(),
        );
    match status {
        401 => r = r.header("WWW-Authenticate", string_header("`Bearer`, with the reason")),
        429 | 503 => r = r.header("Retry-After", string_header("seconds to wait before retrying")),
        _ => {}
    }
    r.build()
}

pub fn string_header(description: &str) -> Header {
    HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .description(Some(description))
        .build()
}
