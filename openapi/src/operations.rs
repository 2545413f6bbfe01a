//! One operation of the document per row of the worker's endpoint table. The row gives the path,
//! method, operation id, tag, summary and query parameters; [`shape`] gives what only types can say (the
//! request body, the success response, the errors of its own). `shape` matches every operation of the
//! table without a wildcard, so an endpoint added without its shape does not compile.

use crego_validation::{
    ActionBody, AddressPatch, BankPatch, ContactPatch, DedupeRequest, MergeRequest, NamespacePatch,
    NewAddress, NewBank, NewContact, NewNamespace, NewRelation, PropsUpsert, RelationPatch, RetentionBody,
    UnmergeRequest,
};
use crego_worker::routes::dedupe::Matches;
use crego_worker::routes::endpoints::{Endpoint, Op, PublicOp, TenantOp, ENDPOINTS};
use crego_worker::routes::expand::Expanded;
use crego_worker::routes::health::Health;
use crego_worker::routes::namespaces::AccountRef;
use crego_worker::routes::pii::Converted;
use crego_worker::routes::props::Props;
use crego_worker::schema::{Address, Bank, HistoryEntry, PiiAccess, Relation};
use crego_worker::store::namespaces::Namespace;
use utoipa::openapi::link::{Link, LinkBuilder};
use utoipa::openapi::path::{Operation, OperationBuilder};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};
use worker::Method;

use crate::parameters;
use crate::schemas::{error_name, string_header, Schemas};

const JSON: &str = "application/json";

/// What an operation takes and answers, beyond its endpoint row.
struct Shape {
    /// The request body and whether it is required.
    body: Option<(RefOr<Schema>, bool)>,
    /// The success status, its body (none for 204) and whether it carries an `ETag`.
    ok: (u16, Option<RefOr<Schema>>, bool),
    /// Error statuses beyond the ones every operation of its kind has (see [`operation`]).
    errors: &'static [u16],
    /// The success may carry `Contact-Approval` (what the write did to its contact's approval).
    approval: bool,
}

/// `shape`, whose success says what the write did to its contact's approval.
fn approval(shape: Shape) -> Shape {
    Shape {
        approval: true,
        ..shape
    }
}

fn list(page: RefOr<Schema>) -> Shape {
    Shape {
        body: None,
        ok: (200, Some(page), false),
        errors: &[],
        approval: false,
    }
}

fn get(out: RefOr<Schema>) -> Shape {
    Shape {
        body: None,
        ok: (200, Some(out), true),
        errors: &[],
        approval: false,
    }
}

/// A write with a required body, answering the resource with its `ETag`.
fn write(body: RefOr<Schema>, status: u16, out: RefOr<Schema>) -> Shape {
    Shape {
        body: Some((body, true)),
        ok: (status, Some(out), true),
        errors: &[409],
        approval: false,
    }
}

fn delete() -> Shape {
    Shape {
        body: None,
        ok: (204, None, false),
        errors: &[409],
        approval: false,
    }
}

/// An action on a contact: an optional body of remarks, the contact back.
fn action(s: &mut Schemas, errors: &'static [u16]) -> Shape {
    Shape {
        body: Some((s.of::<ActionBody>(), false)),
        ok: (200, Some(s.of::<Expanded>()), true),
        errors,
        approval: true,
    }
}

fn shape(op: Op, s: &mut Schemas) -> Shape {
    use TenantOp::*;
    let op = match op {
        Op::Public(PublicOp::Health) => {
            return Shape {
                body: None,
                ok: (200, Some(s.of::<Health>()), false),
                errors: &[503],
                approval: false,
            }
        }
        Op::Public(PublicOp::Openapi) => {
            return Shape {
                body: None,
                ok: (
                    200,
                    Some(ObjectBuilder::new().schema_type(Type::Object).into()),
                    false,
                ),
                errors: &[],
                approval: false,
            }
        }
        Op::Tenant(op) => op,
    };
    match op {
        ListNamespaces => list(s.page::<Namespace>()),
        CreateNamespace => write(s.of::<NewNamespace>(), 201, s.of::<Namespace>()),
        GetNamespace => get(s.of::<Namespace>()),
        UpdateNamespace => write(s.of::<NamespacePatch>(), 200, s.of::<Namespace>()),
        DeleteNamespace => delete(),
        IssueAccountRef => Shape {
            body: Some((
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .max_properties(Some(0))
                    .into(),
                false,
            )),
            ok: (201, Some(s.of::<AccountRef>()), false),
            errors: &[409],
            approval: false,
        },
        ListContacts => list(s.page::<Expanded>()),
        CreateContact => write(s.of::<NewContact>(), 201, s.of::<Expanded>()),
        DedupeContacts => Shape {
            body: Some((s.of::<DedupeRequest>(), true)),
            ok: (200, Some(s.of::<Matches>()), false),
            errors: &[409],
            approval: false,
        },
        GetContact => get(s.of::<Expanded>()),
        UpdateContact => approval(write(s.of::<ContactPatch>(), 200, s.of::<Expanded>())),
        ContactHistory => Shape {
            errors: &[404],
            ..list(s.page::<HistoryEntry>())
        },
        ActivateContact | DeactivateContact | SubmitContact => action(s, &[409]),
        ApproveContact | RejectContact => action(s, &[403, 409]),
        // `contacts:erase` (403); a hold or the retention period, or an erased contact (409).
        SetRetention => approval(Shape {
            errors: &[403, 409],
            ..write(s.of::<RetentionBody>(), 200, s.of::<Expanded>())
        }),
        EraseContact => Shape {
            ok: (200, Some(s.of::<Expanded>()), true),
            ..action(s, &[403, 409])
        },
        ListPiiAccess => Shape {
            errors: &[403, 404],
            ..list(s.page::<PiiAccess>())
        },
        // 409: an Idempotency-Key sent again with another request, as on every POST.
        ConvertPii => Shape {
            body: None,
            ok: (200, Some(s.of::<Converted>()), false),
            errors: &[403, 409],
            approval: false,
        },
        // 403 missing_scope; 409 merged, merge_limit or a lost race; the survivor back, as written.
        MergeContacts => approval(Shape {
            errors: &[403, 409],
            ..write(s.of::<MergeRequest>(), 200, s.of::<Expanded>())
        }),
        // 403 missing_scope; 409 merged, not_merged, changed_since_merge or a lost race.
        UnmergeContact => approval(Shape {
            errors: &[403, 409],
            ..write(s.of::<UnmergeRequest>(), 200, s.of::<Expanded>())
        }),
        GetProps => get(s.of::<Props>()),
        PutProps => Shape {
            body: Some((s.of::<PropsUpsert>(), true)),
            ok: (200, Some(s.of::<Props>()), false),
            errors: &[409],
            approval: true,
        },
        DeleteProps => approval(delete()),
        ListAddresses => list(s.page::<Address>()),
        CreateAddress => approval(write(s.of::<NewAddress>(), 201, s.of::<Address>())),
        GetAddress => get(s.of::<Address>()),
        UpdateAddress => approval(write(s.of::<AddressPatch>(), 200, s.of::<Address>())),
        DeleteAddress => approval(delete()),
        ListBanks => list(s.page::<Bank>()),
        // Recording a verification outcome is a verifier's (403 missing_scope, self_verification).
        CreateBank => approval(Shape {
            errors: &[403, 409],
            ..write(s.of::<NewBank>(), 201, s.of::<Bank>())
        }),
        GetBank => get(s.of::<Bank>()),
        UpdateBank => approval(Shape {
            errors: &[403, 409],
            ..write(s.of::<BankPatch>(), 200, s.of::<Bank>())
        }),
        DeleteBank => approval(delete()),
        ListRelations => list(s.page::<Relation>()),
        CreateRelation => approval(write(s.of::<NewRelation>(), 201, s.of::<Relation>())),
        GetRelation => get(s.of::<Relation>()),
        UpdateRelation => approval(write(s.of::<RelationPatch>(), 200, s.of::<Relation>())),
        DeleteRelation => approval(delete()),
    }
}

pub use crego_worker::routes::endpoints::operation_id;

/// The links of a create (a `POST` to a template without an id) to every operation that takes the id
/// of what it created: the endpoints whose template continues its own with `{id}/`. A stateful client
/// (schemathesis) follows them from each `201` to the new record.
fn links(endpoint: &Endpoint) -> Vec<(String, Link)> {
    if endpoint.method != Method::Post || endpoint.template.contains("{id}") {
        return Vec::new();
    }
    let below = format!("{}{{id}}/", endpoint.template);
    ENDPOINTS
        .iter()
        .filter(|e| e.template.starts_with(&below))
        .map(|e| {
            let id = operation_id(e.op);
            let link = LinkBuilder::new()
                .operation_id(id.clone())
                .parameter("path.id", "$response.body#/id")
                .description(format!("`{{id}}` of {} is the created record's `id`", e.template))
                .build();
            (id, link)
        })
        .collect()
}

/// The operation of one endpoint row.
pub fn operation(endpoint: &Endpoint, s: &mut Schemas) -> Operation {
    let shape = shape(endpoint.op, s);
    let mut b = OperationBuilder::new()
        .operation_id(Some(operation_id(endpoint.op)))
        .summary(Some(endpoint.summary))
        .tag(endpoint.resource);
    let has_id = endpoint.template.contains("{id}");
    if has_id {
        b = b.parameter(parameters::path_id());
    }
    for name in endpoint.query {
        b = b.parameter(parameters::query(endpoint.op, name, s));
    }
    let method = &endpoint.method;
    let writes = matches!(method, Method::Patch | Method::Put | Method::Delete);
    if writes {
        b = b.parameter(parameters::if_match());
    }
    if *method == Method::Post {
        b = b.parameter(parameters::idempotency_key());
    }
    if let Some((schema, required)) = shape.body {
        let required = if required { Required::True } else { Required::False };
        b = b.request_body(Some(
            RequestBodyBuilder::new()
                .content(JSON, ContentBuilder::new().schema(Some(schema)).build())
                .required(Some(required))
                .build(),
        ));
    }
    let (status, out, etag) = shape.ok;
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
    for (name, link) in links(endpoint) {
        ok = ok.link(name, link);
    }
    if shape.approval {
        ok = ok.header(
            "Contact-Approval",
            string_header(
                "`reset`: the contact was approved and this material change sent it back to `pending`; \
                 `kept`: it was approved and stays so; absent when it was not approved",
            ),
        );
    }
    b = b.response(status.to_string(), ok);
    // The errors an operation of this kind can answer, then its own.
    let mut errors = vec![400];
    if !endpoint.is_public() {
        errors.extend([401, 429, 503]);
    }
    if has_id {
        errors.push(404);
    }
    // POST, PUT and PATCH read a body (even the ones whose body is optional).
    if matches!(method, Method::Post | Method::Put | Method::Patch) {
        errors.extend([413, 415]);
    }
    if writes {
        errors.push(412);
    }
    errors.extend(shape.errors);
    errors.sort_unstable();
    errors.dedup();
    for status in errors {
        b = b.response(
            status.to_string(),
            RefOr::Ref(Ref::from_response_name(error_name(status))),
        );
    }
    if endpoint.is_public() {
        b = b.securities(Some(Vec::<SecurityRequirement>::new()));
    }
    b.build()
}
