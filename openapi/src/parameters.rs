//! The parameters of an operation: the record id in its path, the query parameters its endpoint row
//! names (each described here, by operation and name), and the `If-Match` and `Idempotency-Key` headers.

use crego_validation::limits;
use crego_validation::schema::{id, text_rule};
use crego_validation::{text, ApprovalStatus, ContactStatus, ContactType, RelationType};
use crego_worker::routes::endpoints::{Op, PublicOp, TenantOp};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{KnownFormat, RefOr, Required, SchemaFormat};

use crate::schemas::Schemas;

/// A record id in a path (CONTRACT §1).
const ID_PATTERN: &str = r"^[A-Za-z0-9._\-]{8,50}$";

/// The `{id}` of a path.
pub fn path_id() -> Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .schema(Some(string().pattern(Some(ID_PATTERN))))
        .build()
}

pub fn query(op: Op, name: &str, s: &mut Schemas) -> Parameter {
    let (schema, description) = query_param(op, name, s);
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

pub fn if_match() -> Parameter {
    header(
        "If-Match",
        "the `ETag` (version) the write expects (`\"3\"`, `W/\"3\"`, a list, or `*`); `412` when \
         the resource has moved on",
        string(),
    )
}

pub fn idempotency_key() -> Parameter {
    header(
        "Idempotency-Key",
        "printable ASCII; a repeat within 24 h replays the first answer and writes nothing",
        string()
            .min_length(Some(1))
            .max_length(Some(255))
            // HTTP trims spaces around a header value, so only a blank key is refused for them.
            .pattern(Some(r"^[ -~]*[!-~][ -~]*$")),
    )
}

fn header(name: &str, description: &str, schema: ObjectBuilder) -> Parameter {
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

/// The schema and description of one query parameter. Panics for a parameter an endpoint takes but
/// this function does not know, so a new parameter cannot go undocumented (the document's tests fail).
fn query_param(op: Op, name: &str, s: &mut Schemas) -> (RefOr<Schema>, &'static str) {
    use TenantOp::*;
    let integer = |max: u64| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1))
            .maximum(Some(max))
    };
    let instant = || -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))))
            .item(string().format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))))
            .into()
    };
    let printable = |max: usize| {
        string()
            .min_length(Some(1))
            .max_length(Some(max))
            .pattern(Some(r"^[^\x00-\x1f\x7f-\x9f]*$"))
    };
    let tenant_op = match op {
        Op::Tenant(t) => Some(t),
        Op::Public(_) => None,
    };
    match (tenant_op, name) {
        (_, "page") => (integer(limits::PAGE).into(), "1-based page number (default 1)"),
        (Some(ListContacts), "page_size") => (
            integer(limits::PAGE_SIZE).into(),
            "rows per page, 1..=100 (default 20); with `expand`, 1..=20",
        ),
        (_, "page_size") => (
            integer(limits::PAGE_SIZE).into(),
            "rows per page, 1..=100 (default 20)",
        ),
        (Some(ListNamespaces), "search") => (
            printable(limits::SEARCH_CHARS).into(),
            "case-insensitive substring of the name",
        ),
        (Some(ListContacts), "search") => (
            printable(limits::SEARCH_CHARS).into(),
            "case-insensitive substring of the name or ref_id",
        ),
        (Some(ListAddresses), "search") => (
            printable(limits::SEARCH_CHARS).into(),
            "case-insensitive substring of address_line, city, state, country or pincode",
        ),
        (Some(ListBanks), "search") => (
            printable(limits::SEARCH_CHARS).into(),
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
        (_, "namespace") => (
            printable(limits::NAMESPACE_FILTER_CHARS).into(),
            "a namespace name or id",
        ),
        (_, "status") => (s.of::<ContactStatus>(), "only contacts of this status"),
        (Some(ListContacts), "type") => (s.of::<ContactType>(), "only contacts of this type"),
        (Some(ListRelations), "type") => (s.of::<RelationType>(), "only relations of this type"),
        (_, "approval_status") => (s.of::<ApprovalStatus>(), "only contacts in this approval state"),
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
        (None, "db") if op == Op::Public(PublicOp::Health) => (
            string().enum_values(Some(["1"])).into(),
            "`1` also runs one trivial D1 query",
        ),
        (_, name) => {
            panic!("{op:?} takes the query parameter {name:?}, which the document does not describe")
        }
    }
}
